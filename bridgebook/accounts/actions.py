"""Signing in: one-time links and codes for families, invitations from staff, and staff's
second factor. Each sign-in is audited here, by the action that decides it.

Asking for a sign-in message or inviting someone enqueues ``tasks.send_family_sign_in``
after commit; the task makes the token and sends it (``tokens.py``), so the secrets exist
only in the message.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bridgebook.accounts.models import SignInToken, digest
from bridgebook.accounts.tasks import send_family_sign_in
from bridgebook.accounts.tokens import issue_token as issue_token  # re-exported for callers
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.people.models import Contact, PupilContact, is_entitled_to_anyone


def _with_address(contacts, address: str):
    """The contacts with this email (in any case) or this mobile (as stored)."""
    if "@" in address:
        return contacts.filter(email__iexact=address)
    return contacts.filter(mobile=address)


def entitled_contacts_for(address: str) -> list[Contact]:
    """Contacts with this email or mobile who are entitled to see at least one pupil."""
    entitled = PupilContact.objects.entitled().values("contact_id")
    contacts = _with_address(Contact.objects.filter(pk__in=entitled), address)
    return list(contacts.select_related("school").order_by("pk"))


def do_request_family_sign_in(*, address: str) -> None:
    """Queue a sign-in message if the address belongs to an entitled contact.

    The caller shows the same answer either way, so nobody learns whether an address is known.
    The message is audited when the task sends it (``tokens.send_sign_in_message``), with
    no actor: whoever asked is not signed in.
    """
    contacts = entitled_contacts_for(address)
    if not contacts:
        _audit_restricted_sign_in(address)
        return
    channel = SignInToken.Channel.EMAIL if "@" in address else SignInToken.Channel.SMS
    contact = contacts[0]
    transaction.on_commit(lambda: send_family_sign_in.enqueue(
        contact_id=contact.pk, channel=channel, address=address, purpose="sign_in"))


class InvitationRefused(Exception):
    """The contact is entitled to no pupil (restricted by a court order for each, or without
    responsibility and not named to receive information): an invitation would tell them
    which school a child attends, so none is sent."""

    def __init__(self, *, restricted: bool):
        super().__init__("restricted" if restricted else "not entitled")
        self.restricted = restricted


def _audit_restricted_sign_in(address: str) -> None:
    """Someone asked to sign in with the address of a contact a court order restricts (and
    who is entitled to no pupil): nothing is sent, and the school's audit log says so."""
    restricted = Contact.objects.filter(pupil_links__is_restricted=True).distinct()
    for contact in _with_address(restricted, address).select_related("school"):
        audit.record(actor=None, action=AuditEvent.Action.REFUSE, obj=contact,
                     summary=f"Did not send a sign-in message to {contact.full_name}: "
                             f"restricted by a court order")


def do_invite_contact(*, contact: Contact, acting_user) -> str | None:
    """Send a contact an invitation to Bridgebook by email, or text if there is no email.

    Returns the channel used, or None when the contact has neither. Raises
    ``InvitationRefused``, after writing an audit row that says so, for a contact entitled to
    no pupil, whoever asks (a page, a command, the shell).
    """
    if not is_entitled_to_anyone(contact.pk):
        restricted = PupilContact.objects.filter(contact=contact, is_restricted=True).exists()
        why = "restricted by a court order" if restricted else "entitled to no pupil"
        audit.record(actor=acting_user, action=AuditEvent.Action.REFUSE, obj=contact,
                     summary=f"Did not invite {contact.full_name} to Bridgebook: {why}")
        raise InvitationRefused(restricted=restricted)
    if contact.email:
        channel, address = SignInToken.Channel.EMAIL, contact.email
    elif contact.mobile:
        channel, address = SignInToken.Channel.SMS, contact.mobile
    else:
        return None
    with transaction.atomic():
        audit.record(actor=acting_user, action=AuditEvent.Action.INVITE, obj=contact,
                     summary=f"Invited {contact.full_name} to Bridgebook by {channel}")
        transaction.on_commit(lambda: send_family_sign_in.enqueue(
            contact_id=contact.pk, channel=channel, address=address, purpose="invitation"))
    return channel


def _user_for(token: SignInToken):
    """The user the token's contact signs in as, linked as well to the contacts with the
    same address at the trust's other schools (a child at each)."""
    contact = token.contact
    if contact.user_id:
        user = contact.user
    else:
        user = _account_for(contact, address=token.address)
        contact.user = user
        contact.save(update_fields=["user"])
    _link_same_address(user=user, contact=contact, address=token.address)
    return user


