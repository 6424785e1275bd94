"""core.bulk: many rows in a few statements, with the same values the ORM would write."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bridgebook.core.bulk import insert_returning
from bridgebook.messaging.models import Delivery, Message

pytestmark = pytest.mark.django_db


def test_rows_come_back_as_the_orm_reads_them(world):
    when = datetime.datetime(2026, 11, 23, 21, 40, 5, 123456, tzinfo=datetime.UTC)
    contacts = [world.parent_contact, world.separated_contact]
    found = insert_returning(
        Message, ["school_id", "contact_id", "kind", "body", "created_at", "send_after"],
        [(world.school.pk, contact.pk, "other", f"Hello {contact.pk} – “quoted” ١٢٣", when,
          None) for contact in contacts],
        returning=("id", "contact_id"))

    assert sorted(contact_id for _pk, contact_id in found) == sorted(c.pk for c in contacts)
    for pk, contact_id in found:
        message = Message.objects.get(pk=pk)
        assert message.contact_id == contact_id
        assert message.body == f"Hello {contact_id} – “quoted” ١٢٣"
        assert message.created_at == when          # the timestamp survives, to the microsecond
        assert message.send_after is None and message.read_at is None
        assert message.language == "en" and message.source_id is None   # model defaults


def test_many_rows_are_batched_and_each_gets_its_own_callable_default(world):
    now = datetime.datetime.now(datetime.UTC)
    with CaptureQueriesContext(connection) as queries:
        messages = insert_returning(
            Message, ["school_id", "contact_id", "kind", "body", "created_at"],
            [(world.school.pk, world.parent_contact.pk, "other", f"Number {n}", now)
             for n in range(700)], returning=("id", "body"))
    assert len(messages) == 700 and len({pk for pk, _ in messages}) == 700
    assert {body for _pk, body in messages} == {f"Number {n}" for n in range(700)}
    # A few statements, not one per row (SQLite takes a limited number of parameters each).
    assert len(queries) <= 700 // 50

    insert_returning(Delivery, ["message_id", "channel", "address", "created_at",
                                "updated_at"],
                     [(pk, "sms", f"+4477009{n:05d}", now, now)
                      for n, (pk, _body) in enumerate(messages)])
    keys = set(Delivery.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == 700 and all(key.startswith("bb-") for key in keys)
    assert set(Delivery.objects.values_list("status", "attempts")) == {("queued", 0)}


def test_nothing_to_insert_runs_no_query(world):
    with CaptureQueriesContext(connection) as queries:
        assert insert_returning(Message, ["school_id"], []) == []
    assert len(queries) == 0
