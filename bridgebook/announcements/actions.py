"""Writing announcements; sending them (an important one to everyone at once, each other
language's translation checked afterwards and replaced in place; one whose sender chose to
wait for the check held per language until it is checked; email and text held outside the
sender's working hours); releasing a held language; printing the letter batch."""

import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from bridgebook.announcements import letters, selectors
from bridgebook.announcements.models import (
    ANNOUNCEMENT,
    Announcement,
    Attachment,
    HeldLanguage,
    LanguageCheck,
    LetterBatch,
    review_ref,
)
from bridgebook.announcements.text import (
    Checked,
    Text,
    _text_for,
    changed_notice,
    differs,
    sent_text,
)
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.messaging import quiet_hours
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import OTHER, Delivery, Message
from bridgebook.messaging.recipients import Recipient
from bridgebook.translation import actions as translation_actions
from bridgebook.translation.selectors import approved_text

FIELDS = ["subject", "body", "language", "important", "wait_for_check", "audience",
          "audience_language", "event"]
# The message telling a reader their copy now has the checked translation, and that it
# changed: one per contact and announcement (``source_id`` is the announcement's id).
CHANGED_NOTICE_KIND = OTHER


class WaitingIsNotUrgent(Exception):
    """An announcement whose sender chose to wait for the translation checks is not sent as
    urgent (nor marked important): waiting is for what is not time-critical."""

    def __init__(self):
        super().__init__(_("You chose to wait for a person to check each translation, so "
                           "this announcement cannot be sent as urgent. Change the "
                           "announcement if families must have it now."))


def do_save_draft(*, school, acting_user, data: dict, announcement: Announcement | None = None,
                  upload=None) -> Announcement:
    """Create or change a draft (only drafts change: a sent announcement is a record)."""
    now = timezone.now()
    if data.get("important") and data.get("wait_for_check"):
        raise ValueError("An important announcement goes to everyone at once: it cannot "
                         "also wait for the translation checks")
    with transaction.atomic(durable=True):
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


def do_send(*, announcement: Announcement, acting_user, urgent: bool = False) -> int:
    """Send the announcement to everyone it is for: one message per entitled contact
    naming each of their children, in bulk, with sends after commit.

    Outside the sender's working hours the email and text wait until their next working
    period begins (the in-app copy shows at once), unless a principal or SENCO sends it as
    ``urgent``; ``urgent`` from anyone else raises ``quiet_hours.UrgentNotAllowed`` and
    nothing is sent, and so does ``urgent`` for an announcement that waits for the
    translation checks (``WaitingIsNotUrgent``).

    Everyone who reads another language gets it in a machine translation (marked as such,
    the original one tap away), or as written where nothing translates it. For an
    **important** announcement that is only the start: each of those languages gets a
    ``LanguageCheck`` (who was sent what) and a review of the subject and of the message,
    and ``do_replace_with_checked`` gives them the checked text once both are approved.
    Only where the sender chose to **wait for the check** are readers of other languages
    kept back instead (``HeldLanguage``, as resolved now: the audience the sender
    approved) until ``do_release_language``.

    The draft → sent change is a conditional UPDATE, so a double click or two people
    pressing Send at once sends it once; ``create_messages`` is idempotent per source as
    well. Returns how many messages were written now (0 when it was already sent). Queries
    do not grow with the number of recipients (only with the number of their languages)."""
    if urgent and announcement.wait_for_check:
        raise WaitingIsNotUrgent
    now = timezone.now()
    school = announcement.school
    send_after = None
    if acting_user is not None:   # a system send (no person) keeps nobody's hours
        release = quiet_hours.release_time(sender=acting_user, school=school, when=now,
                                           urgent=urgent)
        send_after = release if release > now else None
    with transaction.atomic():
        claimed = Announcement.objects.filter(pk=announcement.pk,
                                              status=Announcement.Status.DRAFT).update(
            status=Announcement.Status.SENT, sent_at=now, sent_by=acting_user, updated_at=now,
            urgent=urgent, send_after=send_after)
        if not claimed:
            return 0
        announcement.status = Announcement.Status.SENT
        announcement.sent_at = now
        announcement.sent_by = acting_user
        announcement.urgent = urgent
        announcement.send_after = send_after
        found = selectors.recipients_for(announcement)
        now_recipients, held = selectors.split_held(announcement, found)
        drafts = []
        for recipient in now_recipients:
            text = _text_for(announcement, recipient)
            drafts.append(Draft(contact=recipient.contact, subject=text.subject,
                                body=text.body, language=text.language,
                                pupils=recipient.pupils))
        messages = create_messages(school=school, kind=ANNOUNCEMENT,
                                   drafts=drafts, source_id=announcement.pk,
                                   send_after=send_after)
        for language, recipients in held.items():
            _hold(announcement, language, recipients, acting_user)
        checking = selectors.checked_afterwards(announcement, now_recipients)
        for language, recipients in checking.items():
            _check_afterwards(announcement, language, recipients, acting_user)
        summary = (f"Sent the announcement {announcement.subject!r} to "
                   f"{len(messages)} contacts")
        if checking:
            summary += (f"; translations to be checked afterwards ({', '.join(checking)})")
        if held:
            summary += (f"; {sum(len(r) for r in held.values())} wait for the translation "
                        f"check ({', '.join(held)})")
        if send_after is not None:
            summary += f"; email and text held until {send_after.isoformat()}"
        elif urgent:
            summary += "; urgent, outside working hours"
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE,
                     obj=announcement, school=school, summary=summary,
                     changes={"urgent": urgent, "held_languages": list(held),
                              "checked_afterwards": list(checking)})
    return len(messages)


