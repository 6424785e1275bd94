"""Families sign in without a password: a one-time link or code by email or SMS."""

import datetime
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgebook.accounts.models import SignInToken
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.models import OutboxMessage
from bridgebook.messaging.sms import is_gsm7


def _ask(client: Client, address: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:family_sign_in"), {"address": address})


@pytest.fixture
def sent(mailoutbox):
    """Every message sent so far, email (Django's test outbox) and SMS (the local outbox)."""

    def messages() -> list[Sent]:
        emails = [Sent("email", ", ".join(m.to), m.subject, m.body) for m in mailoutbox]
        texts = [Sent("sms", m.to, "", m.body)
                 for m in OutboxMessage.objects.filter(channel="sms").order_by("id")]
        return emails + texts

    return messages


@dataclass
class Sent:
    channel: str
    to: str
    subject: str
    body: str


def _code_in(message: Sent) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _link_in(message: Sent) -> str:
    return re.search(r"(/accounts/family/link/[^/\s]+/)", message.body).group(1)


def test_email_code_signs_in_once(world, django_capture_on_commit_callbacks, sent):
    client = Client()
    response = _ask(client, "Layla@Family.example", django_capture_on_commit_callbacks)
    assert response.url == reverse("accounts:family_code")
    message = sent()[-1]
    assert message.channel == "email" and message.to == "layla@family.example"
    code = _code_in(message)
    response = client.post(reverse("accounts:family_code"), {"code": code})
    assert response.status_code == 302
    home = client.get(reverse("core:home")).content.decode()
    assert world.pupil.display_name in home
    assert AuditEvent.objects.filter(actor=world.parent, action="sign_in").exists()
    # The same code does not work twice.
    other = Client()
    session = other.session
    session["bridgebook_family_address"] = "layla@family.example"
    session.save()
    response = other.post(reverse("accounts:family_code"), {"code": code})
    assert response.status_code == 200
    assert "That code is not right or has expired" in response.content.decode()


def test_sms_link_signs_in_after_one_press(world, django_capture_on_commit_callbacks, sent):
    client = Client()
    _ask(client, "07700 900002", django_capture_on_commit_callbacks)
    message = sent()[-1]
    assert message.channel == "sms" and message.to == "+447700900002"
    link = _link_in(message)
    # Opening the link (as an email scanner would) does not use it up.
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert world.pupil.display_name in client.get(reverse("core:home")).content.decode()
    assert Client().post(link).status_code == 410


def test_first_sign_in_creates_the_family_account(world, django_capture_on_commit_callbacks,
                                                  sent):
    contact = world.parent_contact
    contact.user.delete()
    contact.refresh_from_db()
    assert contact.user is None
    client = Client()
    _ask(client, contact.email, django_capture_on_commit_callbacks)
    client.post(reverse("accounts:family_code"), {"code": _code_in(sent()[-1])})
    contact.refresh_from_db()
    assert contact.user is not None
    assert contact.user.email == contact.email


def test_unknown_and_known_addresses_get_the_same_answer(world, django_capture_on_commit_callbacks,
                                                          sent):
    known = _ask(Client(), "layla@family.example", django_capture_on_commit_callbacks)
    before = len(sent())
    unknown = _ask(Client(), "stranger@example.org", django_capture_on_commit_callbacks)
    assert len(sent()) == before
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    page_known = Client()
    # The page after asking reads the same whatever the address.
    for address in ["layla@family.example", "stranger@example.org"]:
        session = page_known.session
        session["bridgebook_family_address"] = address
        session.save()
        text = page_known.get(reverse("accounts:family_code")).content.decode()
        assert "If " + address in text


def test_restricted_contact_is_sent_nothing(world, django_capture_on_commit_callbacks, sent):
    before = len(sent())
    _ask(Client(), "rex@family.example", django_capture_on_commit_callbacks)
    assert len(sent()) == before


def test_code_expires(world, django_capture_on_commit_callbacks, sent):
    client = Client()
    _ask(client, "omar@family.example", django_capture_on_commit_callbacks)
    code = _code_in(sent()[-1])
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = client.post(reverse("accounts:family_code"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_codes_use_up_the_token(world, django_capture_on_commit_callbacks, settings, sent):
    client = Client()
    _ask(client, "omar@family.example", django_capture_on_commit_callbacks)
    code = _code_in(sent()[-1])
    wrong = "000000" if code != "000000" else "111111"
    for _attempt in range(settings.BRIDGEBOOK_FAMILY_CODE_ATTEMPTS):
        client.post(reverse("accounts:family_code"), {"code": wrong})
    response = client.post(reverse("accounts:family_code"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_requests_are_rate_limited(world, django_capture_on_commit_callbacks, settings, sent):
    client = Client()
    for _attempt in range(settings.BRIDGEBOOK_FAMILY_REQUESTS_PER_HOUR + 3):
        response = _ask(client, "layla@family.example", django_capture_on_commit_callbacks)
        assert response.status_code == 302  # the answer never changes
    to_layla = [message for message in sent() if message.to == "layla@family.example"]
    assert len(to_layla) == settings.BRIDGEBOOK_FAMILY_REQUESTS_PER_HOUR


@pytest.mark.parametrize("address", ["not an address", "01632 960 001", "layla@", ""])
def test_bad_addresses_get_a_clear_message(db, address):
    response = Client().post(reverse("accounts:family_sign_in"), {"address": address})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_address"' in content


def test_tokens_store_only_hashes(world, django_capture_on_commit_callbacks, sent):
    _ask(Client(), "layla@family.example", django_capture_on_commit_callbacks)
    message = sent()[-1]
    token = SignInToken.objects.get()
    assert _code_in(message) not in token.code_hash
    assert _link_in(message).split("/")[-2] not in token.link_hash


def test_staff_invite_a_contact(world, client_for, django_capture_on_commit_callbacks, sent):
    client = client_for(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invite_contact",
                                       args=[world.separated_contact.pk]))
    assert response.status_code == 302
    message = sent()[-1]
    assert message.to == "omar@family.example"
    assert "invites you to Bridgebook" in message.subject
    token = SignInToken.objects.get(contact=world.separated_contact)
    assert token.expires_at > timezone.now() + datetime.timedelta(days=6)
    assert AuditEvent.objects.filter(action="invite", actor=world.office).exists()


@pytest.mark.parametrize("name,status", [
    ("class_teacher", 403), ("other_teacher", 404), ("parent", 404), ("outsider", 404),
    ("other_school_staff", 404), ("principal", 302),
])
def test_who_may_invite(world, client_for, name, status):
    response = client_for(getattr(world, name)).post(
        reverse("accounts:invite_contact", args=[world.separated_contact.pk]))
    assert response.status_code == status


def test_invite_needs_post(world, client_for):
    response = client_for(world.office).get(
        reverse("accounts:invite_contact", args=[world.separated_contact.pk]))
    assert response.status_code == 405


def test_a_family_member_lands_in_their_own_language_until_they_choose(
        world, django_capture_on_commit_callbacks, sent):
    """Layla reads Arabic: after signing in, Bridgebook is in Arabic, right to left,
    whatever her phone's browser asks for, until she chooses English herself."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    _ask(client, "layla@family.example", django_capture_on_commit_callbacks)
    client.post(reverse("accounts:family_code"), {"code": _code_in(sent()[-1])})
    home = client.get(reverse("core:home")).content.decode()
    assert '<html lang="ar" dir="rtl"' in home
    client.get(reverse("core:language", args=["en-gb"]), {"next": "/"})
    home = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en-gb" dir="ltr"' in home


def test_a_language_without_an_interface_translation_leaves_the_page_in_english(world):
    world.parent_contact.language = "so"   # Somali: no interface translation yet
    world.parent_contact.save(update_fields=["language"])
    client = signed_in(world.parent, interface_language=None)
    assert '<html lang="en-gb"' in client.get(reverse("core:home")).content.decode()
    # Staff are never switched by a family's language.
    staff = signed_in(world.class_teacher, interface_language=None)
    assert '<html lang="en-gb"' in staff.get(reverse("core:home")).content.decode()


def test_sign_in_texts_are_cleaned_for_gsm7_like_every_text(
        world, client_for, django_capture_on_commit_callbacks, sent):
    """The school's name as a word processor typed it (a curly apostrophe, a non-breaking
    space) would send the invitation as UCS-2, at twice the cost: it goes out as GSM-7."""
    world.school.name = "St Mary\u2019s\u00a0School"
    world.school.save(update_fields=["name"])
    omar = world.separated_contact
    omar.email = ""
    omar.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.office).post(reverse("accounts:invite_contact", args=[omar.pk]))
    invitation = sent()[-1]
    assert invitation.channel == "sms" and invitation.to == omar.mobile
    assert invitation.body.startswith("St Mary's School invites you to Bridgebook.")
    assert is_gsm7(invitation.body)
    # A sign-in code by text, asked for on the sign-in page, too.
    _ask(Client(), "07700 900002", django_capture_on_commit_callbacks)
    code = sent()[-1]
    assert code.channel == "sms" and code.body.startswith("Bridgebook code: ")
    assert is_gsm7(code.body)


def test_each_sign_in_is_audited_by_its_action(world, django_capture_on_commit_callbacks,
                                               sent):
    """The message is audited as it is sent (nobody signed in asked for it), and the sign-in
    with whoever it signed in; an invitation is audited as one, by the inviter."""
    client = Client()
    _ask(client, "omar@family.example", django_capture_on_commit_callbacks)
    message = AuditEvent.objects.get(object_type="signintoken")
    assert (message.actor, message.action, message.school) == (
        None, AuditEvent.Action.CREATE, world.school)
    assert message.summary == "Sent a sign-in link and code to Omar Hassan by email"
    assert _code_in(sent()[-1]) not in message.summary
    client.post(reverse("accounts:family_code"), {"code": _code_in(sent()[-1])})
    signed_in_event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert (signed_in_event.actor, signed_in_event.school) == (world.separated_parent,
                                                               world.school)


def test_names_in_sign_in_messages_are_not_html_escaped(
        world, client_for, django_capture_on_commit_callbacks, sent):
    """Plain-text messages: an apostrophe in a school's or a person's name is an
    apostrophe, not "&#x27;"."""
    world.school.name = "St Mary's School"
    world.school.save(update_fields=["name"])
    omar = world.separated_contact
    omar.first_name = "Seán O'Brien"
    omar.save(update_fields=["first_name"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.office).post(reverse("accounts:invite_contact", args=[omar.pk]))
    email = sent()[-1]
    assert email.subject == "St Mary's School invites you to Bridgebook"
    assert email.body.startswith("Hello Seán O'Brien,")
    assert "St Mary's School uses Bridgebook" in email.body
    assert "&#x27;" not in email.subject + email.body
