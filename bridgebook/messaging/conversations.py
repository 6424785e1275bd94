"""Conversations between a pupil's staff and members of the pupil's entitled family.

Who takes part: staff who can see the pupil (``core.access.visible_pupils``) and the family
members the conversation is with (``Conversation.contacts``), while they are entitled to
information about the pupil. A restricted contact sees nothing and is sent nothing
(``recipients.resolve`` never returns one).

Whose it is: a conversation a family member starts is theirs (with the others of their
household where the school lets parents who live together share them); one staff start is
with the contacts they write to, one conversation per household, so separated parents
never see each other's conversations, their previews or their counts. Who may read and
write in one is decided in ``access.py`` (``access_conversation``).

What happens when someone writes:
- staff: a ``Message(kind=CONVERSATION)`` for each family member the conversation is
  with who is entitled now, in their language, ``source_id`` the conversation message.
  The in-app copy shows at once; email and SMS wait until ``quiet_hours.release_time``
  (the start of the writer's next working period when written outside it, unless a
  senior leader marked it urgent).
- a family member: the pupil's class teachers see an unread badge (``unread_for_staff``);
  nothing is emailed to staff. What they wrote keeps its language (``written_language``),
  and staff read it translated into theirs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateTimeField,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from bridgebook.core.access import viewer_for
from bridgebook.core.models import User
from bridgebook.messaging import quiet_hours
from bridgebook.messaging.access import readable_conversations, readable_messages
from bridgebook.messaging.models import (
    CONVERSATION,
    Conversation,
    ConversationMessage,
    ConversationRead,
    SchoolMessagingSettings,
)
from bridgebook.messaging.recipients import resolve
from bridgebook.people.models import ClassStaff, Contact
from bridgebook.translation.services import translate

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def in_language(text: str, language: str, *, school=None) -> str:
    """The staff member's words for a family reading ``language`` (the active language is
    theirs too): machine-translated where the languages differ, labelled as such, with the
    original below it. Unchanged where there is nothing to translate (same language, no
    translation backend, or the backend is failing)."""
    result = translate(text, target=language, school=school)
    if not result.machine:
        return result.text
    return "\n\n".join([result.text, _("(Translated by machine. What was written:)"), text])


# Selectors -------------------------------------------------------------------------------

def _staff_read_at(user) -> Subquery:
    return Subquery(ConversationRead.objects.filter(conversation=OuterRef("pk"), user=user)
                    .values("read_at")[:1], output_field=DateTimeField())


def _family_unread_ids(contact_ids):
    return (readable_messages(contact_ids).filter(kind=CONVERSATION,
                                                  read_at__isnull=True).values("source_id"))


def pupil_conversations(user, pupil) -> list[Conversation]:
    """The pupil's conversations the user may read, newest first, each with
    ``message_count`` and ``unread`` (for this reader): one query, and for staff one more
    for who each conversation is with."""
    viewer = viewer_for(user)
    rows = (readable_conversations(user).filter(pupil=pupil)
            .select_related("created_by")
            .annotate(message_count=Count("messages", distinct=True)))
    if viewer.is_family:
        rows = rows.annotate(unread=Count("messages", distinct=True, filter=Q(
            messages__pk__in=_family_unread_ids(viewer.contact_ids))))
    else:
        rows = (rows.annotate(read_at=Coalesce(_staff_read_at(user), Value(EPOCH)))
                .prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by(
                    "last_name", "first_name"))))
    conversations = list(rows)
    if not viewer.is_family:
        for conversation in conversations:
            last = conversation.last_family_message_at
            conversation.unread = int(last is not None and last > conversation.read_at)
    return conversations


def thread(conversation: Conversation) -> list[ConversationMessage]:
    """The conversation's messages, oldest first, with their authors: one query."""
    return list(conversation.messages.select_related("author"))


def with_whom(conversation: Conversation) -> list[Contact]:
    """The family members the conversation is with: one query."""
    return list(conversation.contacts.order_by("last_name", "first_name"))


def household_groups(pupil, contact_ids) -> list[list[Contact]]:
    """The pupil's entitled contacts among ``contact_ids``, one list per household (a
    contact with no known household on their own): staff writing to several households
    start one conversation with each. One query."""
    wanted = set(contact_ids)
    groups: dict = {}
    for recipient in resolve([pupil]):
        contact = recipient.contact
        if contact.pk not in wanted:
            continue
        key = contact.household_id or f"contact-{contact.pk}"
        groups.setdefault(key, []).append(contact)
    return list(groups.values())


