"""``verify_action``: the one check every action goes through in the tests (the model is
Zulip's ``verify_action`` in zerver/tests/test_events.py).

    with verify_action(actor=world.office) as result:
        do_send(announcement=announcement, acting_user=world.office)
    assert result.audit_events[0].summary.startswith("Sent")

It checks that the action, as it runs in its transaction:

- wrote at least one core ``AuditEvent`` with that actor (and of ``event_type``, an
  ``AuditEvent.Action``, when given);
- sent nothing: no email (``django.core.mail.outbox``), no text or email kept by the local
  outbox backends (``OutboxMessage``) and no email or text ``Delivery`` handed to a provider
  (sent, or even attempted) before the transaction commits. Side effects wait for
  ``transaction.on_commit``.

Then it runs the on-commit callbacks it captured (and those they schedule), as a commit
would, and returns what happened: the audit events, the callbacks, and what went out once
they ran. The action runs inside the test's transaction, as it would inside a request's;
the helper opens no transaction of its own (an action that is a durable atomic block may
be called in it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core import mail
from django.db.models import Max, Q
from django.test import TestCase

from bridgebook.core.models import AuditEvent
from bridgebook.messaging.models import Delivery, OutboxMessage


@dataclass(frozen=True)
class Outbound:
    """What had gone out to anyone outside Bridgebook, counted at one moment."""

    emails: int          # django.core.mail.outbox (the test mail backend)
    outbox: int          # OutboxMessage rows (the local email and SMS backends)
    deliveries: int      # email and text deliveries sent or tried (not in-app, not letters)

    @classmethod
    def now(cls) -> Outbound:
        tried = Q(sent_at__isnull=False) | Q(attempts__gt=0) | ~Q(
            status__in=[Delivery.Status.QUEUED, Delivery.Status.WITHDRAWN])
        return cls(
            emails=len(getattr(mail, "outbox", [])),
            outbox=OutboxMessage.objects.count(),
            deliveries=Delivery.objects.exclude(
                channel__in=[Delivery.Channel.APP, Delivery.Channel.LETTER]).filter(tried)
            .count(),
        )

    def __sub__(self, before: Outbound) -> Outbound:
        return Outbound(emails=self.emails - before.emails, outbox=self.outbox - before.outbox,
                        deliveries=self.deliveries - before.deliveries)

    def __bool__(self) -> bool:
        return bool(self.emails or self.outbox or self.deliveries)


@dataclass
class ActionResult:
    """What the action did, for the test's own asserts once the ``with`` block is over."""

    audit_events: list[AuditEvent] = field(default_factory=list)   # all it wrote, in order
    callbacks: list[Callable] = field(default_factory=list)        # scheduled on commit
    sent_in_transaction: Outbound | None = None                    # always nothing
    sent_on_commit: Outbound | None = None                         # once callbacks ran


@contextmanager
def verify_action(*, actor, event_type: str | None = None,
                  execute: bool = True) -> Iterator[ActionResult]:
    """Run the ``with`` block as one action by ``actor`` (a User, or None for an action no
    person takes) and check it is audited and sends nothing before commit; then run its
    on-commit callbacks (unless ``execute`` is False). Raises AssertionError, saying what
    is wrong, when a check fails; an exception from the action itself passes through."""
    last_event = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    before = Outbound.now()
    result = ActionResult()
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        yield result
    result.callbacks = list(callbacks)
    result.audit_events = list(AuditEvent.objects.filter(pk__gt=last_event)
                               .select_related("actor").order_by("pk"))
    result.sent_in_transaction = Outbound.now() - before

    actor_id = getattr(actor, "pk", None)
    matching = [event for event in result.audit_events
                if event.actor_id == actor_id
                and (event_type is None or event.action == event_type)]
    assert matching, (
        f"The action wrote no audit event by {actor or 'nobody'}"
        + (f" of type {str(event_type)!r}" if event_type else "")
        + ". It wrote: "
        + (", ".join(f"{event.action} by {event.actor or 'nobody'}: {event.summary!r}"
                     for event in result.audit_events) or "none"))
    assert not result.sent_in_transaction, (
        f"The action sent something before its transaction committed "
        f"({result.sent_in_transaction}): send only from transaction.on_commit")

    if execute:
        # As a commit would: each callback, then whatever the callbacks schedule themselves.
        with TestCase.captureOnCommitCallbacks(execute=True) as later:
            for callback in result.callbacks:
                callback()
        result.callbacks += later
    result.sent_on_commit = Outbound.now() - before
