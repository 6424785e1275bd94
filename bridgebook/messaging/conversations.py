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
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgebook.core import audit
from bridgebook.core.access import viewer_for
from bridgebook.core.models import AuditEvent, User
from bridgebook.messaging import quiet_hours
from bridgebook.messaging.access import readable_conversations, readable_messages
from bridgebook.messaging.delivery import Draft, create_messages, mark_all_read
from bridgebook.messaging.models import (
    CONVERSATION,
    Conversation,
    ConversationMessage,
    ConversationRead,
    Message,
    SchoolMessagingSettings,
)
from bridgebook.messaging.recipients import resolve
from bridgebook.people.models import ClassStaff, Contact
from bridgebook.translation.services import translate, written_language

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


# Reading ---------------------------------------------------------------------------------

def do_mark_thread_read(*, user, conversation: Conversation) -> None:
    """The reader has seen the whole thread: a family member's Message rows are read, a
    staff member's read marker moves to now. A fixed number of queries however many
    messages were unread (``delivery.mark_all_read``).

    Not audited: it records reading, not a change to anyone's record (as the book's
    ``do_mark_book_read``), and an audit row on every opening of a thread would add a
    write to each page view."""
    viewer = viewer_for(user)
    if viewer.is_family:
        mark_all_read(Message.objects.filter(
            contact_id__in=viewer.contact_ids, kind=CONVERSATION,
            source_id__in=conversation.messages.values("pk")))
        return
    ConversationRead.objects.update_or_create(conversation=conversation, user=user,
                                              defaults={"read_at": timezone.now()})


# Writing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Writing:
    """What is settled about a message before the transaction that keeps it. Working it
    out may call the translation provider over the network (detecting a family member's
    language, translating staff's words), so it happens first, outside the transaction,
    and once per language however many readers share one."""

    body: str
    from_family: bool
    language: str                  # the language it is written in
    send_after: datetime.datetime  # when its email and text copies may go
    texts: dict[str, str]          # staff's words for the readers of each language


def _prepare(*, author, school, body: str, urgent: bool, now,
             readers: list[Contact]) -> _Writing:
    """``readers``: the family members staff's message goes to (none for a family
    member's). Raises ``quiet_hours.UrgentNotAllowed`` before anything is translated."""
    viewer = viewer_for(author)
    if viewer.is_family:
        # Their language at the school comes with the Viewer.
        language = written_language(body, fallback=viewer.languages.get(school.pk) or "en")
        return _Writing(body=body, from_family=True, language=language, send_after=now,
                        texts={})
    send_after = quiet_hours.release_time(sender=author, school=school, when=now,
                                          urgent=urgent)
    texts = {}
    for language in sorted({contact.language for contact in readers}):
        with translation.override(language):
            texts[language] = in_language(body, language, school=school)
    return _Writing(body=body, from_family=False, language="en", send_after=send_after,
                    texts=texts)


def _readers(pupil, contact_ids) -> list[Contact]:
    """The family members among ``contact_ids`` who are entitled to the pupil now: one
    query."""
    wanted = set(contact_ids)
    return [recipient.contact for recipient in resolve([pupil])
            if recipient.contact.pk in wanted]


def _notify_family(message: ConversationMessage, conversation: Conversation,
                   readers: list[Contact], written: _Writing) -> None:
    """A copy for each of ``readers``, in their language (translated beforehand)."""
    pupil = conversation.pupil
    url = settings.BRIDGEBOOK_BASE_URL + reverse("messaging:conversation",
                                                 args=[conversation.pk])
    drafts = []
    for contact in readers:
        with translation.override(contact.language):
            subject = _("Message from school about %(name)s") % {"name": pupil.first_name}
            intro = _("%(author)s wrote about %(name)s:") % {
                "author": message.author.full_name, "name": pupil.first_name}
            link = _("Read and reply in Bridgebook: %(url)s") % {"url": url}
        body = f"{intro}\n\n{written.texts[contact.language]}\n\n{link}"
        drafts.append(Draft(contact=contact, subject=subject, body=body, pupils=[pupil]))
    create_messages(school=conversation.school, kind=CONVERSATION, drafts=drafts,
                    source_id=message.pk, send_after=message.send_after)


