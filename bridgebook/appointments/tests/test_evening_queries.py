"""The parents' evening pages cost the same number of queries however many staff take
part, meetings are booked and targets each pupil has."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.appointments import booking
from bridgebook.appointments.models import EveningStaff
from bridgebook.appointments.tests.evening_fixtures import open_evening, tomorrow
from bridgebook.appointments.tests.test_evenings import _targets
from bridgebook.conftest import signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff
from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def meetings(world, evening, n, first=0):
    """``n`` more Class A pupils, each with a parent who booked Cara and three targets."""
    for i in range(first, first + n):
        pupil = PupilFactory(school=world.school, school_class=world.class_a)
        link = PupilContactFactory(pupil=pupil)
        _targets(pupil, 3, world.class_teacher)
        at = tomorrow(world.school, 16) + datetime.timedelta(minutes=15 * i)
        booking.book(staff=world.class_teacher, pupil=pupil, contact=link.contact,
                     starts_at=at, ends_at=at + datetime.timedelta(minutes=10),
                     by=world.office, evening=evening)


def test_the_schedule_costs_the_same_for_one_meeting_or_five(world):
    evening = open_evening(world)
    url = reverse("appointments:evening_schedule", args=[evening.pk])
    client = signed_in(world.class_teacher)
    meetings(world, evening, 1)
    small = count(client, url)
    meetings(world, evening, 4, first=1)
    assert count(client, url) == small


def test_the_overview_costs_the_same_for_two_staff_or_five(world):
    evening = open_evening(world)
    url = reverse("appointments:evening_overview", args=[evening.pk])
    client = signed_in(world.office)
    meetings(world, evening, 1)
    small = count(client, url)
    for i in range(3):
        EveningStaff.objects.create(evening=evening, staff=staff(
            world.school, Role.SALT, full_name=f"Therapist {i}"))
    meetings(world, evening, 3, first=1)
    assert count(client, url) == small


def test_the_booking_page_costs_the_same_for_one_child_or_three(world):
    evening = open_evening(world)
    url = reverse("appointments:evening_book", args=[evening.pk])
    client = signed_in(world.separated_parent)
    small = count(client, url)
    for _i in range(2):
        sibling = PupilFactory(school=world.school, school_class=world.class_b)
        PupilContactFactory(pupil=sibling, contact=world.separated_contact)
    meetings(world, evening, 3)
    assert count(client, url) == small
