"""The delivery pipeline: messages become Delivery rows, rows are claimed and sent once.

How a Delivery moves (each arrow a conditional UPDATE, so two workers never both win):

    queued ──claim──▶ sending ──provider accepted──▶ sent ──callback──▶ delivered
      ▲                  │                                   └─callback──▶ temporary/permanent
      │                  ├─ temporary error ─▶ temporary_failure (next_attempt_at, backoff)
      └── due again ─────┘                         └─ attempts used up ─▶ permanent_failure
                         └─ permanent error ─▶ permanent_failure (SMS: a letter row is queued)

Sending at most once: the claim (queued or due temporary_failure → sending) commits before
the provider is called, and the provider's id is written the moment it answers. A row left
in ``sending`` with no provider id for SENDING_TIMEOUT_SECONDS (far longer than any provider
timeout) lost its worker; it is claimed again with ``outcome_unknown`` set, and a send whose
outcome is unknown (that, or a timeout) first asks the provider for the reference
(``supports_lookup``) and adopts what it finds instead of sending again. A backend that
cannot look up sends again only where a second copy cannot show (``resend_is_harmless``);
otherwise the delivery fails permanently rather than risk sending twice.

In-app deliveries are written as delivered (the message is in the app) and become read;
letter deliveries are queued for the letter batch, which claims them itself.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from bridgebook.core.bulk import insert_returning
from bridgebook.core.models import School
from bridgebook.core.registry import site
from bridgebook.messaging import access
from bridgebook.messaging.backends.base import DeliveryError
from bridgebook.messaging.backends.config import backend_for, fallback_minutes, run_setting
from bridgebook.messaging.models import Delivery, Message
from bridgebook.messaging.sms import clean_for_sms
from bridgebook.people.models import Contact

logger = logging.getLogger(__name__)

Channel = Delivery.Channel
Status = Delivery.Status
SENDABLE = (Channel.EMAIL, Channel.SMS)
FAN_OUT_CHUNK = 500


# Creating messages ---------------------------------------------------------------------

@dataclass
class Draft:
    """One contact's message, already in their language, about ``pupils`` (the children
    it names: it is read and sent only while the contact is entitled to each of them)."""
    contact: Contact
    body: str
    subject: str = ""
    language: str = ""
    channels: list[str] = field(default_factory=list)  # empty: default_channels(contact)
    pupils: list = field(default_factory=list)          # Pupil instances or ids


def default_channels(contact: Contact) -> list[str]:
    """The app always; email where there is an address (unless the contact chose channels
    without email); SMS where they chose it; a letter where they chose it or have no
    address or number at all.

    A contact who chose only the app but has no Bridgebook account yet (``user_id`` is
    None) cannot read it there, so their choice is set aside: they get email where they
    have an address and a text where they have a mobile number (a letter when they have
    neither), as well as the app copy waiting for them."""
    chosen = set(contact.preferred_channels or [])
    app_only_without_account = chosen == {Channel.APP} and contact.user_id is None
    channels = [Channel.APP]
    if contact.email and (not chosen or Channel.EMAIL in chosen or app_only_without_account):
        channels.append(Channel.EMAIL)
    if contact.mobile and (Channel.SMS in chosen or app_only_without_account):
        channels.append(Channel.SMS)
    if Channel.LETTER in chosen or not (contact.email or contact.mobile):
        channels.append(Channel.LETTER)
    return channels


def address_for(contact: Contact, channel: str) -> str:
    if channel == Channel.EMAIL:
        return contact.email
    if channel == Channel.SMS:
        return contact.mobile
    if channel == Channel.LETTER:
        household = contact.household
        return "" if household is None else str(household)
    return ""


MESSAGE_COLUMNS = ("school_id", "contact_id", "kind", "source_id", "subject", "body",
                   "created_at", "send_after", "language")
DELIVERY_COLUMNS = ("message_id", "channel", "address", "status", "provider", "sent_at",
                    "delivered_at", "next_attempt_at", "enqueued_at", "created_at",
                    "updated_at")


def _delivery_row(message_id: int, channel: str, address: str, now: datetime,
                  held_until: datetime | None = None) -> tuple:
    """A new delivery's values for DELIVERY_COLUMNS. The app copy is delivered at once;
    email and SMS are queued to send now, or at ``held_until`` (``send_due_deliveries``
    enqueues them then); a letter waits for the letter batch."""
    status, provider, sent_at, next_attempt_at, enqueued_at = Status.QUEUED, "", None, None, None
    if channel == Channel.APP:
        status, provider, sent_at = Status.DELIVERED, "app", now
    elif channel in SENDABLE:
        next_attempt_at = held_until or now
        enqueued_at = None if held_until else now
    return (message_id, channel, address, status, provider, sent_at, sent_at, next_attempt_at,
            enqueued_at, now, now)


def _delivery_for(message: Message, channel: str, now: datetime, *,
                  fallback_of: Delivery | None = None) -> Delivery:
    values = dict(zip(DELIVERY_COLUMNS, _delivery_row(
        message.pk, channel, address_for(message.contact, channel), now), strict=True))
    return Delivery(**values, fallback_of=fallback_of)


def create_messages(*, school: School, kind: str, drafts: Iterable[Draft],
                    source_id: int | None = None,
                    send_after: datetime | None = None) -> list[int]:
    """Write each draft's Message and a Delivery per channel, then send after commit.
    Returns the new messages' ids (empty when every contact already had one).

    Two multi-row inserts however many contacts (``core.bulk``: no model instances, each
    value adapted once), and one task per 500 deliveries that fans out, so a school-wide
    announcement is accepted at once. A contact already holding a message from this source
    is skipped, so a repeated call sends nothing twice.

    ``send_after`` in the future holds email and SMS until then (``send_due_deliveries``
    enqueues them when due; the unread-in-app fallback waits for it too); the in-app copy
    is delivered at once.
    """
    now = timezone.now()
    held = send_after is not None and send_after > now
    drafts = list(drafts)
    if len({draft.contact.pk for draft in drafts}) != len(drafts):
        raise ValueError("One draft per contact: a contact gets one message naming each child")
    with transaction.atomic():
        if source_id is not None:
            already = set(Message.objects.filter(kind=kind, source_id=source_id)
                          .values_list("contact_id", flat=True))
            drafts = [draft for draft in drafts if draft.contact.pk not in already]
        created = insert_returning(
            Message, MESSAGE_COLUMNS,
            [(school.pk, draft.contact.pk, kind, source_id, draft.subject, draft.body, now,
              send_after if held else None, draft.language or draft.contact.language)
             for draft in drafts],
            returning=("id", "contact_id"))
        message_ids = {contact_id: pk for pk, contact_id in created}
        through = Message.pupils.through
        insert_returning(through, ("message_id", "pupil_id"), [
            (message_ids[draft.contact.pk], getattr(pupil, "pk", pupil))
            for draft in drafts for pupil in draft.pupils])
        rows = []
        for draft in drafts:
            message_id = message_ids[draft.contact.pk]
            for channel in draft.channels or default_channels(draft.contact):
                address = address_for(draft.contact, channel)
                if channel == Channel.APP or address:
                    rows.append(_delivery_row(message_id, channel, address, now,
                                              held_until=send_after if held else None))
        written = insert_returning(Delivery, DELIVERY_COLUMNS, rows,
                                   returning=("id", "channel"))
        to_send = [] if held else [pk for pk, channel in written if channel in SENDABLE]
        transaction.on_commit(lambda: fan_out(to_send))
    return [message_ids[draft.contact.pk] for draft in drafts]


def create_message(*, school: School, contact: Contact, kind: str, body: str,
                   subject: str = "", language: str = "", channels: list[str] | None = None,
                   source_id: int | None = None, pupils=()) -> Message | None:
    """One message (None when this contact already has one from ``source_id``)."""
    written = create_messages(school=school, kind=kind, source_id=source_id, drafts=[
        Draft(contact=contact, body=body, subject=subject, language=language,
              channels=channels or [], pupils=list(pupils))])
    return Message.objects.get(pk=written[0]) if written else None


def _tasks():
    """The messaging tasks, imported on first use rather than at the top: the one import
    cycle left in messaging. tasks.py runs this module's sends, and this module enqueues
    them (after commit, and deferred for a retry), so each needs the other. The tasks
    cannot move here (queued tasks are stored by their import path, so they stay in
    tasks.py) and the enqueueing cannot move there (other apps call ``create_messages``
    here, and a failed send schedules its own retry)."""
    from bridgebook.messaging import tasks

    return tasks


def fan_out(delivery_ids: list[int]) -> None:
    """Enqueue the sends of many deliveries, one task per 500."""
    for start in range(0, len(delivery_ids), FAN_OUT_CHUNK):
        _tasks().enqueue_deliveries.enqueue(
            delivery_ids=delivery_ids[start:start + FAN_OUT_CHUNK])


def enqueue_each(delivery_ids: list[int]) -> None:
    """Enqueue one send task per delivery."""
    send = _tasks().send_delivery
    for delivery_id in delivery_ids:
        send.enqueue(delivery_id=delivery_id)


# Sending one delivery ------------------------------------------------------------------

def _sending_timeout() -> timedelta:
    return timedelta(seconds=run_setting("SENDING_TIMEOUT_SECONDS"))


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: base, 2×base, 4×base... up to the maximum."""
    base, most = run_setting("RETRY_BASE_SECONDS"), run_setting("RETRY_MAX_SECONDS")
    return timedelta(seconds=min(most, base * 2 ** max(attempts - 1, 0)))


