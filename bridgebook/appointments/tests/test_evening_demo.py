"""The demo's spring parents' evening, through the family's pages: it opens; Omar and
Layla Hassan, who live apart, book their own times with Amira's teacher (each sees only
theirs); Agnieszka Nowak books Zofia's and Jakub's teachers back to back from a
suggestion; two Birch mothers press the last time Gareth Evans has, one after the other:
one is booked and the other is told the time has gone. (test_evening_concurrency.py races
them for real on PostgreSQL.)"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from bridgebook.appointments import evenings
from bridgebook.appointments.models import Appointment, ParentsEvening
from bridgebook.conftest import signed_in
from bridgebook.core.tests.factories import UserFactory
from bridgebook.people.models import Contact

LONDON = ZoneInfo("Europe/London")
SEEDED = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
BOOKING = datetime.datetime(2026, 12, 3, 19, 30, tzinfo=LONDON)


@pytest.fixture
def demo(db, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    with time_machine.travel(SEEDED, tick=False):
        call_command("seed_demo", "--quiet", stdout=StringIO())
    with time_machine.travel(BOOKING, tick=False):
        yield ParentsEvening.objects.get(name="Spring parents' evening")


def person(first: str, last: str) -> Contact:
    contact = Contact.objects.select_related("household", "school").get(first_name=first,
                                                                        last_name=last)
    if contact.user is None:
        contact.user = UserFactory(email=contact.email or f"{first.lower()}@demo.example",
                                   full_name=contact.full_name)
        contact.save(update_fields=["user"])
    return contact


def book(contact, evening, values):
    return signed_in(contact.user).post(
        reverse("appointments:evening_book", args=[evening.pk]),
        {"choice": values, "confirm": "yes"})


def test_the_spring_evening_is_set_up_and_open(demo):
    evening = demo
    assert evening.is_open()
    sessions = list(evening.sessions.all())
    assert [timezone_day(s.starts_at) for s in sessions] == [datetime.date(2027, 1, 26),
                                                             datetime.date(2027, 1, 28)]
    assert evening.staff.count() == 4
    gareth = evening.staff.get(staff__full_name="Gareth Evans")
    assert len(evenings.free_slots(gareth)) == 1
    page = signed_in(person("Layla", "Hassan").user).get(reverse("core:home"))
    assert reverse("appointments:evening_family") in page.content.decode()


def timezone_day(moment):
    return moment.astimezone(LONDON).date()


def test_omar_and_layla_book_separate_times_and_each_sees_only_theirs(demo):
    evening = demo
    layla, omar = person("Layla", "Hassan"), person("Omar", "Hassan")
    laylas = evenings.family_plan(evening, layla).children[0].default
    assert laylas.staff.full_name == "Hannah Price"
    assert book(layla, evening, [laylas.choices[0][0]]).status_code == 302
    omars = evenings.family_plan(evening, omar).children[0].default
    assert book(omar, evening, [omars.choices[0][0]]).status_code == 302

    first, second = Appointment.objects.filter(evening=evening,
                                               pupil__legal_first_name="Amira")
    assert {first.contact, second.contact} == {layla, omar}
    assert first.household != second.household
    assert first.ends_at <= second.starts_at
    url = reverse("appointments:evening_book", args=[evening.pk])
    for contact, own, other in ((layla, first, second), (omar, second, first)):
        if own.contact != contact:
            own, other = other, own
        page = signed_in(contact.user).get(url).content.decode()
        assert reverse("appointments:evening_cancel", args=[own.pk]) in page
        assert reverse("appointments:evening_cancel", args=[other.pk]) not in page


def test_agnieszka_books_zofias_and_jakubs_teachers_back_to_back(demo):
    evening = demo
    agnieszka = person("Agnieszka", "Nowak")
    plan = evenings.family_plan(evening, agnieszka)
    assert {child.default.staff.full_name for child in plan.children} == {"Marcus Reid",
                                                                         "Aisha Begum"}
    page = signed_in(agnieszka.user).get(
        reverse("appointments:evening_book", args=[evening.pk])).content.decode()
    assert "Suggested times, one after another" in page
    suggestion = plan.suggestions[0]
    assert book(agnieszka, evening, suggestion.values).status_code == 302

    booked = list(Appointment.objects.filter(evening=evening, contact=agnieszka)
                  .order_by("starts_at"))
    assert {item.pupil.legal_first_name for item in booked} == {"Zofia", "Jakub"}
    assert {item.staff.full_name for item in booked} == {"Marcus Reid", "Aisha Begum"}
    assert booked[1].starts_at - booked[0].ends_at <= datetime.timedelta(
        minutes=evening.gap_minutes)


def test_two_parents_press_the_last_time_and_one_wins(demo):
    evening = demo
    gurpreet, carmen = person("Gurpreet", "Kaur"), person("Carmen", "García")
    values = []
    for contact in (gurpreet, carmen):
        offer = evenings.family_plan(evening, contact).children[0].default
        assert offer.staff.full_name == "Gareth Evans"
        [(value, _start, _end)] = offer.choices
        values.append(value)
    assert values[0].split(":")[1:] == values[1].split(":")[1:]

    assert book(gurpreet, evening, [values[0]]).status_code == 302
    response = book(carmen, evening, [values[1]])
    assert response.status_code == 409
    assert "That time has just been booked by someone else." in response.content.decode()
    assert Appointment.objects.filter(evening=evening, staff__full_name="Gareth Evans",
                                      status="booked").count() == 2
    assert not Appointment.objects.filter(contact=carmen).exists()