def _request_reviews(announcement: Announcement, language: str, acting_user) -> None:
    """Ask for the translation into ``language`` to be checked: the subject and the message
    are two reviews, so each is a text the reviewer can correct on its own."""
    subject = Truncator(announcement.subject).chars(120)
    purposes = {"subject": _("Announcement “%(subject)s”: the subject line"),
                "body": _("Announcement “%(subject)s”: the message")}
    for part, text in (("subject", announcement.subject), ("body", announcement.body)):
        translation_actions.request_review(
            school=announcement.school, text=text, language=language,
            ref=review_ref(announcement.pk, part), requested_by=acting_user,
            purpose=purposes[part] % {"subject": subject}, source=announcement.language)


def _hold(announcement: Announcement, language: str, recipients, acting_user) -> HeldLanguage:
    """Keep one language's readers back and ask for its translation to be checked."""
    held = HeldLanguage.objects.create(
        announcement=announcement, language=language, contacts=len(recipients),
        recipients=[[r.contact.pk, [pupil.pk for pupil in r.pupils]] for r in recipients])
    _request_reviews(announcement, language, acting_user)
    return held


def _check_afterwards(announcement: Announcement, language: str, recipients,
                      acting_user) -> LanguageCheck:
    """Note who was just sent one language's text, and what it said, and ask for its
    translation to be checked."""
    text = sent_text(announcement, language)
    check = LanguageCheck.objects.create(
        announcement=announcement, language=language, contacts=len(recipients),
        contact_ids=[r.contact.pk for r in recipients], machine=text.machine,
        sent_subject=text.subject, sent_body=text.body)
    _request_reviews(announcement, language, acting_user)
    return check


def checked_text(announcement: Announcement, language: str) -> Checked | None:
    """The translation a person approved, once both the subject and the message are
    approved; else None. Two queries."""
    subject = approved_text(review_ref(announcement.pk, "subject"), language)
    if subject is None:
        return None
    body = approved_text(review_ref(announcement.pk, "body"), language)
    if body is None:
        return None
    return Checked(language=language, subject=subject, body=body)


def _release_after(announcement: Announcement, now):
    """When a released language's email and text may go: as the announcement itself would,
    in the sender's working hours, unless they sent it as urgent."""
    if announcement.urgent or announcement.sent_by is None:
        return None
    release = quiet_hours.release_time(sender=announcement.sent_by,
                                       school=announcement.school, when=now)
    return release if release > now else None


def do_release_language(*, announcement: Announcement, language: str, acting_user,
                        unchecked: bool = False) -> int:
    """Send a held language's messages: with the translation a person checked once the
    subject and the message are both approved, or (``unchecked``, the sender's choice
    when it cannot wait) with the machine translation or the text as written.

    Exactly once: the held language moves from waiting with a conditional UPDATE in the
    same transaction as the messages, and ``create_messages`` skips contacts who already
    have one. Returns how many messages were written (0: still waiting for a review, or
    already released). The contacts are the ones kept at sending, less anyone no longer
    entitled (a court order made while the translation was checked wins)."""
    now = timezone.now()
    held = HeldLanguage.objects.filter(announcement=announcement, language=language,
                                       status=HeldLanguage.Status.WAITING).first()
    if held is None:
        return 0
    checked = checked_text(announcement, language)
    if checked is None and not unchecked:
        return 0
    status = HeldLanguage.Status.CHECKED if checked else HeldLanguage.Status.UNCHECKED
    with transaction.atomic(durable=True):
        claimed = HeldLanguage.objects.filter(pk=held.pk,
                                              status=HeldLanguage.Status.WAITING).update(
            status=status, released_at=now, released_by=acting_user)
        if not claimed:
            return 0
        drafts = []
        for recipient in selectors.release_recipients(held):
            text = _text_for(announcement, recipient, checked)
            drafts.append(Draft(contact=recipient.contact, subject=text.subject,
                                body=text.body, language=text.language,
                                pupils=recipient.pupils))
        messages = create_messages(school=announcement.school,
                                   kind=ANNOUNCEMENT, drafts=drafts,
                                   source_id=announcement.pk,
                                   send_after=_release_after(announcement, now))
        HeldLanguage.objects.filter(pk=held.pk).update(sent=len(messages))
        if not checked:
            translation_actions.withdraw_reviews(
                refs=[review_ref(announcement.pk, part) for part in ("subject", "body")],
                language=language, acting_user=acting_user)
        how = "checked translation" if checked else "text without the translation check"
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=announcement,
                     school=announcement.school,
                     summary=f"Sent the {how} of {announcement.subject!r} to "
                             f"{len(messages)} {language} readers",
                     changes={"language": language, "checked": bool(checked),
                              "kept_at_sending": held.contacts})
    return len(messages)


