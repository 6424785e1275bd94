"""Parents' evenings after the review (issue 14's findings): court orders over every list
and offer (P1-2, P1-4), a family member reads only meetings about a child they see (P1-5),
garbage in query strings is a 404 or a form error, never a 500 (P2-8), times in the
school's time zone (P3-16), cancelling leads back to the evening (P3-18), only the
booker's own household may come together (issue 14 audit), and the landing card only for
who books (P3-20)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.appointments import booking, evenings, notifications
from bridgebook.appointments.booking import NotBookable
from bridgebook.appointments.models import APPOINTMENT_NOTICE, Appointment
from bridgebook.appointments.plugin_evenings import _evening_open
from bridgebook.appointments.tests.evening_fixtures import (
    evening_staff,
    open_evening,
    tomorrow,
)
from bridgebook.conftest import signed_in
from bridgebook.core.access import forget_viewer, viewer_for
from bridgebook.core.tests.factories import UserFactory
from bridgebook.messaging.models import Message
from bridgebook.people.tests.factories import (
    ContactFactory,
    PupilContactFactory,
)


def _restrict(pupil, *, user=None, email=""):
    """A court order keeps someone from ``pupil``: a restricted contact with their account
    or only their email address."""
    contact = ContactFactory(school=pupil.school, household=None, first_name="Kept",
                             email=email, user=user)
    PupilContactFactory(pupil=pupil, contact=contact, relationship="OTH",
                        parental_responsibility=False, is_restricted=True,
                        restriction_note="Court order.")
    return contact


def _family_user(contact):
    user = UserFactory(email=contact.email, full_name=contact.full_name)
    contact.user = user
    contact.save(update_fields=["user"])
    return user


def _laylas_meeting(world, evening, **kwargs):
    return booking.book(staff=world.class_teacher, pupil=world.pupil,
                        contact=world.parent_contact, starts_at=tomorrow(world.school, 16),
                        ends_at=tomorrow(world.school, 16, 10), by=world.parent,
                        evening=evening, **kwargs)


# P1-2: the overview leaves out the children kept from who reads it ----------------------------

@pytest.mark.parametrize("match", ["user", "email"])
def test_the_overview_leaves_out_a_child_kept_from_the_principal(world, match):
    evening = open_evening(world)
    _restrict(world.pupil, **({"user": world.principal} if match == "user"
                              else {"email": world.principal.email.upper()}))
    page = signed_in(world.principal).get(
        reverse("appointments:evening_overview", args=[evening.pk])).content.decode()
    assert "Amira" not in page
    assert "Ben" in page  # the others are still there
    found = evenings.overview(evening, user=world.principal)
    assert world.pupil not in found.not_booked
    assert {line.name: line.families for line in found.classes}.get("Class A", 0) == 0
    # Who is not kept from Amira reads her.
    assert world.pupil in evenings.overview(evening, user=world.office).not_booked


def test_the_schedule_leaves_out_a_meeting_about_a_child_kept_from_the_reader(world):
    evening = open_evening(world)
    _laylas_meeting(world, evening)
    _restrict(world.pupil, email=world.principal.email)
    url = reverse("appointments:evening_schedule", args=[evening.pk])
    page = signed_in(world.principal).get(f"{url}?staff={world.class_teacher.pk}")
    assert "Amira" not in page.content.decode()


# P1-4: families are never offered staff a court order keeps from the child ---------------------

@pytest.mark.parametrize("match", ["user", "email"])
def test_a_family_is_not_offered_staff_kept_from_the_child(world, match):
    evening = open_evening(world)
    before = evenings.family_plan(evening, world.parent_contact)
    stale = before.children[0].default
    assert stale.staff == world.class_teacher
    _restrict(world.pupil, **({"user": world.class_teacher} if match == "user"
                              else {"email": world.class_teacher.email}))
    plan = evenings.family_plan(evening, world.parent_contact)
    assert [offer.staff for offer in plan.children[0].offers] == []
    # A time chosen from the page read before the order is refused, whichever way it
    # comes: the form (the offer is no longer the plan's) or booking directly.
    client = signed_in(world.parent)
    response = client.post(reverse("appointments:evening_book", args=[evening.pk]),
                           {"choice": stale.choices[0][0], "confirm": "yes"})
    assert response.status_code == 400
    with pytest.raises(NotBookable):
        evenings.book_together(plan=before, chosen=[(world.pupil, stale, stale.times[0])],
                               by=world.parent)
    assert not Appointment.objects.filter(evening=evening).exists()


# P1-5: a household member reads only meetings about a child they see ---------------------------

def test_a_household_member_with_parental_responsibility_for_another_child_only(world):
    evening = open_evening(world)
    meeting = _laylas_meeting(world, evening)
    # Layla's partner lives with her and has parental responsibility for Ben, not Amira.
    partner = ContactFactory(school=world.school, household=world.parent_contact.household,
                             first_name="Karim", email="karim@family.example")
    PupilContactFactory(pupil=world.pupil_b, contact=partner, relationship="PAF")
    client = signed_in(_family_user(partner))
    url = reverse("appointments:evening_cancel", args=[meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Not coming"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.is_booked
    page = client.get(reverse("appointments:evening_book", args=[evening.pk])).content.decode()
    assert url not in page
    # Layla still opens it.
    assert signed_in(world.parent).get(url).status_code == 200


# P2-8: garbage in a query string ---------------------------------------------------------------

@pytest.mark.parametrize("value", ["²", "abc", "٣", "99999999999999999999", "1e3", " 1", "-1"])
def test_a_schedule_for_garbage_staff_is_404(world, value):
    evening = open_evening(world)
    url = reverse("appointments:evening_schedule", args=[evening.pk])
    assert signed_in(world.office).get(url, {"staff": value}).status_code == 404


@pytest.mark.parametrize("value", ["²", "abc", "99999999999999999999"])
def test_garbage_on_the_booking_page_is_never_a_500(world, value):
    evening = open_evening(world)
    client = signed_in(world.separated_parent)
    url = reverse("appointments:evening_book", args=[evening.pk])
    assert client.get(url, {"with": value}).status_code == 200
    response = client.post(url, {"with": value, "choice": f"{value}:{value}:{value}"})
    assert response.status_code == 400
    assert "That time is not one you can book" in response.content.decode()
    es = evening_staff(evening, world.class_teacher)
    response = client.post(url, {"choice": f"{world.pupil.pk}:{es.pk}:{value}"})
    assert response.status_code == 400


def test_query_id_takes_ascii_digits_only():
    from bridgebook.core.access import query_id

    assert query_id("12") == 12
    assert query_id("123456789") == 123456789
    for value in ("²", "١٢", "１２", "abc", "", "1234567890", "+1", "1_000", None):
        assert query_id(value) is None


@pytest.mark.parametrize("value", ["²", "abc", "99999999999999999999"])
def test_garbage_in_the_staff_and_break_forms_is_a_form_error(world, value):
    evening = open_evening(world)
    client = signed_in(world.office)
    response = client.post(reverse("appointments:evening_staff_add", args=[evening.pk]),
                           {"staff": value, "slot_minutes": "", "room": ""})
    assert response.status_code == 400
    response = client.post(reverse("appointments:evening_break_add", args=[evening.pk]),
                           {"session": value, "starts": "17:00", "ends": "17:15",
                            "staff": value})
    assert response.status_code == 400


# P3-16: the school's time zone -------------------------------------------------------------------

def _far_school(world, name="Pacific/Auckland"):
    world.school.timezone = name
    world.school.save(update_fields=["timezone"])


def test_evening_pages_show_times_in_the_schools_time_zone(world):
    _far_school(world)
    evening = open_evening(world)
    meeting = _laylas_meeting(world, evening)
    # Sessions start at 16:00 at the school: 03:00 or 04:00 in London.
    family = signed_in(world.parent)
    for url in (reverse("appointments:evening_family"),
                reverse("appointments:evening_book", args=[evening.pk]),
                reverse("appointments:evening_cancel", args=[meeting.pk])):
        page = family.get(url).content.decode()
        assert "16:00" in page, url
    office = signed_in(world.office)
    for url in (reverse("appointments:evening_list", args=[world.school.urn]),
                reverse("appointments:evening_overview", args=[evening.pk]),
                reverse("appointments:evening_schedule", args=[evening.pk])
                + f"?staff={world.class_teacher.pk}",
                reverse("appointments:evening_notes", args=[meeting.pk])):
        page = office.get(url).content.decode()
        assert "16:00" in page, url
    plan = evenings.family_plan(evening, world.separated_contact)
    confirm = signed_in(world.separated_parent).post(
        reverse("appointments:evening_book", args=[evening.pk]),
        {"choice": plan.children[0].default.choices[0][0]})
    assert confirm.status_code == 200
    assert "16:15" in confirm.content.decode()


def test_who_is_on_roll_is_decided_on_the_schools_date(world, time_machine):
    """13:00 in London on 10 March is 02:00 on 11 March in Auckland: a child who left on
    10 March has left there."""
    _far_school(world)
    time_machine.move_to(datetime.datetime(2026, 3, 10, 13, 0, tzinfo=datetime.UTC))
    evening = open_evening(world)
    world.pupil.leaving_date = datetime.date(2026, 3, 10)
    world.pupil.save(update_fields=["leaving_date"])
    assert list(evenings.bookable_children(world.parent_contact.pk, world.school)) == []
    assert world.pupil not in evenings.overview(evening).not_booked


# P3-18: back to the evening; who may come together (own household only) ---------------

def test_a_cancelled_evening_meeting_leads_back_to_the_evening(world):
    evening = open_evening(world)
    meeting = _laylas_meeting(world, evening)
    client = signed_in(world.parent)
    url = reverse("appointments:evening_cancel", args=[meeting.pk])
    response = client.post(url, {"reason": "Working late"})
    assert response["Location"] == reverse("appointments:evening_book", args=[evening.pk])
    page = client.get(url).content.decode()
    assert "Book another time" in page
    assert reverse("appointments:evening_book", args=[evening.pk]) in page
    assert reverse("appointments:book", args=[world.pupil.pk]) not in page
    # Once booking has closed there is nothing to book again.
    evening.booking_closes_at = evening.booking_opens_at + datetime.timedelta(minutes=1)
    evening.save(update_fields=["booking_closes_at"])
    assert "Book another time" not in client.get(url).content.decode()


def test_the_cancellation_message_and_meeting_page_lead_back_to_the_open_evening(
        world, django_capture_on_commit_callbacks):
    evening = open_evening(world)
    meeting = _laylas_meeting(world, evening)
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(meeting, by=world.class_teacher, reason="Unwell")
    again = reverse("appointments:evening_book", args=[evening.pk])
    message = Message.objects.get(contact=world.parent_contact, kind=APPOINTMENT_NOTICE,
                                  source_id=meeting.notices.get(what="cancelled").pk)
    assert again in message.body
    assert reverse("appointments:book", args=[world.pupil.pk]) not in message.body
    page = signed_in(world.parent).get(reverse("appointments:appointment",
                                               args=[meeting.pk])).content.decode()
    assert f'href="{again}"' in page
    # Once the evening's booking has closed, neither offers to book again.
    evening.booking_closes_at = evening.booking_opens_at + datetime.timedelta(minutes=1)
    evening.save(update_fields=["booking_closes_at"])
    meeting.refresh_from_db()
    assert notifications.book_again_path(meeting) is None
    page = signed_in(world.parent).get(reverse("appointments:appointment",
                                               args=[meeting.pk])).content.decode()
    assert again not in page


def test_a_separated_parent_cannot_book_the_other_parent_into_their_meeting(
        world, django_capture_on_commit_callbacks):
    """Issue 14 audit (safety): Layla may not pull Omar, who lives apart, into her meeting
    alone. He is never offered, and his id posted as coming is left out: the meeting is
    Layla's household's only, Omar is not told of it and never opens it, and his own
    meetings do not shape her times (nor hers his)."""
    evening = open_evening(world)
    plan = evenings.family_plan(evening, world.parent_contact,
                                coming_ids=[world.separated_contact.pk])
    assert plan.together == [] and plan.coming == []
    assert plan.coming_for(world.pupil.pk) == []
    url = reverse("appointments:evening_book", args=[evening.pk])
    layla = signed_in(world.parent)
    page = layla.get(url + f"?with={world.separated_contact.pk}").content.decode()
    assert "Is anyone coming with you?" not in page
    assert world.separated_contact.full_name not in page
    amira = plan.children[0].default
    with django_capture_on_commit_callbacks(execute=True):
        response = layla.post(url, {"with": world.separated_contact.pk, "confirm": "yes",
                                    "choice": amira.choices[0][0]})
    assert response.status_code == 302
    meeting = Appointment.objects.get(evening=evening, pupil=world.pupil)
    assert list(meeting.with_contacts.all()) == []
    assert meeting.household == world.parent_contact.household
    assert not Message.objects.filter(contact=world.separated_contact,
                                      kind=APPOINTMENT_NOTICE).exists()
    omar = signed_in(world.separated_parent)
    assert reverse("appointments:evening_cancel", args=[meeting.pk]) not in omar.get(
        url).content.decode()
    assert omar.get(reverse("appointments:evening_cancel",
                            args=[meeting.pk])).status_code == 404
    # Omar still books his own meeting about Amira with Cara.
    assert evenings.family_plan(evening, world.separated_contact).children[0].to_book
    # Nor can Omar bring Layla along.
    assert evenings.family_plan(evening, world.separated_contact,
                                coming_ids=[world.parent_contact.pk]).coming == []


def test_someone_of_the_bookers_own_household_may_come(world):
    """Nadia lives with Omar and has parental responsibility for Amira: offered, and
    coming when chosen; both then see the meeting."""
    evening = open_evening(world)
    nadia = ContactFactory(school=world.school, household=world.separated_contact.household,
                           first_name="Nadia", email="nadia@family.example")
    PupilContactFactory(pupil=world.pupil, contact=nadia, relationship="STM")
    plan = evenings.family_plan(evening, world.separated_contact, coming_ids=[nadia.pk])
    assert plan.together == [nadia] and plan.coming == [nadia]
    offer = plan.children[0].default
    [meeting] = evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                                       by=world.separated_parent)
    assert list(meeting.with_contacts.all()) == [nadia]
    assert signed_in(_family_user(nadia)).get(reverse(
        "appointments:evening_cancel", args=[meeting.pk])).status_code == 200
    assert signed_in(world.parent).get(reverse(
        "appointments:evening_cancel", args=[meeting.pk])).status_code == 404


def test_only_the_bookers_household_cancels_an_evening_meeting(world):
    """Review: Omar, from another household, was asked to come to Layla's meeting (staff
    booked him in): he opens it, but neither cancels it here nor on the meeting's own page,
    and is offered no link to. Layla, and anyone of her household, may."""
    evening = open_evening(world)
    meeting = _laylas_meeting(world, evening, with_contacts=[world.separated_contact])
    cancel = reverse("appointments:evening_cancel", args=[meeting.pk])
    omar = signed_in(world.separated_parent)
    page = omar.get(reverse("appointments:evening_book", args=[evening.pk])).content.decode()
    assert "Cara Teacher" in page  # he sees the meeting he was asked to
    assert cancel not in page
    assert omar.get(cancel).status_code == 403
    assert omar.post(cancel, {"reason": "Not coming"}).status_code == 403
    general = reverse("appointments:cancel", args=[meeting.pk])
    assert omar.post(general, {"reason": "Not coming"}).status_code == 403
    assert general not in omar.get(reverse("appointments:appointment",
                                           args=[meeting.pk])).content.decode()
    meeting.refresh_from_db()
    assert meeting.is_booked
    fiona = ContactFactory(school=world.school, household=world.parent_contact.household,
                           first_name="Fiona", email="fiona@family.example")
    PupilContactFactory(pupil=world.pupil, contact=fiona, relationship="STF")
    assert signed_in(_family_user(fiona)).get(cancel).status_code == 200
    layla = signed_in(world.parent)
    assert cancel in layla.get(reverse("appointments:evening_book",
                                       args=[evening.pk])).content.decode()
    assert layla.post(cancel, {"reason": "Working late"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_a_parent_kept_from_the_child_by_email_is_never_offered_to_come(world):
    evening = open_evening(world)
    world.restricted_contact.email = world.separated_contact.email
    world.restricted_contact.save(update_fields=["email"])
    assert evenings.family_plan(evening, world.parent_contact).together == []
    # Nor does Omar, kept from Amira by his email address, book for her himself.
    forget_viewer(world.separated_parent)
    assert world.pupil.pk in viewer_for(world.separated_parent).restricted_pupil_ids
    assert signed_in(world.separated_parent).get(
        reverse("appointments:evening_book", args=[evening.pk])).status_code == 404


# P3-20: the landing card for who books -----------------------------------------------------------

def test_the_landing_card_is_only_for_who_has_parental_responsibility(world):
    open_evening(world)
    grandma = ContactFactory(school=world.school, household=None, first_name="Grandma",
                             email="grandma@family.example")
    PupilContactFactory(pupil=world.pupil, contact=grandma, relationship="GRM",
                        parental_responsibility=False, receives_information=True)
    user = _family_user(grandma)
    page = signed_in(user).get(reverse("core:home")).content.decode()
    assert "Amira" in page  # she sees Amira's card
    assert reverse("appointments:evening_family") not in page
    viewer = viewer_for(user)
    with CaptureQueriesContext(connection) as queries:
        assert _evening_open(viewer, [world.pupil.pk]) == {}
    assert len(queries) == 1
    forget_viewer(world.parent)
    assert _evening_open(viewer_for(world.parent), [world.pupil.pk]) == {world.pupil.pk: 1}


@pytest.mark.parametrize("name", ["evening_overview", "evening_schedule", "evening_book",
                                  "evening_cancel", "evening_notes"])
def test_a_number_no_table_holds_in_the_address_is_404(world, name):
    huge = "9" * 20
    url = reverse(f"appointments:{name}", args=[1]).replace("/1/", f"/{huge}/")
    for user in (world.office, world.parent):
        assert signed_in(user).get(url).status_code == 404, (url, user)