def claim(delivery_id: int) -> tuple[Delivery, str] | None:
    """Take the row for this worker: one conditional UPDATE, committed before sending."""
    now = timezone.now()
    token = uuid.uuid4().hex
    taking = {"status": Status.SENDING, "claim_token": token, "sending_started_at": now,
              "attempts": F("attempts") + 1, "updated_at": now}
    rows = Delivery.objects.filter(pk=delivery_id, channel__in=SENDABLE)
    claimed = rows.filter(status__in=[Status.QUEUED, Status.TEMPORARY_FAILURE],
                          next_attempt_at__lte=now).update(**taking)
    if not claimed:
        # A worker died after its claim: the provider may or may not have the message.
        claimed = rows.filter(status=Status.SENDING, provider_id="",
                              sending_started_at__lt=now - _sending_timeout(),
                              attempts__lt=run_setting("MAX_ATTEMPTS"),
                              ).update(outcome_unknown=True, **taking)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("message__school", "message__contact").get(
        pk=delivery_id)
    return delivery, token


def text_for(delivery: Delivery) -> tuple[str, str]:
    """(subject, body) as this channel sends them."""
    message = delivery.message
    if delivery.channel == Channel.SMS:
        text = f"{message.subject}\n{message.body}" if message.subject else message.body
        return "", clean_for_sms(text)
    return message.subject, message.body


