"""Writing in conversations with families: starting them, replying, marking them read.

Who takes part and who is told is described in bridgebook/messaging/conversations.py, which
holds the reads. Everything a message needs from outside (who reads it, their languages,
the translations, when it may go) is worked out before its transaction opens, so a slow
translation provider never holds one open.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgebook.core import audit
from bridgebook.core.access import viewer_for
from bridgebook.core.models import AuditEvent
from bridgebook.messaging import quiet_hours
from bridgebook.messaging.conversations import (
    family_starters,
    household_groups,
    in_language,
)
from bridgebook.messaging.delivery import Draft, create_messages, mark_all_read
from bridgebook.messaging.models import (
    CONVERSATION,
    Conversation,
    ConversationMessage,
    ConversationRead,
    Message,
)
from bridgebook.messaging.recipients import resolve
from bridgebook.people.models import Contact
from bridgebook.translation.services import written_language


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
