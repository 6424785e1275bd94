"""Signing in, run through ``verify_action``: a family member's link or code, and a member
of staff's second factor, each audited as a sign-in by the person signing in."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bridgebook.accounts import actions
from bridgebook.accounts.models import SignInToken
from bridgebook.accounts.tokens import issue_token
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action

Action = AuditEvent.Action


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _token(world):
    return issue_token(contact=world.parent_contact, channel=SignInToken.Channel.EMAIL,
                       address=world.parent_contact.email, purpose="sign_in")


def test_a_sign_in_link_signs_in_once(world):
    token, link_secret, _code_ = _token(world)
    with verify_action(actor=world.parent, event_type=Action.SIGN_IN) as result:
        user = actions.do_redeem_link(link_secret=link_secret)
    assert user == world.parent
    assert result.audit_events[-1].school == world.school
    token.refresh_from_db()
    assert token.used_at is not None
    assert actions.do_redeem_link(link_secret=link_secret) is None


def test_a_sign_in_code_signs_in(world):
    token, _link, code = _token(world)
    with verify_action(actor=world.parent, event_type=Action.SIGN_IN) as result:
        user = actions.do_redeem_code(address=world.parent_contact.email, code=code)
    assert user == world.parent
    assert result.audit_events[-1].summary.endswith("signed in with a one-time link or code")


def test_a_second_factor_signs_staff_in(world):
    device = TOTPDevice.objects.create(user=world.class_teacher, name="phone", confirmed=True)
    with verify_action(actor=world.class_teacher, event_type=Action.SIGN_IN) as result:
        assert actions.do_verify_second_factor(user=world.class_teacher, device=device,
                                               code=_code(device))
    assert result.audit_events[-1].summary.endswith("signed in with a second factor")


def test_confirming_an_authenticator_signs_staff_in(world):
    device = TOTPDevice.objects.create(user=world.office, name="phone", confirmed=False)
    with verify_action(actor=world.office, event_type=Action.SIGN_IN) as result:
        assert actions.do_confirm_authenticator(user=world.office, device=device,
                                                code=_code(device))
    assert "set up an authenticator app" in result.audit_events[-1].summary
    device.refresh_from_db()
    assert device.confirmed
