"""The appointment pages cost the same number of queries however many meetings, windows
and families there are (at least three of each before counting)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.appointments import booking
from bridgebook.appointments.tests.helpers import TODAY, TUESDAY, at, book_for, window
from bridgebook.conftest import signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff as make_staff
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory, PupilFactory


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return len(queries)


def meetings(world, n: int, *, start: int) -> None:
    """``n`` more families in Class A, each with a meeting with Cara on Tuesday, two of
    them coming with someone."""
    for i in range(n):
        pupil = PupilFactory(school=world.school, school_class=world.class_a)
        contact = ContactFactory(school=world.school, interpreter_needed=bool(i % 2),
                                 language="pl")
        other = ContactFactory(school=world.school)
        PupilContactFactory(pupil=pupil, contact=contact, priority=1)
        PupilContactFactory(pupil=pupil, contact=other, priority=2)
        day = TUESDAY + datetime.timedelta(days=7 * (start + i))
        window(world, day=day)
        booking.book(staff=world.class_teacher, pupil=pupil, contact=contact,
                     starts_at=at(day, 16), ends_at=at(day, 16, 20), by=world.class_teacher,
                     with_contacts=[other])


def test_my_appointments_cost_the_same_for_three_or_ten(world):
    # The viewer, the school, the meetings, who comes with them (and the page's frame).
    client = signed_in(world.class_teacher)
    url = reverse("appointments:mine", args=[world.school.urn])
    meetings(world, 3, start=0)
    small = count(client, url)
    meetings(world, 7, start=3)
    assert count(client, url) == small


def test_when_i_can_meet_costs_the_same_for_three_windows_or_ten(world):
    client = signed_in(world.class_teacher)
    url = reverse("appointments:availability", args=[world.school.urn])
    meetings(world, 3, start=0)
    small = count(client, url)
    meetings(world, 7, start=3)
    assert count(client, url) == small


def test_a_childs_meetings_cost_the_same_for_three_or_ten(world):
    for i in range(3):
        window(world, day=TUESDAY + datetime.timedelta(days=7 * i))
        book_for(world, starts=at(TUESDAY + datetime.timedelta(days=7 * i), 15, 30),
                 with_contacts=[world.separated_contact])
    staff, layla = signed_in(world.class_teacher), signed_in(world.parent)
    url = reverse("appointments:pupil", args=[world.pupil.pk])
    small_staff, small_family = count(staff, url), count(layla, url)
    upcoming = reverse("appointments:upcoming")
    small_upcoming = count(layla, upcoming)
    for i in range(3, 10):
        window(world, day=TUESDAY + datetime.timedelta(days=7 * i))
        book_for(world, starts=at(TUESDAY + datetime.timedelta(days=7 * i), 15, 30),
                 with_contacts=[world.separated_contact])
    assert count(staff, url) == small_staff
    assert count(layla, url) == small_family
    assert count(layla, upcoming) == small_upcoming


def test_booking_costs_the_same_for_three_staff_and_windows_or_ten(world):
    layla = signed_in(world.parent)
    choose = reverse("appointments:book", args=[world.pupil.pk])
    days = choose + f"?staff={world.class_teacher.pk}"

    def grow(n, start):
        for i in range(n):
            therapist = make_staff(world.school, Role.OT, full_name=f"OT {start + i}")
            window(world, therapist)
            window(world, day=TUESDAY + datetime.timedelta(days=7 * (start + i)))
            window(world, day=TUESDAY + datetime.timedelta(days=7 * (start + i) + 2),
                   language="ar")
            book_for(world, world.separated_contact,
                     starts=at(TUESDAY + datetime.timedelta(days=7 * (start + i)), 16))

    grow(3, 0)
    small_choose, small_days = count(layla, choose), count(layla, days)
    grow(7, 3)
    assert count(layla, choose) == small_choose
    assert count(layla, days) == small_days


def test_moving_costs_the_same_for_three_free_days_or_ten(world):
    window(world)
    appointment = book_for(world)
    layla = signed_in(world.parent)
    url = reverse("appointments:move", args=[appointment.pk])
    for i in range(1, 4):
        window(world, day=TUESDAY + datetime.timedelta(days=7 * i))
    small = count(layla, url)
    for i in range(4, 11):
        window(world, day=TUESDAY + datetime.timedelta(days=7 * i))
    assert count(layla, url) == small