def do_replace_with_checked(*, announcement: Announcement, language: str,
                            acting_user) -> int:
    """Both parts of one language's translation of an important announcement are approved:
    the copies its readers got at sending (a machine translation, or the text as written)
    become the checked text, in place, saying it was checked by a person. Where the
    checked text differs from what they were sent, each reader is told in a short new
    message, in their language, in the app and by their usual channels, with a link to
    read it; otherwise nothing more is sent.

    Exactly once: the language moves from checking to checked with a conditional UPDATE in
    the same transaction as the changes, and a notice is written once per contact
    (``create_messages`` skips a contact who has one). A contact no longer entitled to a
    child it is about (a court order since) is neither changed nor told. Returns how many
    messages were changed (0: a part still waits for its review, or already done)."""
    check = LanguageCheck.objects.filter(announcement=announcement, language=language,
                                         status=LanguageCheck.Status.CHECKING).first()
    if check is None:
        return 0
    checked = checked_text(announcement, language)
    if checked is None:
        return 0
    now = timezone.now()
    changed = differs(Text(subject=check.sent_subject, body=check.sent_body,
                           language=language, machine=check.machine), checked)
    with transaction.atomic(durable=True):
        claimed = LanguageCheck.objects.filter(pk=check.pk,
                                               status=LanguageCheck.Status.CHECKING).update(
            status=LanguageCheck.Status.CHECKED, checked_at=now, checked_by=acting_user,
            changed=changed)
        if not claimed:
            return 0
        messages = selectors.checked_language_messages(announcement, check)
        for message in messages:
            recipient = Recipient(contact=message.contact, pupils=message.named_pupils)
            text = _text_for(announcement, recipient, checked)
            message.subject, message.body, message.language = (
                text.subject, text.body, text.language)
        Message.objects.bulk_update(messages, ["subject", "body", "language"],
                                    batch_size=500)
        told = []
        if changed:
            drafts = []
            for message in messages:
                path = reverse("announcements:message", args=[message.pk])
                notice = changed_notice(checked=checked, machine=check.machine,
                                        link=f"{settings.BRIDGEBOOK_BASE_URL}{path}")
                drafts.append(Draft(contact=message.contact, subject=notice.subject,
                                    body=notice.body, language=notice.language,
                                    pupils=message.named_pupils))
            told = create_messages(school=announcement.school, kind=CHANGED_NOTICE_KIND,
                                   drafts=drafts, source_id=announcement.pk,
                                   send_after=_release_after(announcement, now))
        LanguageCheck.objects.filter(pk=check.pk).update(replaced=len(messages),
                                                         told=len(told))
        was = "machine translation" if check.machine else "text as written"
        summary = (f"The checked {language} translation of {announcement.subject!r} "
                   f"replaced the {was} for {len(messages)} contacts")
        summary += (f"; it had changed, so {len(told)} were told" if changed
                    else "; it had not changed, so nobody was told again")
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=announcement,
                     school=announcement.school, summary=summary,
                     changes={"language": language, "changed": changed,
                              "replaced": len(messages), "told": len(told),
                              "sent_at_sending": check.contacts})
    return len(messages)


def do_use_checked_translation(*, announcement: Announcement, language: str,
                               acting_user) -> int:
    """A review of one of the announcement's translations was approved: release the
    language if its readers wait for the check, else replace what they were sent (each
    does nothing until both parts are approved, and nothing a second time)."""
    if announcement.wait_for_check:
        return do_release_language(announcement=announcement, language=language,
                                   acting_user=acting_user)
    return do_replace_with_checked(announcement=announcement, language=language,
                                   acting_user=acting_user)


def do_print_letters(*, school, acting_user, limit: int = 1000,
                     hidden_pupils=frozenset()) -> LetterBatch | None:
    """Claim the school's queued letters and print them as one PDF, a page per household.

    The claim is a conditional UPDATE (queued → sending, with this batch's token), so two
    offices printing at once each get different letters and none is printed twice. If the
    PDF cannot be made, the letters go back to the queue.

    ``hidden_pupils``: ids of pupils a court order keeps from the one printing
    (``Viewer.restricted_pupil_ids``): letters for their families or about them stay in
    the queue for someone else to print."""
    token = secrets.token_hex(16)
    now = timezone.now()
    ids = list(selectors.queued_letters(school, hidden_pupils=hidden_pupils)
               .values_list("pk", flat=True)[:limit])
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
    with transaction.atomic(durable=True):
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