def _post(*, conversation: Conversation, author, written: _Writing, urgent: bool, now,
          readers: list[Contact]) -> ConversationMessage:
    from_family = written.from_family
    message = ConversationMessage.objects.create(
        conversation=conversation, author=author, from_family=from_family, body=written.body,
        language=written.language, urgent=urgent and not from_family, created_at=now,
        send_after=written.send_after)
    conversation.last_message_at = now
    fields = ["last_message_at"]
    if from_family:
        conversation.last_family_message_at = now
        fields.append("last_family_message_at")
    conversation.save(update_fields=fields)
    if from_family:
        audit.record(actor=author, action=AuditEvent.Action.CREATE, obj=message,
                     school=conversation.school, pupil=conversation.pupil,
                     summary=f"Family wrote in a conversation about "
                             f"{conversation.pupil.legal_name}")
    else:
        ConversationRead.objects.update_or_create(conversation=conversation, user=author,
                                                  defaults={"read_at": now})
        audit.record(actor=author, action=AuditEvent.Action.CREATE, obj=message,
                     school=conversation.school, pupil=conversation.pupil,
                     summary=f"Wrote to the family of {conversation.pupil.legal_name}")
        _notify_family(message, conversation, readers, written)
    return message


def _start(*, pupil, author, subject: str, written: _Writing, urgent: bool, contacts,
           now) -> ConversationMessage:
    conversation = Conversation.objects.create(school=pupil.school, pupil=pupil,
                                               subject=subject, created_by=author,
                                               created_at=now, last_message_at=now)
    conversation.contacts.set(contacts)
    readers = [] if written.from_family else contacts
    return _post(conversation=conversation, author=author, written=written, urgent=urgent,
                 now=now, readers=readers)


def do_start_conversations(*, pupil, author, subject: str, body: str, urgent: bool = False,
                           contact_ids=None) -> list[ConversationMessage]:
    """New conversations about ``pupil``, each with its first message; ``author`` must be
    able to see the pupil (the view checks through the access layer).

    A family member starts one, theirs (``family_starters``). Staff write to
    ``contact_ids`` (every entitled contact when None): one conversation per household, so
    a parent never sees the conversation of a parent who lives elsewhere. Contacts who are
    not entitled to the pupil are left out. Staff's words are translated once for each
    language the families read, before the transaction that writes the conversations."""
    now = timezone.now()
    viewer = viewer_for(author)
    if viewer.is_family:
        contact_id = viewer.contact_for_school(pupil.school_id)
        groups = ([family_starters(pupil, contact_id, viewer.households[pupil.school_id])]
                  if contact_id else [])
        readers = []
    else:
        if contact_ids is None:
            contact_ids = [recipient.contact.pk for recipient in resolve([pupil])]
        groups = household_groups(pupil, contact_ids)
        readers = [contact for group in groups for contact in group]
    if not groups:
        return []
    written = _prepare(author=author, school=pupil.school, body=body, urgent=urgent, now=now,
                       readers=readers)
    with transaction.atomic():
        return [_start(pupil=pupil, author=author, subject=subject, written=written,
                       urgent=urgent, contacts=group, now=now) for group in groups]


def do_start_conversation(*, pupil, author, subject: str, body: str, urgent: bool = False,
                          contact_ids=None) -> ConversationMessage:
    """``do_start_conversations`` for one family member, or for staff writing to one
    household: the first (or only) conversation's first message."""
    return do_start_conversations(pupil=pupil, author=author, subject=subject, body=body,
                                  urgent=urgent, contact_ids=contact_ids)[0]


def do_reply(*, conversation: Conversation, author, body: str,
             urgent: bool = False) -> ConversationMessage:
    """``author`` writes in the conversation (the view checks through the access layer
    that they may). Staff's words go to the family members it is with who are entitled
    now, translated once for each of their languages before the transaction that writes
    the message; who they are is read then too, and checked again when each copy is read
    or sent (``access.py``)."""
    now = timezone.now()
    readers = []
    if not viewer_for(author).is_family:
        readers = _readers(conversation.pupil,
                           conversation.contacts.values_list("pk", flat=True))
    written = _prepare(author=author, school=conversation.school, body=body, urgent=urgent,
                       now=now, readers=readers)
    with transaction.atomic():
        return _post(conversation=conversation, author=author, written=written,
                     urgent=urgent, now=now, readers=readers)
