"""Staff sign in with a password and a TOTP code; failures are throttled."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bridgebook.core.models import AuditEvent

PASSWORD = "correct horse battery"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _password_step(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("accounts:sign_in"), {"email": email, "password": password})


def test_password_then_code_signs_in(world):
    device = TOTPDevice.objects.create(user=world.class_teacher, name="phone", confirmed=True)
    client = Client()
    response = _password_step(client, world.class_teacher.email)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor")
    # Until the code is given, every other page sends them back to the code page.
    assert client.get(reverse("people:pupils", args=[world.school.urn])).url == reverse(
        "accounts:two_factor")
    response = client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert "Class A" in page.content.decode()
    assert AuditEvent.objects.filter(actor=world.class_teacher,
                                     action=AuditEvent.Action.SIGN_IN).exists()


def test_wrong_code_is_refused_with_a_message(world):
    TOTPDevice.objects.create(user=world.principal, name="phone", confirmed=True)
    client = Client()
    _password_step(client, world.principal.email)
    response = client.post(reverse("accounts:two_factor"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert client.get(reverse("core:audit", args=[world.school.urn])).status_code == 302


def test_first_sign_in_sets_up_an_authenticator(world):
    client = Client()
    response = _password_step(client, world.office.email)
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:two_factor_setup")
    content = response.content.decode()
    assert "<svg" in content
    device = TOTPDevice.objects.get(user=world.office)
    assert not device.confirmed
    response = client.post(reverse("accounts:two_factor_setup"), {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("people:contacts", args=[world.school.urn])).status_code != 302


def test_setting_up_an_authenticator_is_a_sign_in_and_audited(world):
    """The first sign-in with a second factor is the setting up of the authenticator: the
    audit log has it as it has every later one."""
    client = Client()
    _password_step(client, world.office.email)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=world.office)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN).exists()
    client.post(reverse("accounts:two_factor_setup"), {"code": _code(device)})
    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert event.actor == world.office
    assert "set up an authenticator app" in event.summary


def test_second_factor_can_be_switched_off(world, settings):
    settings.BRIDGEBOOK_STAFF_2FA = False
    client = Client()
    response = _password_step(client, world.class_teacher.email)
    assert response.url == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_does_not_say_which_part_was_wrong(world):
    client = Client()
    response = _password_step(client, world.class_teacher.email, "wrong password!")
    assert response.status_code == 200
    assert "The email address or password is not right" in response.content.decode()
    response = _password_step(client, "nobody-here@example.org", "wrong password!")
    assert "The email address or password is not right" in response.content.decode()


def test_failed_sign_ins_are_throttled(world):
    client = Client()
    for _attempt in range(5):
        _password_step(client, world.class_teacher.email, "wrong password!")
    # Now even the right password is refused until the cool-off has passed.
    response = _password_step(client, world.class_teacher.email)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_demo_mode_shows_the_current_code(world, settings):
    settings.BRIDGEBOOK_DEMO = True
    device = TOTPDevice.objects.create(user=world.senco, name="phone", confirmed=True)
    client = Client()
    _password_step(client, world.senco.email)
    content = client.get(reverse("accounts:two_factor")).content.decode()
    assert _code(device) in content


def test_sign_out_needs_post(world, client_for):
    client = client_for(world.principal)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("accounts:account")).status_code == 302


@pytest.mark.parametrize("name", ["principal", "parent"])
def test_account_page(world, client_for, name):
    user = getattr(world, name)
    response = client_for(user).get(reverse("accounts:account"))
    assert response.status_code == 200
    assert user.email in response.content.decode()


def test_account_page_needs_sign_in(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))


def test_an_htmx_request_after_the_session_ended_takes_the_whole_page_to_sign_in(world):
    """A page polling with htmx (the unread badge, a PDF being made) whose session has
    ended is sent to sign in as a whole page, not given a sign-in page to swap in."""
    badge = reverse("messaging:unread_badge")
    polled = Client().get(badge, HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and polled["HX-Redirect"].startswith(
        reverse("accounts:sign_in"))
    # Without htmx, the ordinary redirect.
    plain = Client().get(badge)
    assert plain.status_code == 302 and plain["Location"].startswith(reverse("accounts:sign_in"))
