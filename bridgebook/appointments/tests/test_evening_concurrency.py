"""Two parents press the same last free time at the same moment: exactly one is booked.

``booking.book`` locks the member of staff's row (SELECT … FOR UPDATE) and looks for a
clash inside the lock, so the second waits, sees the first's meeting and is refused. Real
concurrency needs PostgreSQL (SQLite serialises writers with one database lock); the
unique constraint on (staff, start) is checked on every database (test_evenings.py; kept
apart, as this module's world is committed for the threads).

The same start is also refused by that unique constraint, lock or no lock; two meetings
that overlap from different starts (a longer meeting with an interpreter, 16:00–16:25,
against 16:15) are kept apart by the lock alone: the second race shows it, with the clash
check slowed down so that, without the lock, both would pass it before either writes."""

import threading
import time

import pytest
from django.db import connection, connections

from bridgebook.appointments import booking, evenings
from bridgebook.appointments.booking import NotBookable
from bridgebook.appointments.models import Appointment
from bridgebook.appointments.tests.evening_fixtures import open_evening, tomorrow

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections racing for one row lock need PostgreSQL (set DATABASE_URL)")


def race(**presses) -> dict[str, object]:
    """Run each press (a name → a function that books) in its own thread and connection,
    all released at the same moment; what each returned, or the NotBookable it raised."""
    barrier = threading.Barrier(len(presses))
    results: dict[str, object] = {}

    def press(name, book):
        try:
            barrier.wait(timeout=10)
            results[name] = book()
        except NotBookable as error:
            results[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=item) for item in presses.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_parents_racing_for_the_last_slot_get_one_winner(world):
    evening = open_evening(world, until=(16, 10))  # one 10-minute time: 16:00
    start, end = tomorrow(world.school, 16), tomorrow(world.school, 16, 10)

    def booking_by(contact, user):
        return lambda: booking.book(staff=world.class_teacher, pupil=world.pupil,
                                    contact=contact, starts_at=start, ends_at=end,
                                    by=user, evening=evening)

    results = race(layla=booking_by(world.parent_contact, world.parent),
                   omar=booking_by(world.separated_contact, world.separated_parent))

    assert Appointment.objects.filter(evening=evening, status="booked").count() == 1
    outcomes = sorted(type(value).__name__ for value in results.values())
    assert outcomes == ["Appointment", "NotBookable"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_longer_interpreter_meeting_and_an_overlapping_one_get_one_winner(
        world, monkeypatch):
    """Issue 14 audit: Layla (an Arabic interpreter: 25 minutes, 16:00–16:25) and Omar
    (16:15–16:25) book the same member of staff at the same moment through the evening's
    booking (``book_together``). Different starts: only the lock keeps them apart."""
    evening = open_evening(world, staff=[world.class_teacher], until=(17, 0))
    laylas_plan = evenings.family_plan(evening, world.parent_contact)
    omars_plan = evenings.family_plan(evening, world.separated_contact)
    laylas = laylas_plan.children[0].default
    omars = omars_plan.children[0].default
    layla_time = next(times for times in laylas.times
                      if times[0] == tomorrow(world.school, 16))
    omar_time = next(times for times in omars.times
                     if times[0] == tomorrow(world.school, 16, 15))
    assert layla_time[1] == tomorrow(world.school, 16, 25)
    assert omar_time[1] == tomorrow(world.school, 16, 25)

    original = booking._clash

    def slow_clash(**kwargs):
        # Both look for a clash before either writes, unless the lock makes one wait.
        found = original(**kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(booking, "_clash", slow_clash)

    def booking_of(plan, offer, times, user):
        return lambda: evenings.book_together(plan=plan, chosen=[(world.pupil, offer, times)],
                                              by=user)

    results = race(layla=booking_of(laylas_plan, laylas, layla_time, world.parent),
                   omar=booking_of(omars_plan, omars, omar_time, world.separated_parent))

    assert Appointment.objects.filter(evening=evening, status="booked").count() == 1
    outcomes = sorted(type(value).__name__ for value in results.values())
    assert outcomes == ["NotBookable", "list"]
