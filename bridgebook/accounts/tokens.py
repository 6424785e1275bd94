"""Sign-in tokens, and the email or text that carries one.

A token holds only hashes of its link secret and code: the secrets exist in the message
and nowhere else. ``send_sign_in_message`` runs in the ``send_family_sign_in`` task, after
the action that asked for it (``actions.do_request_family_sign_in``,
``actions.do_invite_contact``) has committed; this module imports neither, so the task
imports it and the actions import the task, without a cycle.
"""

import datetime
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from bridgebook.accounts.models import SignInToken, digest
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.backends.base import send_sms
from bridgebook.people.models import Contact

INVITATION_DAYS = 7


def issue_token(*, contact: Contact, channel: str, address: str, purpose: str
                ) -> tuple[SignInToken, str, str]:
    """Make a token; returns it with the plain link secret and code (never stored)."""
    link_secret = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(1_000_000):06d}"
    if purpose == "invitation":
        lifetime = datetime.timedelta(days=INVITATION_DAYS)
    else:
        lifetime = datetime.timedelta(minutes=settings.BRIDGEBOOK_FAMILY_LINK_MINUTES)
    token = SignInToken.objects.create(
        contact=contact, channel=channel, address=address,
        link_hash=digest(link_secret), code_hash=digest(code),
        expires_at=timezone.now() + lifetime,
    )
    return token, link_secret, code


def send_sign_in_message(*, contact: Contact, channel: str, address: str, purpose: str) -> None:
    """Make a fresh token and send its link and code, in the contact's language where the
    interface has it. A text goes through ``send_sms``, which cleans it for GSM-7 as every
    text is (a school name pasted with a curly apostrophe would otherwise double its cost).

    A sign-in message (not an invitation, which the inviter's action audits) is audited,
    with no actor: whoever asked for it was not signed in."""
    token, link_secret, code = issue_token(contact=contact, channel=channel, address=address,
                                           purpose=purpose)
    link = settings.BRIDGEBOOK_BASE_URL + reverse("accounts:family_link", args=[link_secret])
    context = {"contact": contact, "link": link, "code": code, "purpose": purpose,
               "minutes": settings.BRIDGEBOOK_FAMILY_LINK_MINUTES, "days": INVITATION_DAYS,
               "school": contact.school}
    with translation.override(_interface_language(contact.language)):
        if channel == SignInToken.Channel.EMAIL:
            subject = _plain_text("emails/sign-in-subject.txt", context).strip()
            body = _plain_text("emails/sign-in-body.txt", context)
            send_mail(subject, body, None, [address])
        else:
            body = _plain_text("emails/sign-in-sms.txt", context).strip()
            send_sms(to=address, body=body)
    if purpose != "invitation":
        audit.record(actor=None, action=AuditEvent.Action.CREATE, obj=token,
                     school=contact.school,
                     summary=f"Sent a sign-in link and code to {contact.full_name} by "
                             f"{channel}")


def _plain_text(template_name: str, context: dict) -> str:
    """A plain-text template, rendered without HTML escaping: "St Mary's" in an email or a
    text stays "St Mary's", not "St Mary&#x27;s"."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def _interface_language(code: str) -> str:
    available = {language for language, _name in settings.LANGUAGES}
    return code if code in available else settings.LANGUAGE_CODE