def status_callback_url(delivery: Delivery) -> str:
    path = reverse("messaging:twilio_callback", args=[delivery.message.school.urn])
    return f"{settings.BRIDGEBOOK_BASE_URL}{path}?ref={delivery.idempotency_key}"


def send_delivery(delivery_id: int) -> str:
    """Send one delivery if it is due and nobody else holds it; returns its new status
    ("" when there was nothing to do).

    Runs outside any transaction (as a task does), so the claim is committed before the
    provider is called: the at-most-once guarantee depends on it."""
    claimed = claim(delivery_id)
    if claimed is None:
        return ""
    delivery, token = claimed
    if not access.may_receive(delivery.message_id):
        return _record_withdrawn(delivery, token)
    try:
        backend = backend_for(delivery.message.school.urn, delivery.channel)
    except Exception as error:
        # Settings the start-up check could not catch (a mailer that fails to build):
        # temporary, so the row is retried once someone fixes them, and not left "sending".
        logger.exception("No backend for delivery %s", delivery.pk)
        _record_failure(delivery, token, DeliveryError(f"Backend not available: {error!r}"),
                        provider="", outcome_unknown=delivery.outcome_unknown)
        raise
    subject, body = text_for(delivery)
    if delivery.outcome_unknown:
        if backend.supports_lookup:
            try:
                found = backend.lookup(reference=delivery.idempotency_key, to=delivery.address,
                                       body=body, since=delivery.created_at)
            except DeliveryError as error:
                return _record_failure(delivery, token, error, provider=backend.provider,
                                       outcome_unknown=True)
            if found:
                return _record_sent(delivery, token, provider=backend.provider,
                                    provider_id=found)
        elif not backend.resend_is_harmless:
            error = DeliveryError("A worker stopped while sending and this provider cannot "
                                  "say whether it has the message; not sent again, so it "
                                  "cannot arrive twice.", permanent=True)
            return _record_failure(delivery, token, error, provider=backend.provider)
    try:
        provider_id = backend.send(to=delivery.address, subject=subject, body=body,
                                   reference=delivery.idempotency_key,
                                   status_callback=status_callback_url(delivery))
    except DeliveryError as error:
        return _record_failure(delivery, token, error, provider=backend.provider,
                               outcome_unknown=error.maybe_sent)
    except Exception as error:
        logger.exception("Unexpected error sending delivery %s", delivery.pk)
        _record_failure(delivery, token, DeliveryError(f"Unexpected error: {error!r}"),
                        provider=backend.provider, outcome_unknown=True)
        raise
    return _record_sent(delivery, token, provider=backend.provider, provider_id=provider_id)


