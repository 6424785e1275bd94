"""Writing announcements, sending them and printing the letter batch."""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bridgebook.announcements import letters, selectors
from bridgebook.announcements.models import Announcement, Attachment, LetterBatch
from bridgebook.announcements.text import _text_for
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Delivery, Message

FIELDS = ["subject", "body", "language", "important", "audience", "audience_language"]


def do_save_draft(*, school, acting_user, data: dict, announcement: Announcement | None = None,
                  upload=None) -> Announcement:
    """Create or change a draft (only drafts change: a sent announcement is a record)."""
    now = timezone.now()
    with transaction.atomic():
        if announcement is None:
            announcement = Announcement(school=school, author=acting_user, created_at=now)
            for name in FIELDS:
                setattr(announcement, name, data.get(name, getattr(announcement, name)))
            announcement.updated_at = now
            announcement.save()
            verb = AuditEvent.Action.CREATE
            summary = f"Wrote a draft announcement: {announcement.subject}"
        else:
            locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
            if not locked.is_draft:
                raise ValueError("A sent announcement cannot be changed")
            for name in FIELDS:
                setattr(announcement, name, data.get(name, getattr(announcement, name)))
            announcement.updated_at = now
            announcement.save(update_fields=[*FIELDS, "updated_at"])
            verb = AuditEvent.Action.UPDATE
            summary = f"Changed a draft announcement: {announcement.subject}"
        if "classes" in data:
            announcement.classes.set(data["classes"] or [])
        if "pupils" in data:
            announcement.pupils.set(data["pupils"] or [])
        if upload is not None:
            add_attachment(announcement=announcement, upload=upload, acting_user=acting_user)
        audit.record(actor=acting_user, action=verb, obj=announcement, summary=summary,
                     school=school)
    return announcement


def add_attachment(*, announcement: Announcement, upload, acting_user) -> Attachment:
    attachment = Attachment(announcement=announcement, name=upload.name[:200],
                            content_type=upload.bb_content_type, size=upload.size,
                            uploaded_by=acting_user)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def do_send(*, announcement: Announcement, acting_user) -> int:
    """Send the announcement to everyone it is for: one message per entitled contact
    naming each of their children, in bulk, with sends after commit.

    The draft → sent change is a conditional UPDATE, so a double click or two people
    pressing Send at once sends it once; ``create_messages`` is idempotent per source as
    well. Returns how many messages were written (0 when it was already sent). Queries do
    not grow with the number of recipients."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Announcement.objects.filter(pk=announcement.pk,
                                              status=Announcement.Status.DRAFT).update(
            status=Announcement.Status.SENT, sent_at=now, sent_by=acting_user, updated_at=now)
        if not claimed:
            return 0
        announcement.status = Announcement.Status.SENT
        announcement.sent_at = now
        found = selectors.recipients_for(announcement)
        drafts = []
        for recipient in found:
            text = _text_for(announcement, recipient)
            drafts.append(Draft(contact=recipient.contact, subject=text.subject,
                                body=text.body, language=text.language))
        messages = create_messages(school=announcement.school,
                                   kind=Message.Kind.ANNOUNCEMENT, drafts=drafts,
                                   source_id=announcement.pk)
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE,
                     obj=announcement, school=announcement.school,
                     summary=f"Sent the announcement {announcement.subject!r} to "
                             f"{len(messages)} contacts")
    return len(messages)


def do_print_letters(*, school, acting_user, limit: int = 1000) -> LetterBatch | None:
    """Claim the school's queued letters and print them as one PDF, a page per household.

    The claim is a conditional UPDATE (queued → sending, with this batch's token), so two
    offices printing at once each get different letters and none is printed twice. If the
    PDF cannot be made, the letters go back to the queue."""
    token = secrets.token_hex(16)
    now = timezone.now()
    ids = list(selectors.queued_letters(school).values_list("pk", flat=True)[:limit])
    if not ids:
        return None
    claimed = Delivery.objects.filter(pk__in=ids, channel=Delivery.Channel.LETTER,
                                      status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING, claim_token=token, sending_started_at=now,
        updated_at=now)
    if not claimed:
        return None
    rows = list(Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
                .select_related("message", "message__contact",
                                "message__contact__household", "message__school")
                .order_by("message__contact__household_id", "message__contact_id", "pk"))
    try:
        pdf, households = letters.render(school=school, deliveries=rows)
    except Exception:
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.QUEUED, claim_token="", sending_started_at=None,
            updated_at=timezone.now())
        raise
    with transaction.atomic():
        batch = LetterBatch(school=school, created_by=acting_user, created_at=now,
                            claim_token=token, letters=len(rows), households=households)
        batch.pdf.save(f"letters-{school.urn}-{now:%Y%m%d-%H%M%S}-{token[:6]}.pdf",
                       ContentFile(pdf), save=False)
        batch.save()
        done = timezone.now()
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.SENT, sent_at=done, provider="letter",
            provider_id=f"letter-batch-{batch.pk}", attempts=1, updated_at=done)
        audit.record(actor=acting_user, action=AuditEvent.Action.EXPORT, obj=batch,
                     school=school,
                     summary=f"Printed {len(rows)} letters for {households} households")
    return batch