def _account_for(contact: Contact, *, address: str):
    """The account for a contact signing in for the first time.

    Signed in by email: the account with that email, which may already hold the person's
    contacts at other schools (they have just shown the address is theirs), unless it
    already holds a contact at this school. By text: an account with the contact's email
    that holds no contact yet. Else a new account, with the contact's email where no
    account has it."""
    User = get_user_model()
    email = contact.email or f"contact-{contact.pk}@family.bridgebook.invalid"
    accounts = User.objects.filter(email__iexact=email)
    if "@" in address:
        user = accounts.exclude(contacts__school_id=contact.school_id).first()
    else:
        user = accounts.filter(contacts__isnull=True).first()
    if user is None:
        if accounts.exists():
            email = f"contact-{contact.pk}@family.bridgebook.invalid"
        user = User.objects.create_user(email=email, full_name=contact.full_name)
    return user


def _link_same_address(*, user, contact: Contact, address: str) -> None:
    """Link ``user`` to the entitled contacts at other schools of the contact's trust that
    have the address the token was sent to (so the user has shown they hold it), at most
    one per school. A contact another user already holds is left alone."""
    taken = set(Contact.objects.filter(user=user).values_list("school_id", flat=True))
    others = [other for other in entitled_contacts_for(address)
              if other.user_id is None and other.school.trust_id == contact.school.trust_id]
    for other in others:
        if other.school_id in taken:
            continue
        taken.add(other.school_id)
        # Conditional, so a contact linked meanwhile by someone else stays theirs.
        linked = Contact.objects.filter(pk=other.pk, user__isnull=True).update(user=user)
        if linked:
            audit.record(actor=user, action=AuditEvent.Action.UPDATE, obj=other,
                         summary=f"Linked {other.full_name} to the family account of "
                                 f"{contact.full_name} ({contact.school.name}), by the same "
                                 f"address")


def _claim(token: SignInToken) -> bool:
    """Mark the token used, once: a conditional UPDATE, so two clicks cannot both win."""
    claimed = SignInToken.objects.filter(
        pk=token.pk, used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    return claimed == 1


def do_redeem_link(*, link_secret: str):
    """The user a sign-in link signs in, or None if it is unknown, used or expired."""
    token = SignInToken.objects.select_related("contact", "contact__school").filter(
        link_hash=digest(link_secret)).first()
    if token is None or not token.is_usable:
        return None
    return _signed_in_by(token)


def _signed_in_by(token: SignInToken):
    """Use the token once; the user it signs in (audited, at the school of the user's first
    contact: most families have one school), or None when it was used meanwhile or its
    contact is no longer entitled to any pupil (a court order recorded after it was sent:
    checked now, not only when it was sent)."""
    with transaction.atomic(durable=True):
        if not _claim(token):
            return None
        if not is_entitled_to_anyone(token.contact_id):
            audit.record(actor=None, action=AuditEvent.Action.REFUSE, obj=token.contact,
                         summary=f"Did not sign in {token.contact.full_name}: no longer "
                                 f"entitled to any pupil")
            return None
        user = _user_for(token)
        first = user.contacts.select_related("school").order_by("pk").first()
        audit.record(actor=user, action=AuditEvent.Action.SIGN_IN, obj=user,
                     school=first.school if first is not None else None,
                     summary=f"{user} signed in with a one-time link or code")
        return user


def do_redeem_code(*, address: str, code: str):
    """The user a code signs in, or None. Each token allows a few wrong tries, then dies."""
    token = (SignInToken.objects.select_related("contact", "contact__school")
             .filter(address=address, used_at__isnull=True, expires_at__gt=timezone.now())
             .order_by("-created_at").first())
    if token is None:
        return None
    if token.failed_attempts >= settings.BRIDGEBOOK_FAMILY_CODE_ATTEMPTS:
        return None
    if not secrets.compare_digest(token.code_hash, digest(code.strip())):
        SignInToken.objects.filter(pk=token.pk).update(failed_attempts=F("failed_attempts") + 1)
        return None
    return _signed_in_by(token)


# Staff's second factor -------------------------------------------------------------------

def do_verify_second_factor(*, user, device, code: str) -> bool:
    """Check the code a staff member's authenticator app shows: a right one signs them in
    with their second factor (audited; the view then marks the session verified)."""
    if not device.verify_token(code):
        return False
    audit.record(actor=user, action=AuditEvent.Action.SIGN_IN, obj=user,
                 summary=f"{user} signed in with a second factor")
    return True


@transaction.atomic(durable=True)
def do_confirm_authenticator(*, user, device, code: str) -> bool:
    """Confirm the authenticator app a staff member is setting up with the code it shows
    now: it becomes their second factor and they are signed in with it (audited)."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=user, action=AuditEvent.Action.SIGN_IN, obj=user,
                 summary=f"{user} set up an authenticator app and signed in with it")
    return True