def _record_sent(delivery: Delivery, token: str, *, provider: str, provider_id: str) -> str:
    now = timezone.now()
    updated = Delivery.objects.filter(pk=delivery.pk, claim_token=token,
                                      status=Status.SENDING).update(
        status=Status.SENT, provider=provider, provider_id=provider_id, sent_at=now,
        outcome_unknown=False, last_error="", next_attempt_at=None, updated_at=now)
    if not updated:
        # A status callback got here first (it found the row by reference): keep its
        # status, and make sure the provider's id is kept too.
        Delivery.objects.filter(pk=delivery.pk, provider_id="").update(
            provider=provider, provider_id=provider_id, updated_at=now)
        return Delivery.objects.values_list("status", flat=True).get(pk=delivery.pk)
    return Status.SENT


def _record_withdrawn(delivery: Delivery, token: str) -> str:
    """The contact stopped being entitled to a child the message is about (a court order
    recorded after it was written): it is not sent, and never retried."""
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, claim_token=token, status=Status.SENDING).update(
        status=Status.WITHDRAWN, next_attempt_at=None, enqueued_at=None, updated_at=now,
        last_error="Withdrawn: the contact is no longer entitled to it")
    return Status.WITHDRAWN


def _record_failure(delivery: Delivery, token: str, error: DeliveryError, *, provider: str,
                    outcome_unknown: bool = False) -> str:
    now = timezone.now()
    status, next_attempt_at, note = _after_failure(delivery.attempts, error, now)
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, claim_token=token,
                                          status=Status.SENDING).update(
            status=status, next_attempt_at=next_attempt_at, last_error=f"{error}{note}",
            outcome_unknown=outcome_unknown, provider=provider, enqueued_at=None,
            updated_at=now)
        if updated:
            _after_status_change(delivery, status, next_attempt_at)
    return status


def _after_failure(attempts: int, error: DeliveryError, now: datetime):
    if error.permanent:
        return Status.PERMANENT_FAILURE, None, ""
    if attempts >= run_setting("MAX_ATTEMPTS"):
        return Status.PERMANENT_FAILURE, None, f" (gave up after {attempts} attempts)"
    return Status.TEMPORARY_FAILURE, now + backoff(attempts), ""


def _after_status_change(delivery: Delivery, status: str, next_attempt_at) -> None:
    """A failed text goes to the letter batch; a retry is enqueued for its time where the
    task backend can defer (otherwise send_due_deliveries enqueues it when due)."""
    if status == Status.PERMANENT_FAILURE and delivery.channel == Channel.SMS:
        fall_back_to_letter(delivery)
    if status == Status.TEMPORARY_FAILURE and default_task_backend.supports_defer:
        # "Enqueued for" its time, so send_due_deliveries leaves it to the deferred task.
        Delivery.objects.filter(pk=delivery.pk).update(enqueued_at=next_attempt_at)
        transaction.on_commit(lambda: _tasks().send_delivery.using(
            run_after=next_attempt_at).enqueue(delivery_id=delivery.pk))