def family_starters(pupil, contact_id: int, household_id: int | None) -> list:
    """Who a conversation a family member (their contact at the pupil's school, and its
    household) starts is with: them, and where the school lets parents who live together
    share conversations, the others of their household who are entitled to the pupil.
    Contacts or their ids; one or two queries."""
    shared = SchoolMessagingSettings.objects.filter(
        school_id=pupil.school_id, household_conversations=True).exists()
    if not shared or household_id is None:
        return [contact_id]
    return [recipient.contact for recipient in resolve([pupil])
            if recipient.contact.household_id == household_id]


def class_teacher_ids(pupil) -> list[int]:
    if pupil.school_class_id is None:
        return []
    return list(ClassStaff.objects.filter(school_class_id=pupil.school_class_id,
                                          is_class_teacher=True)
                .values_list("user_id", flat=True))


def replier_hours(conversation: Conversation, messages: list[ConversationMessage]) -> list:
    """[(name, "Mon–Fri 8:00–17:00")] for the pupil's class teachers and the staff who
    wrote in the conversation, so families know when to expect a reply: three queries."""
    ids = class_teacher_ids(conversation.pupil)
    ids += [m.author_id for m in messages if not m.from_family and m.author_id not in ids
            and m.author_id is not None]
    hours = quiet_hours.hours_for_users(ids, conversation.school)
    users = User.objects.in_bulk(ids)
    return [(users[user_id].full_name, quiet_hours.describe(hours[user_id]))
            for user_id in ids if user_id in users]


def _staff_unread(user):
    return (Conversation.objects
            .filter(pupil__school_class__memberships__user=user,
                    pupil__school_class__memberships__is_class_teacher=True,
                    last_family_message_at__isnull=False)
            # A pupil a court order keeps from this person: not even a count.
            .exclude(pupil_id__in=viewer_for(user).restricted_pupil_ids)
            .annotate(read_at=Coalesce(_staff_read_at(user), Value(EPOCH)))
            .filter(last_family_message_at__gt=F("read_at")))


def unread_for_staff(user) -> int:
    """Conversations about pupils in the user's classes (as class teacher) with a family
    message the user has not read: one query."""
    return _staff_unread(user).count()


def unread_conversations_for_staff(user) -> list[Conversation]:
    """Those conversations with their pupils, newest first: one query."""
    return list(_staff_unread(user).select_related("pupil"))


@dataclass
class FamilyMessages:
    """The messages in conversations about one pupil, from the pupil's family, that a
    class teacher has not read yet (``_staff_unread``'s rule: after their read marker)."""

    pupil_id: int
    messages: int = 0
    conversation_ids: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Where to read them: the one conversation (reading it reads them all), else the
        pupil's conversations, which lists each household's with its unread count."""
        if len(self.conversation_ids) == 1:
            return reverse("messaging:conversation", args=[self.conversation_ids[0]])
        return reverse("messaging:pupil_conversations", args=[self.pupil_id])


def unread_family_messages_for_staff(user, pupil_ids) -> dict[int, FamilyMessages]:
    """Per pupil among ``pupil_ids``: the family messages the user has not read in the
    pupil's conversations they may read, for a pupil row on a class's page. Counted for the
    pupil's class teachers, as the inbox badge and the landing page count them. Each
    household's conversation is its own and counts in the total; with several, the link
    is to the pupil's conversations, which lists them. One query (none without pupils)."""
    if not pupil_ids:
        return {}
    rows = (_staff_unread(user)
            .filter(pupil_id__in=pupil_ids,
                    pk__in=readable_conversations(user).values("pk"))
            .annotate(unread=Count("messages", distinct=True, filter=Q(
                messages__from_family=True, messages__created_at__gt=F("read_at"))))
            .filter(unread__gt=0)
            .order_by("-last_family_message_at", "-pk")
            .values_list("pupil_id", "pk", "unread"))
    found: dict[int, FamilyMessages] = {}
    for pupil_id, conversation_id, unread in rows:
        item = found.setdefault(pupil_id, FamilyMessages(pupil_id=pupil_id))
        item.messages += unread
        item.conversation_ids.append(conversation_id)
    return found


# Reading ---------------------------------------------------------------------------------
