"""Who may read and write conversations, set working hours and mark a message urgent, and
who may read, and be sent, a message that has been written.

Conversations: staff who can see a pupil (``core.access.visible_pupils``) read and write
in the pupil's conversations; a family member reads and writes in those they are in
(``Conversation.contacts``), while they are entitled to the pupil. Not allowed to read a
conversation means 404, so its existence never leaks; everyone who may read one may write
in it today, so there is no 403 (``can_write_conversation`` is where a rule that ever
differs goes). Only a principal or SENCO may send a message outside working hours at once
(``can_mark_urgent``); only someone with a role at a school has working hours there.

Messages: a message names the children it is about (``Message.pupils``). Whether its
contact may read it is decided when it is read, and again just before each copy is sent,
against who is entitled now (``PupilContact.objects.entitled()``), not only when it was
written: a court order recorded after a message went out hides it from the inbox, its
attachments and every count, and any copy still waiting (an email held until morning, a
retry, a letter) is withdrawn rather than sent.

A message about no child (there are none today) is readable by its contact.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from bridgebook.core.access import (
    STAFF_MANAGER_ROLES,
    access_school,
    contact_id_list,
    viewer_for,
    visible_pupils,
    visible_schools,
)
from bridgebook.core.models import Role, School
from bridgebook.core.registry import site
from bridgebook.messaging.models import Conversation, Delivery, Message
from bridgebook.people.models import PupilContact

WAITING = (Delivery.Status.QUEUED, Delivery.Status.TEMPORARY_FAILURE)
SENIOR_ROLES = frozenset({Role.PRINCIPAL, Role.SENCO})


# Conversations ---------------------------------------------------------------------------

def readable_conversations(user) -> QuerySet[Conversation]:
    """Conversations the user may read: about a pupil they may see, and for a family
    member, only those they are in."""
    viewer = viewer_for(user)
    conversations = Conversation.objects.filter(pupil__in=visible_pupils(user))
    if not viewer.is_staff_member:
        conversations = conversations.filter(contacts__in=viewer.contact_ids)
    return conversations


def can_write_conversation(user, conversation: Conversation) -> bool:
    """Whether someone who may read ``conversation`` may write in it: its pupil's staff
    and the family members it is with, so every reader."""
    viewer = viewer_for(user)
    if viewer.is_staff_member:
        return True
    return viewer.is_family


def access_conversation(user, conversation_id, *, write: bool = False) -> Conversation:
    """A conversation the user may read (else 404), and with ``write`` may write in (else
    403), with its pupil and school."""
    conversation = (readable_conversations(user)
                    .select_related("pupil", "pupil__school", "pupil__school_class", "school")
                    .filter(pk=conversation_id).first())
    if conversation is None:
        raise Http404
    if write and not can_write_conversation(user, conversation):
        raise PermissionDenied
    return conversation


def can_mark_urgent(user, school: School) -> bool:
    """Whether the user may send a message outside working hours at once: a principal or
    SENCO of the school."""
    return bool(viewer_for(user).roles_at(school) & SENIOR_ROLES)


# Staff and family pages ------------------------------------------------------------------

def can_read_staff_inbox(user) -> bool:
    """Staff and trust administrators have an inbox of unread family messages."""
    return viewer_for(user).is_staff_member


def family_contact_ids(user) -> list[int]:
    """The signed-in family member's contacts (one per school where they have a child),
    whose notification choices are theirs to make; anyone else gets 404."""
    viewer = viewer_for(user)
    if not viewer.is_family:
        raise Http404
    return viewer.contact_ids


def can_set_working_hours(user) -> bool:
    """Someone with a role at a school has working hours there (a trust administrator
    without one has none)."""
    return bool(viewer_for(user).roles)


def working_hours_schools(user) -> QuerySet[School]:
    """The schools where the user sets their working hours: those they hold a role at."""
    return visible_schools(user).filter(pk__in=viewer_for(user).school_ids())


def access_working_hours(user, urn: str | None) -> School:
    """The school (by URN, else the user's first) whose working hours the user sets: one
    they hold a role at, else 404."""
    if not can_set_working_hours(user):
        raise Http404
    urn = urn or working_hours_schools(user).values_list("urn", flat=True).first()
    school = access_school(user, urn)
    if school.pk not in viewer_for(user).school_ids():
        raise Http404
    return school


def keeps_working_hours_at(user, school: School) -> bool:
    """Whether the user keeps working hours at ``school`` (holds a role there)."""
    return school.pk in viewer_for(user).school_ids()


def can_change_school_settings(user, school: School) -> bool:
    return viewer_for(user).has_role(school, STAFF_MANAGER_ROLES)


def access_school_settings(user, urn: str) -> School:
    """A school whose messaging settings the user sets: its principal and office, and
    trust administrators. The school's other staff get 403, everyone else 404."""
    return access_school(user, urn, need=STAFF_MANAGER_ROLES)


# Messages --------------------------------------------------------------------------------

@functools.cache
def withheld() -> Exists:
    """True for a message (the outer query's row) about a child its contact is no longer
    entitled to: for annotating or filtering Message querysets.

    Built once per process (a third of a millisecond, on every inbox and landing page):
    Django copies an expression as it puts it in a query, so the same one serves every
    query, and ``~withheld()`` is a negated copy."""
    entitled = PupilContact.objects.entitled().filter(
        pupil_id=OuterRef("pupil_id"), contact_id=OuterRef(OuterRef("contact_id")))
    return Exists(Message.pupils.through.objects.filter(message_id=OuterRef("pk"))
                  .filter(~Exists(entitled)))


def readable_messages(contacts) -> QuerySet[Message]:
    """The messages these contacts (one person's, one per school) may read now: theirs,
    of a kind shown in the inbox (not sign-in codes), and about no child they have
    stopped being entitled to."""
    return (Message.objects.filter(contact_id__in=contact_id_list(contacts))
            .exclude(kind__in=site.unreadable_kinds())
            .filter(~withheld()))


def may_receive(message_id: int) -> bool:
    """Whether a message's contact may still be sent it: one query."""
    return Message.objects.filter(pk=message_id).filter(~withheld()).exists()


def withdraw_unentitled(*, contact_ids) -> int:
    """Withdraw every copy not yet sent of these contacts' messages about a child they are
    no longer entitled to (emails and texts waiting or to be retried, letters not yet
    printed); returns how many. Called in the transaction that records the change, so the
    withdrawal stands or falls with it; the send itself checks again (``may_receive``)."""
    messages = (Message.objects.filter(contact_id__in=list(contact_ids))
                .filter(withheld()).values("pk"))
    now = timezone.now()
    with transaction.atomic():
        return Delivery.objects.filter(message__in=messages, status__in=WAITING).exclude(
            channel=Delivery.Channel.APP).update(
            status=Delivery.Status.WITHDRAWN, next_attempt_at=None, updated_at=now,
            last_error="Withdrawn: the contact is no longer entitled to it")