def fall_back_to_letter(delivery: Delivery) -> Delivery:
    """Queue a letter for this message (once: one delivery per message and channel)."""
    letter, _ = Delivery.objects.get_or_create(
        message=delivery.message, channel=Channel.LETTER,
        defaults={"address": address_for(delivery.message.contact, Channel.LETTER),
                  "fallback_of": delivery})
    return letter


# Provider status callbacks and reading -------------------------------------------------

def record_provider_status(*, school: School, provider: str, status: str, reference: str = "",
                           provider_id: str = "", error: str = "") -> Delivery | None:
    """Apply a provider's report. Idempotent; never moves a delivery backwards (a late
    "sent" after "delivered" changes nothing) and ignores reports for other schools."""
    rows = Delivery.objects.filter(message__school=school)
    if reference:
        rows = rows.filter(idempotency_key=reference)
    elif provider_id:
        rows = rows.filter(provider=provider, provider_id=provider_id)
    else:
        return None
    delivery = rows.select_related("message__contact").first()
    if delivery is None:
        return None
    if provider_id and delivery.provider_id and provider_id != delivery.provider_id:
        return delivery  # about an earlier send of this delivery, since sent again
    now = timezone.now()
    if provider_id and not delivery.provider_id:
        Delivery.objects.filter(pk=delivery.pk, provider_id="").update(
            provider=provider, provider_id=provider_id, updated_at=now)
    moving = Delivery.objects.filter(pk=delivery.pk, status__in=[Status.SENDING, Status.SENT])
    if status == Status.DELIVERED:
        moving.update(status=Status.DELIVERED, delivered_at=now, last_error="", updated_at=now)
    elif status in (Status.TEMPORARY_FAILURE, Status.PERMANENT_FAILURE):
        failure = DeliveryError(error or f"{provider} reported {status}",
                                permanent=status == Status.PERMANENT_FAILURE)
        new_status, next_attempt_at, note = _after_failure(delivery.attempts, failure, now)
        with transaction.atomic():
            if moving.update(status=new_status, next_attempt_at=next_attempt_at,
                             last_error=f"{failure}{note}", enqueued_at=None, updated_at=now):
                _after_status_change(delivery, new_status, next_attempt_at)
    elif status == Status.SENT:
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
            status=Status.SENT, sent_at=now, updated_at=now)
    delivery.refresh_from_db()
    return delivery


def mark_read(message: Message) -> None:
    """The contact opened the message in the app."""
    now = timezone.now()
    with transaction.atomic():
        if Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now):
            Delivery.objects.filter(message=message, channel=Channel.APP).update(
                status=Status.READ, updated_at=now)


def mark_all_read(messages) -> int:
    """The contact opened these messages in the app (a conversation's thread); returns how
    many were unread. One query finds the unread ones; when there are any, one UPDATE reads
    them and one more their app deliveries, however many there are."""
    unread = list(messages.filter(read_at__isnull=True).values_list("pk", flat=True))
    if not unread:
        return 0
    now = timezone.now()
    with transaction.atomic():
        # Conditional, so a message read meanwhile (another tab) keeps its first time.
        read = Message.objects.filter(pk__in=unread, read_at__isnull=True).update(read_at=now)
        Delivery.objects.filter(message_id__in=unread, channel=Channel.APP).exclude(
            status=Status.READ).update(status=Status.READ, updated_at=now)
    return read


# Periodic work (management commands) --------------------------------------------------

