"""The delivery pipeline against local provider servers: rows before sends, retries, at most
one send per delivery, fallbacks, and the provider callbacks."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgebook.messaging import delivery, tasks
from bridgebook.messaging.backends.base import BaseSmsBackend
from bridgebook.messaging.models import Delivery, Message, OutboxMessage
from bridgebook.messaging.recipients import resolve
from bridgebook.messaging.tests.conftest import NOTIFY_CALLBACK_TOKEN
from bridgebook.messaging.tests.fake_providers import TWILIO_AUTH_TOKEN

Status = Delivery.Status
Channel = Delivery.Channel


def text_to(world, contact=None, body="Sports day is on Friday.", **extra) -> Delivery:
    """A message to ``contact`` by SMS (and the app); returns the SMS delivery, not sent."""
    message = delivery.create_message(school=world.school, contact=contact or world.parent_contact,
                                      kind="announcement", body=body,
                                      channels=[Channel.APP, Channel.SMS], **extra)
    return message.deliveries.get(channel=Channel.SMS)


def run_due(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_deliveries", stdout=open("/dev/null", "w"))


def later(**kwargs):
    return time_machine.travel(timezone.now() + timedelta(**kwargs), tick=True)


def fresh(row: Delivery) -> Delivery:
    row.refresh_from_db()
    return row


# Rows before sends ----------------------------------------------------------------------

class WitnessBackend(BaseSmsBackend):
    """Records what the Delivery row looked like at the moment of sending."""
    provider = "witness"
    seen: list = []

    def send(self, *, to, body, subject="", reference="", status_callback=""):
        row = Delivery.objects.get(idempotency_key=reference)
        WitnessBackend.seen.append((row.status, row.attempts, row.sending_started_at))
        return "witness-1"


def test_the_delivery_row_is_written_and_claimed_before_sending(world, use_providers):
    use_providers(world.school.urn, SMS={"BACKEND": f"{__name__}.WitnessBackend"})
    WitnessBackend.seen = []
    row = text_to(world)
    assert (row.status, row.address, row.attempts) == (Status.QUEUED, "+447700900001", 0)
    assert row.idempotency_key.startswith("bb-")

    assert tasks.send_delivery.enqueue(delivery_id=row.pk).return_value == Status.SENT

    [(status, attempts, started)] = WitnessBackend.seen
    assert (status, attempts) == (Status.SENDING, 1) and started is not None
    row = fresh(row)
    assert (row.status, row.provider, row.provider_id) == (Status.SENT, "witness", "witness-1")


def test_accepting_a_message_writes_rows_and_sends_after_commit(world, notify_sms, settings,
                                                                django_capture_on_commit_callbacks,
                                                                django_assert_num_queries):
    settings.MAILERS = {"default": {"BACKEND": "bridgebook.messaging.backends.outbox.EmailBackend"}}
    recipients = resolve([world.pupil])
    drafts = [delivery.Draft(contact=r.contact, subject="Sports day",
                             body=f"Sports day for {r.children_names} is on Friday.",
                             channels=[Channel.APP, Channel.EMAIL, Channel.SMS])
              for r in recipients]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        # 1 savepoint + 1 existing-messages check + 1 insert of messages + 1 insert of
        # deliveries + 1 release, whatever the number of contacts.
        with django_assert_num_queries(5):
            messages = delivery.create_messages(school=world.school, kind="announcement",
                                                source_id=7, drafts=drafts)
    assert Delivery.objects.filter(status=Status.QUEUED).count() == 4  # 2 contacts × email, sms
    assert notify_sms.sends == []                                     # nothing before commit
    for callback in callbacks:
        callback()

    # The separated parent gets their own copy; the restricted contact none.
    assert {m.contact for m in Message.objects.filter(pk__in=messages)} == {
        world.parent_contact, world.separated_contact}
    assert sorted(n["to"] for n in notify_sms.accepted) == ["+447700900001", "+447700900002"]
    assert OutboxMessage.objects.filter(channel="email").count() == 2
    statuses = set(Delivery.objects.values_list("channel", "status"))
    assert statuses == {("app", "delivered"), ("email", "sent"), ("sms", "sent")}

    # The same source again sends nothing twice.
    again = delivery.create_messages(school=world.school, kind="announcement", source_id=7,
                                     drafts=drafts)
    assert again == [] and Message.objects.count() == 2


def test_default_channels_follow_the_contacts_choices(world):
    contact = world.parent_contact
    assert delivery.default_channels(contact) == ["app", "email"]
    contact.preferred_channels = ["sms"]
    assert delivery.default_channels(contact) == ["app", "sms"]
    contact.preferred_channels = ["email", "sms", "letter"]
    assert delivery.default_channels(contact) == ["app", "email", "sms", "letter"]
    contact.preferred_channels, contact.email, contact.mobile = [], "", ""
    assert delivery.default_channels(contact) == ["app", "letter"]


# Success, retries, permanent failures ---------------------------------------------------

def test_a_text_is_sent_through_notify(world, notify_sms):
    row = text_to(world, body="Don’t forget: trip tomorrow… bring lunch")
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    row = fresh(row)
    [kept] = notify_sms.accepted
    assert (row.status, row.provider, row.provider_id) == (Status.SENT, "notify", kept["id"])
    assert kept["reference"] == row.idempotency_key
    assert kept["personalisation"]["body"] == "Don't forget: trip tomorrow... bring lunch"


def test_a_temporary_failure_is_retried_with_backoff_then_succeeds(
        world, notify_sms, django_capture_on_commit_callbacks):
    notify_sms.fail_next = [500, 503]
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.TEMPORARY_FAILURE, 1)
    assert "500" in row.last_error
    first_wait = row.next_attempt_at - row.updated_at
    assert timedelta(seconds=59) < first_wait <= timedelta(seconds=60)

    run_due(django_capture_on_commit_callbacks)          # not due yet: nothing happens
    assert len(notify_sms.sends) == 1

    with later(seconds=61):
        run_due(django_capture_on_commit_callbacks)
        row = fresh(row)
        assert (row.status, row.attempts) == (Status.TEMPORARY_FAILURE, 2)
        assert row.next_attempt_at - row.updated_at > timedelta(seconds=119)  # doubled
    with later(seconds=61 + 121):
        run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 3, "")
    assert len(notify_sms.sends) == 3 and len(notify_sms.accepted) == 1


def test_a_permanent_failure_stops_and_queues_a_letter(world, notify_sms,
                                                      django_capture_on_commit_callbacks):
    notify_sms.reject_numbers = {"+447700900001"}
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    row = fresh(row)
    assert (row.status, row.next_attempt_at) == (Status.PERMANENT_FAILURE, None)
    assert "Not a UK mobile number" in row.last_error
    letter = Delivery.objects.get(message=row.message, channel=Channel.LETTER)
    assert (letter.status, letter.fallback_of, letter.address) == (
        Status.QUEUED, row, "1 Maple Road, " + world.parent_contact.household.town + ", "
        + world.parent_contact.household.postcode)

    with later(days=1):
        run_due(django_capture_on_commit_callbacks)
        tasks.send_delivery.enqueue(delivery_id=row.pk)
    assert len(notify_sms.sends) == 1                      # never retried
    assert Delivery.objects.filter(channel=Channel.LETTER).count() == 1


def test_attempts_are_bounded_then_the_failure_is_permanent(
        world, notify_sms, settings, django_capture_on_commit_callbacks):
    settings.BRIDGEBOOK_MESSAGING = {**settings.BRIDGEBOOK_MESSAGING, "MAX_ATTEMPTS": 3}
    notify_sms.fail_next = [500] * 10
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    for hours in (1, 2, 3, 4):
        with later(hours=hours):
            run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.PERMANENT_FAILURE, 3)
    assert "gave up after 3 attempts" in row.last_error
    assert len(notify_sms.sends) == 3
    assert Delivery.objects.filter(channel=Channel.LETTER, fallback_of=row).exists()


def test_a_timeout_is_a_temporary_failure(world, notify_sms, use_providers):
    from bridgebook.messaging.tests.conftest import notify_options

    use_providers(world.school.urn, SMS={
        "BACKEND": "bridgebook.messaging.backends.notify.NotifySmsBackend",
        "OPTIONS": notify_options(notify_sms, TIMEOUT=0.3)})
    notify_sms.delay = 1
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    row = fresh(row)
    assert row.status == Status.TEMPORARY_FAILURE and row.outcome_unknown
    assert "did not answer within 0.3 s" in row.last_error or "timed out" in row.last_error


def test_after_a_timeout_the_retry_finds_the_message_instead_of_sending_it_again(
        world, notify_sms, use_providers, django_capture_on_commit_callbacks):
    from bridgebook.messaging.tests.conftest import notify_options

    use_providers(world.school.urn, SMS={
        "BACKEND": "bridgebook.messaging.backends.notify.NotifySmsBackend",
        "OPTIONS": notify_options(notify_sms, TIMEOUT=0.3)})
    notify_sms.accept_then_delay = 1          # Notify keeps it, but answers too late
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    assert fresh(row).status == Status.TEMPORARY_FAILURE
    notify_sms.accept_then_delay = 0
    with later(minutes=2):
        run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    [kept] = notify_sms.accepted
    assert (row.status, row.provider_id, row.outcome_unknown) == (Status.SENT, kept["id"], False)
    assert len(notify_sms.sends) == 1                     # looked up, not sent again


# At most once ----------------------------------------------------------------------------

def test_running_the_task_twice_sends_once(world, notify_sms):
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    assert len(notify_sms.sends) == 1
    assert fresh(row).attempts == 1


def test_a_row_can_be_claimed_once(world, notify_sms):
    row = text_to(world)
    assert delivery.claim(row.pk) is not None
    assert delivery.claim(row.pk) is None


def simulate_dead_worker(row: Delivery):
    """What a worker killed after its claim leaves behind."""
    Delivery.objects.filter(pk=row.pk).update(status=Status.SENDING, attempts=1,
                                              sending_started_at=timezone.now())


def test_a_dead_workers_row_waits_for_the_timeout_then_is_sent_once(
        world, notify_sms, django_capture_on_commit_callbacks):
    row = text_to(world)
    simulate_dead_worker(row)                 # died before reaching Notify
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    run_due(django_capture_on_commit_callbacks)
    assert notify_sms.requests == [] and fresh(row).status == Status.SENDING

    with later(minutes=6):
        run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert [method for method, _ in notify_sms.requests] == ["GET", "POST"]  # asked, then sent
    assert len(notify_sms.accepted) == 1


def test_a_dead_worker_that_reached_notify_is_not_sent_again(
        world, notify_sms, django_capture_on_commit_callbacks):
    row = text_to(world)
    backend = delivery.backend_for(world.school.urn, "sms")
    provider_id = backend.send(to=row.address, body="Sports day is on Friday.",
                               reference=row.idempotency_key)
    simulate_dead_worker(row)                 # died after Notify accepted, before recording
    with later(minutes=6):
        run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    assert (row.status, row.provider_id) == (Status.SENT, provider_id)
    assert len(notify_sms.accepted) == 1 and len(notify_sms.sends) == 1


def test_a_dead_worker_that_reached_twilio_is_not_sent_again(
        world, twilio_sms, django_capture_on_commit_callbacks):
    row = text_to(world)
    backend = delivery.backend_for(world.school.urn, "sms")
    sid = backend.send(to=row.address, body="Sports day is on Friday.")
    simulate_dead_worker(row)
    with later(minutes=6):
        run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    assert (row.status, row.provider, row.provider_id) == (Status.SENT, "twilio", sid)
    assert len(twilio_sms.accepted) == 1


class BlindBackend(BaseSmsBackend):
    """A provider that cannot be asked what it has."""
    provider = "blind"
    sent: list = []

    def send(self, *, to, body, subject="", reference="", status_callback=""):
        BlindBackend.sent.append(reference)
        return f"blind-{len(BlindBackend.sent)}"


def test_a_provider_that_cannot_be_asked_is_not_risked_twice(
        world, use_providers, django_capture_on_commit_callbacks):
    use_providers(world.school.urn, SMS={"BACKEND": f"{__name__}.BlindBackend"})
    BlindBackend.sent = []
    row = text_to(world)
    simulate_dead_worker(row)
    with later(minutes=6):
        run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    assert BlindBackend.sent == []
    assert row.status == Status.PERMANENT_FAILURE and "cannot arrive twice" in row.last_error
    assert Delivery.objects.filter(channel=Channel.LETTER, fallback_of=row).exists()


def test_rows_whose_workers_always_die_are_given_up(world, notify_sms, settings,
                                                   django_capture_on_commit_callbacks):
    row = text_to(world)
    Delivery.objects.filter(pk=row.pk).update(status=Status.SENDING, attempts=6,
                                              sending_started_at=timezone.now())
    with later(minutes=6):
        run_due(django_capture_on_commit_callbacks)
    row = fresh(row)
    assert row.status == Status.PERMANENT_FAILURE and notify_sms.requests == []


def test_send_due_deliveries_enqueues_each_row_once(world, notify_sms,
                                                    django_capture_on_commit_callbacks):
    rows = [text_to(world, contact=c) for c in (world.parent_contact, world.separated_contact)]
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(enqueued_at=None)
    assert delivery.enqueue_due() == 2
    assert delivery.enqueue_due() == 0        # already waiting in the queue
    with later(minutes=11):                   # their tasks were lost: enqueue again
        assert delivery.enqueue_due() == 2


# Fallbacks ------------------------------------------------------------------------------

def test_unread_in_the_app_goes_by_text_after_the_schools_time(
        world, use_providers, settings, django_capture_on_commit_callbacks):
    use_providers(world.school.urn, FALLBACK_SMS_AFTER_MINUTES=60)
    settings.BRIDGEBOOK_SMS = {"BACKEND": "bridgebook.messaging.backends.outbox.SmsBackend"}
    messages = [delivery.create_message(school=world.school, contact=contact,
                                        kind="announcement", subject="Trip",
                                        body="Trip on Monday.", channels=[Channel.APP])
                for contact in (world.parent_contact, world.separated_contact)]
    delivery.mark_read(messages[1])
    assert messages[1].deliveries.get().status == Status.READ

    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.fall_back_unread() == 0           # not yet an hour
    with later(minutes=61):
        with django_capture_on_commit_callbacks(execute=True):
            assert delivery.fall_back_unread() == 1
            call_command("fallback_unread", stdout=open("/dev/null", "w"))  # idempotent
    sms = Delivery.objects.get(channel=Channel.SMS)
    assert (sms.message, sms.status, sms.address) == (messages[0], Status.SENT, "+447700900001")
    assert sms.fallback_of == messages[0].deliveries.get(channel=Channel.APP)
    assert OutboxMessage.objects.get(channel="sms").body == "Trip\nTrip on Monday."


def test_schools_without_a_fallback_time_are_left_alone(world):
    delivery.create_message(school=world.school, contact=world.parent_contact,
                            kind="announcement", body="Hi", channels=[Channel.APP])
    with later(days=1):
        assert delivery.fall_back_unread() == 0
        assert delivery.fall_back_unread(minutes=30) == 1  # the command's --minutes


# Callbacks ------------------------------------------------------------------------------

def sign(url: str, params: dict, token: str = TWILIO_AUTH_TOKEN) -> str:
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
                            ).decode()


def twilio_post(settings, row: Delivery, params: dict, *, urn: str, signature=None,
                token=TWILIO_AUTH_TOKEN):
    path = reverse("messaging:twilio_callback", args=[urn]) + "?" + urlencode(
        {"ref": row.idempotency_key})
    url = settings.BRIDGEBOOK_BASE_URL + path
    headers = {} if signature is False else {
        "X-Twilio-Signature": signature or sign(url, params, token)}
    return Client(enforce_csrf_checks=True).post(path, params, headers=headers)


@pytest.fixture
def twilio_sent(world, twilio_sms):
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    row = fresh(row)
    [kept] = twilio_sms.accepted
    assert kept["status_callback"].endswith(
        f"/messages/callbacks/twilio/{world.school.urn}/?ref={row.idempotency_key}")
    return row


def test_twilio_callback_verified_by_signature_updates_the_delivery(world, settings,
                                                                     twilio_sent):
    params = {"MessageSid": twilio_sent.provider_id, "MessageStatus": "delivered",
              "To": twilio_sent.address, "AccountSid": "AC1"}
    response = twilio_post(settings, twilio_sent, params, urn=world.school.urn)
    assert response.status_code == 204
    row = fresh(twilio_sent)
    assert row.status == Status.DELIVERED and row.delivered_at is not None
    # Idempotent, and a late "sent" never moves it back.
    assert twilio_post(settings, row, params, urn=world.school.urn).status_code == 204
    late = {**params, "MessageStatus": "sent"}
    twilio_post(settings, row, late, urn=world.school.urn)
    assert fresh(row).status == Status.DELIVERED


@pytest.mark.parametrize("case", ["unsigned", "wrong signature", "wrong token",
                                  "other school", "tampered"])
def test_twilio_callback_refuses_what_twilio_did_not_sign(world, settings, twilio_sent, case):
    params = {"MessageSid": twilio_sent.provider_id, "MessageStatus": "delivered"}
    if case == "unsigned":
        response = twilio_post(settings, twilio_sent, params, urn=world.school.urn,
                               signature=False)
    elif case == "wrong signature":
        response = twilio_post(settings, twilio_sent, params, urn=world.school.urn,
                               signature="AAAA")
    elif case == "wrong token":
        response = twilio_post(settings, twilio_sent, params, urn=world.school.urn,
                               token="not-the-token")
    elif case == "other school":      # no Twilio account configured there
        response = twilio_post(settings, twilio_sent, params, urn=world.other_school.urn)
    else:                             # signed for "sent", then changed to "failed"
        path = reverse("messaging:twilio_callback", args=[world.school.urn]) + (
            f"?ref={twilio_sent.idempotency_key}")
        signature = sign(settings.BRIDGEBOOK_BASE_URL + path,
                         {**params, "MessageStatus": "sent"})
        response = Client().post(path, {**params, "MessageStatus": "failed"},
                                 headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert fresh(twilio_sent).status == Status.SENT


def test_twilio_callback_is_post_only(world, twilio_sent):
    path = reverse("messaging:twilio_callback", args=[world.school.urn])
    assert Client().get(path).status_code == 405


def test_twilio_failed_callback_fails_permanently_and_queues_a_letter(world, settings,
                                                                      twilio_sent):
    params = {"MessageSid": twilio_sent.provider_id, "MessageStatus": "failed",
              "ErrorCode": "30008"}
    assert twilio_post(settings, twilio_sent, params, urn=world.school.urn).status_code == 204
    row = fresh(twilio_sent)
    assert row.status == Status.PERMANENT_FAILURE and "30008" in row.last_error
    assert Delivery.objects.filter(channel=Channel.LETTER, fallback_of=row).exists()


def test_twilio_undelivered_to_a_switched_off_phone_is_retried(world, settings, twilio_sent):
    params = {"MessageSid": twilio_sent.provider_id, "MessageStatus": "undelivered",
              "ErrorCode": "30003"}
    twilio_post(settings, twilio_sent, params, urn=world.school.urn)
    row = fresh(twilio_sent)
    assert row.status == Status.TEMPORARY_FAILURE and row.next_attempt_at > timezone.now()


def notify_post(urn, report, token=NOTIFY_CALLBACK_TOKEN):
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return Client(enforce_csrf_checks=True).post(
        reverse("messaging:notify_callback", args=[urn]), json.dumps(report),
        content_type="application/json", headers=headers)


@pytest.fixture
def notify_sent(world, notify_sms):
    row = text_to(world)
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    return fresh(row)


def notify_report(row, status):
    return {"id": row.provider_id, "reference": row.idempotency_key, "to": row.address,
            "status": status, "notification_type": "sms",
            "created_at": "2026-11-22T10:00:00.000000Z"}


def test_notify_callback_verified_by_bearer_token(world, notify_sent):
    response = notify_post(world.school.urn, notify_report(notify_sent, "delivered"))
    assert response.status_code == 204
    assert fresh(notify_sent).status == Status.DELIVERED


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_notify_callback_refuses_a_missing_or_wrong_token(world, notify_sent, token):
    response = notify_post(world.school.urn, notify_report(notify_sent, "delivered"), token)
    assert response.status_code == 403
    assert fresh(notify_sent).status == Status.SENT


def test_notify_callback_for_another_school_is_refused(world, notify_sent):
    # Oakleigh has no Notify account configured, so no token of its own.
    response = notify_post(world.other_school.urn, notify_report(notify_sent, "delivered"))
    assert response.status_code == 403


def test_notify_permanent_failure_goes_to_the_letter_batch(world, notify_sent):
    notify_post(world.school.urn, notify_report(notify_sent, "permanent-failure"))
    notify_post(world.school.urn, notify_report(notify_sent, "permanent-failure"))
    row = fresh(notify_sent)
    assert row.status == Status.PERMANENT_FAILURE
    assert Delivery.objects.filter(channel=Channel.LETTER).count() == 1


@pytest.mark.parametrize("status", ["temporary-failure", "technical-failure"])
def test_notify_temporary_and_technical_failures_are_retried(world, notify_sent, status):
    notify_post(world.school.urn, notify_report(notify_sent, status))
    row = fresh(notify_sent)
    assert row.status == Status.TEMPORARY_FAILURE and row.next_attempt_at is not None


def test_a_callback_that_overtakes_the_worker_is_kept(world, notify_sms):
    row = text_to(world)
    claimed, token = delivery.claim(row.pk)
    # Notify accepted the message and its callback arrives before the worker records it.
    report = {"id": "notify-id-1", "reference": row.idempotency_key, "status": "delivered"}
    assert notify_post(world.school.urn, report).status_code == 204
    assert fresh(row).status == Status.DELIVERED
    delivery._record_sent(claimed, token, provider="notify", provider_id="notify-id-1")
    row = fresh(row)
    assert (row.status, row.provider_id) == (Status.DELIVERED, "notify-id-1")


def test_a_worker_that_can_defer_gets_the_retry_at_its_time(
        world, notify_sms, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    notify_sms.fail_next = [500]
    row = text_to(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_delivery(row.pk) == Status.TEMPORARY_FAILURE
    row = fresh(row)
    [retry] = default_task_backend.results
    assert retry.task.run_after == row.next_attempt_at == row.enqueued_at
    assert retry.kwargs == {"delivery_id": row.pk}
    with later(seconds=61):                   # due, but its deferred task is waiting for it
        assert delivery.enqueue_due() == 0


def test_a_late_report_about_an_earlier_send_is_ignored(world, notify_sent):
    stale = {**notify_report(notify_sent, "permanent-failure"), "id": "an-earlier-send"}
    assert notify_post(world.school.urn, stale).status_code == 204
    assert fresh(notify_sent).status == Status.SENT


def test_a_backend_that_cannot_be_built_leaves_a_retryable_row(world, use_providers):
    use_providers(world.school.urn, EMAIL={
        "BACKEND": "bridgebook.messaging.backends.smtp.MailerBackend",
        "OPTIONS": {"MAILER": "missing"}})
    message = delivery.create_message(school=world.school, contact=world.parent_contact,
                                      kind="announcement", body="Hi",
                                      channels=[Channel.EMAIL])
    row = message.deliveries.get()
    tasks.send_delivery.enqueue(delivery_id=row.pk)
    row = fresh(row)
    assert row.status == Status.TEMPORARY_FAILURE and "Backend not available" in row.last_error
