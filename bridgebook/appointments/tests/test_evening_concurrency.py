"""Two parents press the same last free time at the same moment: exactly one is booked.

``booking.book`` locks the member of staff's row (SELECT … FOR UPDATE) and looks for a
clash inside the lock, so the second waits, sees the first's meeting and is refused. Real
concurrency needs PostgreSQL (SQLite serialises writers with one database lock); the
unique constraint on (staff, start) is checked on every database (test_evenings.py; kept
apart, as this module's world is committed for the threads)."""

import threading

import pytest
from django.db import connection, connections

from bridgebook.appointments import booking
from bridgebook.appointments.booking import NotBookable
from bridgebook.appointments.models import Appointment
from bridgebook.appointments.tests.evening_fixtures import open_evening, tomorrow

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections racing for one row lock need PostgreSQL (set DATABASE_URL)")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_parents_racing_for_the_last_slot_get_one_winner(world):
    evening = open_evening(world, until=(16, 10))  # one 10-minute time: 16:00
    start, end = tomorrow(world.school, 16), tomorrow(world.school, 16, 10)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def press(name, contact, user):
        try:
            barrier.wait(timeout=10)
            results[name] = booking.book(staff=world.class_teacher, pupil=world.pupil,
                                         contact=contact, starts_at=start, ends_at=end,
                                         by=user, evening=evening)
        except NotBookable as error:
            results[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=("layla", world.parent_contact,
                                                    world.parent)),
               threading.Thread(target=press, args=("omar", world.separated_contact,
                                                    world.separated_parent))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Appointment.objects.filter(evening=evening, status="booked").count() == 1
    outcomes = sorted(type(value).__name__ for value in results.values())
    assert outcomes == ["Appointment", "NotBookable"]