def enqueue_due(*, limit: int = 5000) -> int:
    """Enqueue sends that are due and whose task is not already waiting, and rows whose
    worker died; claims them with a conditional UPDATE so two runs never enqueue the same
    rows. Enqueuing a row twice would still send it once (the send claims it)."""
    now = timezone.now()
    requeue_before = now - timedelta(seconds=run_setting("REQUEUE_AFTER_SECONDS"))
    not_waiting = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=requeue_before)
    due = Q(status__in=[Status.QUEUED, Status.TEMPORARY_FAILURE], next_attempt_at__lte=now)
    stuck = Q(status=Status.SENDING, provider_id="",
              sending_started_at__lt=now - _sending_timeout(),
              attempts__lt=run_setting("MAX_ATTEMPTS"))
    # A stuck row's task already ran (and died): one enqueued before its claim is not waiting.
    stuck_not_waiting = not_waiting | Q(enqueued_at__lt=F("sending_started_at"))
    with transaction.atomic():
        ids = list(Delivery.objects.select_for_update(skip_locked=True)
                   .filter((due & not_waiting) | (stuck & stuck_not_waiting),
                           channel__in=SENDABLE)
                   .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
        transaction.on_commit(lambda: enqueue_each(ids))
    return len(ids)


def give_up_stuck() -> int:
    """Rows whose worker died on every allowed attempt: fail them rather than loop."""
    now = timezone.now()
    stuck = Delivery.objects.filter(status=Status.SENDING, provider_id="",
                                    channel__in=SENDABLE,
                                    sending_started_at__lt=now - _sending_timeout(),
                                    attempts__gte=run_setting("MAX_ATTEMPTS"))
    count = 0
    for delivery in stuck.select_related("message__contact"):
        with transaction.atomic():
            if Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING,
                                       provider_id="").update(
                    status=Status.PERMANENT_FAILURE, updated_at=now, next_attempt_at=None,
                    last_error=f"Workers stopped during all {delivery.attempts} attempts"):
                _after_status_change(delivery, Status.PERMANENT_FAILURE, None)
                count += 1
    return count


def school_fallback_minutes(urn: str, school_hours: int | None) -> int | None:
    """How long a message may stay unread in the app before it goes by text: the school's
    own choice (``SchoolMessagingSettings.fallback_sms_after_hours``, 0 meaning never), or
    the deployment's FALLBACK_SMS_AFTER_MINUTES where the school has not chosen. None:
    no text."""
    if school_hours is None:
        return fallback_minutes(urn)
    return school_hours * 60 or None


def fall_back_unread(*, minutes: int | None = None) -> int:
    """For app messages unread after the school's time (``school_fallback_minutes``, or
    ``minutes`` for every school that has not turned these texts off: an operator's
    override never texts a school's families against the school's choice), queue a text
    to contacts with a mobile number.
    Idempotent: a message gets at most one SMS delivery. One query for the schools and
    their settings, then one per school plus the bulk insert."""
    now = timezone.now()
    max_age = timedelta(hours=run_setting("FALLBACK_MAX_AGE_HOURS"))
    created = 0
    schools = School.objects.only("pk", "urn").annotate(
        school_hours=F("messaging_settings__fallback_sms_after_hours"))
    for school in schools:
        if school.school_hours == 0:
            continue   # the school said no texts for unread messages
        wait = minutes if minutes is not None else school_fallback_minutes(
            school.urn, school.school_hours)
        if wait is None:
            continue
        cutoff = now - timedelta(minutes=wait)
        app_delivery = Delivery.objects.filter(message=OuterRef("pk"), channel=Channel.APP,
                                               status=Status.DELIVERED)
        unread = (Message.objects
                  .filter(school=school, read_at__isnull=True, created_at__lte=cutoff,
                          created_at__gte=cutoff - max_age)
                  .exclude(kind__in=site.unreadable_kinds()).exclude(contact__mobile="")
                  .filter(~access.withheld())
                  .exclude(send_after__gt=cutoff)  # held until morning: wait from then
                  .exclude(deliveries__channel=Channel.SMS)
                  .annotate(app_delivery_id=Subquery(app_delivery.values("pk")[:1]))
                  .filter(app_delivery_id__isnull=False)
                  .select_related("contact"))
        rows = []
        for message in unread:
            row = _delivery_for(message, Channel.SMS, now)
            row.fallback_of_id = message.app_delivery_id
            row.enqueued_at = None
            rows.append(row)
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    if created:
        enqueue_due()
    return created
