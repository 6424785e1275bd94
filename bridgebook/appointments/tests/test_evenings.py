"""Parents' evenings: the grid of times (gaps, breaks, a member of staff's own length, the
longer meeting with an interpreter), suggestions for siblings, the booking window,
separated parents booking for themselves, booking together all or nothing, the staff
schedule with each family's needs and the pupil's targets, and notes into the contact
log."""

import datetime

import pytest
from django.urls import reverse

from bridgebook.appointments import booking, evenings
from bridgebook.appointments.booking import NotBookable
from bridgebook.appointments.models import Appointment, EveningBreak
from bridgebook.appointments.tests.evening_fixtures import (
    evening_staff,
    open_evening,
    tomorrow,
)
from bridgebook.conftest import signed_in
from bridgebook.contact.models import ContactRecord
from bridgebook.core.tests.actions import verify_action
from bridgebook.people.tests.factories import (
    ContactFactory,
    PupilContactFactory,
    PupilFactory,
)
from bridgebook.targets.models import Area, Outcome, Plan, Target


def hm(times):
    return [start.astimezone(start.tzinfo).strftime("%H:%M") for start, _end in times]


def local(times, school):
    return [start.astimezone(school.tz).strftime("%H:%M") for start, _end in times]


# The grid ------------------------------------------------------------------------------------

def test_meetings_follow_each_other_with_the_gap(world):
    evening = open_evening(world)
    grid = evenings.slots(evening_staff(evening, world.class_teacher))
    assert local(grid, world.school) == ["16:00", "16:15", "16:30", "16:45", "17:00",
                                         "17:15", "17:30", "17:45"]
    assert all(end - start == datetime.timedelta(minutes=10) for start, end in grid)


def test_a_break_for_everyone_moves_the_next_meeting_to_its_end(world):
    evening = open_evening(world)
    EveningBreak.objects.create(evening=evening, starts_at=tomorrow(world.school, 16, 30),
                                ends_at=tomorrow(world.school, 16, 45))
    grid = evenings.slots(evening_staff(evening, world.class_teacher))
    assert local(grid, world.school) == ["16:00", "16:15", "16:45", "17:00", "17:15",
                                         "17:30", "17:45"]


def test_a_break_for_one_member_of_staff_leaves_the_others_alone(world):
    evening = open_evening(world)
    EveningBreak.objects.create(evening=evening, staff=world.other_teacher,
                                starts_at=tomorrow(world.school, 16),
                                ends_at=tomorrow(world.school, 17))
    assert len(evenings.slots(evening_staff(evening, world.class_teacher))) == 8
    assert local(evenings.slots(evening_staff(evening, world.other_teacher)),
                 world.school) == ["17:00", "17:15", "17:30", "17:45"]


def test_a_member_of_staff_may_have_longer_meetings(world):
    evening = open_evening(world)
    item = evening_staff(evening, world.class_teacher)
    item.slot_minutes = 20
    item.save(update_fields=["slot_minutes"])
    assert local(evenings.slots(item), world.school) == ["16:00", "16:25", "16:50", "17:15",
                                                         "17:40"]


def test_booked_times_are_not_free(world):
    evening = open_evening(world)
    item = evening_staff(evening, world.class_teacher)
    booking.book(staff=world.class_teacher, pupil=world.pupil, contact=world.separated_contact,
                 starts_at=tomorrow(world.school, 17), ends_at=tomorrow(world.school, 17, 10),
                 by=world.separated_parent, evening=evening)
    assert "17:00" not in local(evenings.free_slots(item), world.school)
    assert len(evenings.free_slots(item)) == 7


def test_an_interpreter_needs_a_longer_meeting_that_fits_before_the_next(world):
    """Layla needs an Arabic interpreter: 10 + 15 minutes. A start is offered only where
    25 minutes (and the gap) fit before Omar's meeting at 17:00 and the session's end."""
    evening = open_evening(world)
    booking.book(staff=world.class_teacher, pupil=world.pupil, contact=world.separated_contact,
                 starts_at=tomorrow(world.school, 17), ends_at=tomorrow(world.school, 17, 10),
                 by=world.separated_parent, evening=evening)
    plan = evenings.family_plan(evening, world.parent_contact)
    assert plan.interpreter_language == "ar"
    offer = plan.children[0].default
    assert offer.staff == world.class_teacher
    assert local(offer.times, world.school) == ["16:00", "16:15", "16:30", "17:15", "17:30"]
    assert all(end - start == datetime.timedelta(minutes=25) for start, end in offer.times)


# Families ------------------------------------------------------------------------------------

def test_separated_parents_book_their_own_times_and_see_only_their_own(world):
    evening = open_evening(world)
    layla, omar = signed_in(world.parent), signed_in(world.separated_parent)
    url = reverse("appointments:evening_book", args=[evening.pk])
    laylas = evenings.family_plan(evening, world.parent_contact).children[0].default
    omars = evenings.family_plan(evening, world.separated_contact).children[0].default
    assert layla.post(url, {"choice": laylas.choices[0][0], "confirm": "yes"}).status_code == 302
    # Omar's page offered 16:00 before Layla took it: the booking page tells him it went.
    response = omar.post(url, {"choice": omars.choices[0][0], "confirm": "yes"})
    assert response.status_code == 409
    assert "just been booked by someone else" in response.content.decode()
    fresh = evenings.family_plan(evening, world.separated_contact).children[0].default
    assert omar.post(url, {"choice": fresh.choices[0][0], "confirm": "yes"}).status_code == 302

    booked = list(Appointment.objects.filter(evening=evening).order_by("starts_at"))
    assert [item.contact for item in booked] == [world.parent_contact, world.separated_contact]
    assert booked[0].household != booked[1].household
    assert booked[0].interpreter_language == "ar" and not booked[1].interpreter_language
    laylas_page = layla.get(url).content.decode()
    omars_page = omar.get(url).content.decode()
    assert reverse("appointments:evening_cancel", args=[booked[0].pk]) in laylas_page
    assert reverse("appointments:evening_cancel", args=[booked[1].pk]) not in laylas_page
    assert reverse("appointments:evening_cancel", args=[booked[1].pk]) in omars_page
    assert reverse("appointments:evening_cancel", args=[booked[0].pk]) not in omars_page
    # Omar never opens Layla's meeting.
    assert omar.get(reverse("appointments:evening_cancel",
                            args=[booked[0].pk])).status_code == 404


def test_nobody_comes_together_unless_chosen(world):
    """Omar lives apart: never offered to come with Layla (test_evening_access.py);
    separate meetings are the default; Rex, restricted, is never offered."""
    evening = open_evening(world)
    plan = evenings.family_plan(evening, world.parent_contact)
    assert plan.together == []
    assert plan.coming == []
    assert [child.pupil for child in plan.children] == [world.pupil]


def test_the_restricted_stepfather_gets_nothing(world):
    evening = open_evening(world)
    client = signed_in(world.restricted_parent)
    assert client.get(reverse("appointments:evening_book",
                              args=[evening.pk])).status_code == 404
    assert "Spring" not in client.get(reverse("appointments:evening_family")).content.decode()


def test_booking_outside_the_window_is_refused_with_a_clear_message(world):
    evening = open_evening(world)
    choice = evenings.family_plan(evening, world.separated_contact).children[0].default
    value = choice.choices[0][0]
    evening.booking_closes_at = evening.booking_opens_at + datetime.timedelta(minutes=1)
    evening.save(update_fields=["booking_closes_at"])
    client = signed_in(world.separated_parent)
    url = reverse("appointments:evening_book", args=[evening.pk])
    assert "Booking for this parents’ evening is closed." in client.get(url).content.decode()
    response = client.post(url, {"choice": value, "confirm": "yes"})
    assert response.status_code == 409
    assert "Booking for this parents’ evening is closed." in response.content.decode()
    assert not Appointment.objects.filter(evening=evening).exists()


def test_a_time_not_on_the_grid_is_refused(world):
    evening = open_evening(world)
    es = evening_staff(evening, world.class_teacher)
    odd = int(tomorrow(world.school, 16, 7).timestamp())
    client = signed_in(world.separated_parent)
    response = client.post(reverse("appointments:evening_book", args=[evening.pk]),
                           {"choice": f"{world.pupil.pk}:{es.pk}:{odd}", "confirm": "yes"})
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def _siblings(world):
    """Omar's second child, Sami, in Class B: Omar books Cara and Otto."""
    sami = PupilFactory(school=world.school, school_class=world.class_b,
                        legal_first_name="Sami", legal_last_name="Hassan")
    PupilContactFactory(pupil=sami, contact=world.separated_contact, relationship="PAF")
    return sami


def test_siblings_get_back_to_back_suggestions_with_their_class_teachers(world):
    evening = open_evening(world)
    sami = _siblings(world)
    # Cara is busy from 16:00 to 16:30.
    for start in (16, 16.25):
        hour, minute = int(start), int((start % 1) * 60)
        booking.book(staff=world.class_teacher, pupil=world.pupil,
                     contact=world.parent_contact,
                     starts_at=tomorrow(world.school, hour, minute),
                     ends_at=tomorrow(world.school, hour, minute + 10), by=world.parent,
                     evening=evening)
    plan = evenings.family_plan(evening, world.separated_contact)
    assert len(plan.suggestions) == 3
    best = plan.suggestions[0]
    assert [(pupil, offer.staff) for pupil, offer, _t in best.meetings] in (
        [(sami, world.other_teacher), (world.pupil, world.class_teacher)],
        [(world.pupil, world.class_teacher), (sami, world.other_teacher)])
    # Back to back: the second starts when the first ends, or after the gap.
    first, second = (times for _p, _o, times in best.meetings)
    assert second[0] - first[1] <= datetime.timedelta(minutes=5)
    assert best.waiting <= plan.suggestions[1].waiting <= plan.suggestions[2].waiting
    for suggestion in plan.suggestions:
        cara = [times for _p, offer, times in suggestion.meetings
                if offer.staff == world.class_teacher][0]
        assert cara[0] >= tomorrow(world.school, 16, 30)


def test_booking_together_books_all_or_none(world):
    evening = open_evening(world)
    sami = _siblings(world)
    plan = evenings.family_plan(evening, world.separated_contact)
    suggestion = plan.suggestions[0]
    # Someone takes Otto's suggested time first.
    _pupil, otto, otto_times = next(m for m in suggestion.meetings if m[0] == sami)
    booking.book(staff=world.other_teacher, pupil=world.pupil_b, contact=world.parent_contact,
                 starts_at=otto_times[0], ends_at=otto_times[0] + datetime.timedelta(minutes=10),
                 by=world.principal, evening=evening)
    with pytest.raises(NotBookable):
        evenings.book_together(plan=plan, chosen=suggestion.meetings,
                               by=world.separated_parent)
    assert not Appointment.objects.filter(contact=world.separated_contact).exists()

    plan = evenings.family_plan(evening, world.separated_contact)
    with verify_action(actor=world.separated_parent):
        booked = evenings.book_together(plan=plan, chosen=plan.suggestions[0].meetings,
                                        by=world.separated_parent)
    assert {item.pupil for item in booked} == {world.pupil, sami}
    assert all(item.evening == evening and item.place.endswith("'s room") for item in booked)


def test_a_family_books_a_child_with_a_member_of_staff_once(world):
    evening = open_evening(world)
    plan = evenings.family_plan(evening, world.separated_contact)
    offer = plan.children[0].default
    evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                           by=world.separated_parent)
    plan = evenings.family_plan(evening, world.separated_contact)
    offer = plan.children[0].default
    assert plan.children[0].to_book is None
    with pytest.raises(NotBookable, match="already have a meeting"):
        evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                               by=world.separated_parent)


def test_a_family_cancels_their_meeting_with_a_reason(world):
    evening = open_evening(world)
    plan = evenings.family_plan(evening, world.separated_contact)
    offer = plan.children[0].default
    [meeting] = evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                                       by=world.separated_parent)
    client = signed_in(world.separated_parent)
    url = reverse("appointments:evening_cancel", args=[meeting.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Working late"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Appointment.Status.CANCELLED
    assert meeting.change_reason == "Working late"


def test_the_family_landing_page_links_to_the_open_evening(world):
    open_evening(world)
    page = signed_in(world.parent).get(reverse("core:home")).content.decode()
    assert reverse("appointments:evening_family") in page


# Staff ---------------------------------------------------------------------------------------

def _targets(pupil, n, author):
    plan = Plan.objects.create(pupil=pupil, is_current=True, starts_on=datetime.date(2026, 9, 1))
    outcome = Outcome.objects.create(plan=plan, area=Area.values[0],
                                     text="Communicates needs")
    for i in range(n):
        Target.objects.create(outcome=outcome, pupil=pupil, text=f"Target {pupil.pk}-{i}",
                              start_date=datetime.date(2026, 9, 1),
                              review_date=datetime.date(2027, 7, 1))


def test_the_schedule_shows_needs_and_current_targets(world):
    evening = open_evening(world)
    _targets(world.pupil, 2, world.class_teacher)
    world.separated_contact.literacy_support = True
    world.separated_contact.save(update_fields=["literacy_support"])
    for contact, user, hour in ((world.parent_contact, world.parent, 16),
                                (world.separated_contact, world.separated_parent, 17)):
        plan = evenings.family_plan(evening, contact)
        offer = plan.children[0].default
        start = next(times for times in offer.times if times[0] >= tomorrow(world.school, hour))
        evenings.book_together(plan=plan, chosen=[(world.pupil, offer, start)], by=user)
    page = signed_in(world.class_teacher).get(
        reverse("appointments:evening_schedule", args=[evening.pk])).content.decode()
    assert "Layla Hassan" in page and "Omar Hassan" in page
    assert "Arabic" in page and "Interpreter needed" in page
    assert "Needs help with reading and writing" in page
    assert f"Target {world.pupil.pk}-0" in page and f"Target {world.pupil.pk}-1" in page


def test_only_the_meetings_staff_or_who_runs_the_evening_reads_another_schedule(world):
    evening = open_evening(world)
    url = reverse("appointments:evening_schedule", args=[evening.pk])
    assert signed_in(world.other_teacher).get(
        f"{url}?staff={world.class_teacher.pk}").status_code == 403
    assert signed_in(world.office).get(f"{url}?staff={world.class_teacher.pk}").status_code == 200


def test_notes_of_the_meeting_become_a_contact_record(world, time_machine):
    evening = open_evening(world)
    plan = evenings.family_plan(evening, world.separated_contact)
    offer = plan.children[0].default
    [meeting] = evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                                       by=world.separated_parent)
    url = reverse("appointments:evening_notes", args=[meeting.pk])
    client = signed_in(world.class_teacher)
    assert client.post(url, {"notes": "Too early"}).status_code == 409
    time_machine.move_to(meeting.starts_at + datetime.timedelta(minutes=5))
    client = signed_in(world.class_teacher)
    response = client.post(url, {"notes": "Talked about swimming; Omar will send the kit."})
    assert response.status_code == 302
    assert "/schedule/" in response["Location"]
    record = ContactRecord.objects.get(pupil=world.pupil)
    assert record.how == ContactRecord.How.PARENTS_EVENING
    assert record.contact == world.separated_contact
    assert record.staff == world.class_teacher
    assert signed_in(world.other_teacher).get(url).status_code == 404
    assert signed_in(world.therapist).get(url).status_code == 403


def test_the_office_sets_up_an_evening(world):
    client = signed_in(world.office)
    day = tomorrow(world.school, 0).date() + datetime.timedelta(days=7)
    today = tomorrow(world.school, 0).date()
    response = client.post(reverse("appointments:evening_create", args=[world.school.urn]), {
        "name": "Summer parents' evening", "mode": "in_school", "place": "Hall",
        "slot_minutes": 10, "gap_minutes": 5,
        "opens_on_day": today.day, "opens_on_month": today.month, "opens_on_year": today.year,
        "opens_at": "09:00",
        "closes_on_day": day.day, "closes_on_month": day.month, "closes_on_year": day.year,
        "closes_at": "09:00",
        "day_day": day.day, "day_month": day.month, "day_year": day.year,
        "starts": "15:30", "ends": "18:00"})
    assert response.status_code == 302, response.content.decode()[:3000]
    evening = world.school.parents_evenings.get()
    url = reverse("appointments:evening_staff_add", args=[evening.pk])
    assert client.post(url, {"staff": world.class_teacher.pk, "slot_minutes": "15",
                             "room": "Class A"}).status_code == 302
    item = evening_staff(evening, world.class_teacher)
    assert item.minutes == 15
    session = evening.sessions.get()
    assert client.post(reverse("appointments:evening_break_add", args=[evening.pk]), {
        "session": session.pk, "starts": "16:30", "ends": "16:45",
        "staff": ""}).status_code == 302
    assert evening.breaks.get().staff is None
    overview = client.get(reverse("appointments:evening_overview", args=[evening.pk]))
    assert overview.status_code == 200
    assert "Cara Teacher" in overview.content.decode()
    assert signed_in(world.class_teacher).get(
        reverse("appointments:evening_create", args=[world.school.urn])).status_code == 403


def test_the_unique_constraint_alone_stops_a_second_booking_at_the_same_start(world):
    """Without the lock's check (``_clash`` finds nothing), the database still refuses."""
    evening = open_evening(world)
    start, end = tomorrow(world.school, 16), tomorrow(world.school, 16, 10)
    booking.book(staff=world.class_teacher, pupil=world.pupil, contact=world.parent_contact,
                 starts_at=start, ends_at=end, by=world.parent, evening=evening)
    original = booking._clash
    booking._clash = lambda **kwargs: ""
    try:
        with pytest.raises(NotBookable, match="just been booked"):
            booking.book(staff=world.class_teacher, pupil=world.pupil,
                         contact=world.separated_contact, starts_at=start, ends_at=end,
                         by=world.separated_parent, evening=evening)
    finally:
        booking._clash = original
    assert Appointment.objects.filter(evening=evening).count() == 1


def test_someone_from_the_same_household_may_come_and_an_interpreter_makes_it_longer(world):
    """Rex lives with Omar but is restricted: never offered. Omar's partner Nadia, with
    parental responsibility and needing a Polish interpreter, may come with him (Layla,
    who lives apart, is never offered)."""
    evening = open_evening(world)
    assert evenings.family_plan(evening, world.separated_contact).together == []
    nadia = ContactFactory(school=world.school, household=world.separated_contact.household,
                           first_name="Nadia", language="pl", interpreter_needed=True)
    PupilContactFactory(pupil=world.pupil, contact=nadia, relationship="STM")
    plan = evenings.family_plan(evening, world.separated_contact, coming_ids=[nadia.pk])
    assert plan.together == [nadia] and plan.coming == [nadia]
    assert plan.interpreter_language == "pl"
    offer = plan.children[0].default
    assert offer.times[0][1] - offer.times[0][0] == datetime.timedelta(minutes=25)
    [meeting] = evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                                       by=world.separated_parent)
    assert list(meeting.with_contacts.all()) == [nadia]
    assert meeting.interpreter_language == "pl"


def test_setting_up_an_evening_is_audited(world):
    with verify_action(actor=world.office):
        evening = evenings.do_create_evening(
            school=world.school, by=world.office, name="Autumn", mode="in_school", place="",
            slot_minutes=10, gap_minutes=5, booking_opens_at=tomorrow(world.school, 9),
            booking_closes_at=tomorrow(world.school, 12),
            session=(tomorrow(world.school, 16), tomorrow(world.school, 18)))
    with verify_action(actor=world.office):
        item = evenings.do_add_staff(evening=evening, by=world.office,
                                     staff=world.class_teacher, slot_minutes=None, room="A")
    assert item.minutes == 10
    with verify_action(actor=world.office):
        evenings.do_edit_evening(evening=evening, by=world.office, gap_minutes=0)
    assert evening.gap_minutes == 0


def test_staff_with_meetings_booked_stay_until_the_meetings_are_cancelled(world):
    evening = open_evening(world)
    plan = evenings.family_plan(evening, world.separated_contact)
    offer = plan.children[0].default
    [meeting] = evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                                       by=world.separated_parent)
    with pytest.raises(NotBookable, match="Cancel them first"):
        evenings.do_remove_staff(evening_staff=offer.evening_staff, by=world.office)
    booking.cancel(meeting, by=world.office, reason="Cara is ill")
    with verify_action(actor=world.office):
        evenings.do_remove_staff(evening_staff=offer.evening_staff, by=world.office)
    assert not evening.staff.filter(staff=world.class_teacher).exists()


# Changing an evening reaches the families booked (issue 14 audit) ------------------------------

def _booked(world, evening, contact=None, user=None):
    plan = evenings.family_plan(evening, contact or world.parent_contact)
    offer = plan.children[0].default
    [meeting] = evenings.book_together(plan=plan, chosen=[(world.pupil, offer, offer.times[0])],
                                       by=user or world.parent)
    return meeting


def _calendar_event(meeting):
    from icalendar import Calendar

    from bridgebook.appointments import notifications

    calendar = Calendar.from_ical(notifications.calendar_file(meeting, for_family=True))
    return calendar, calendar.walk("VEVENT")[0]


def test_a_new_place_or_mode_reaches_the_meetings_already_booked(world):
    from django.core import mail

    from bridgebook.appointments.models import APPOINTMENT_NOTICE, EveningStaff
    from bridgebook.messaging.models import Message

    evening = open_evening(world, staff=[world.class_teacher])
    EveningStaff.objects.filter(evening=evening).update(room="")  # meets in the evening's place
    meeting = _booked(world, evening)
    cancelled = _booked(world, evening, world.separated_contact, world.separated_parent)
    booking.cancel(cancelled, by=world.separated_parent, reason="Away")
    assert (meeting.place, meeting.sequence) == ("School hall", 0)
    mail.outbox.clear()

    with verify_action(actor=world.office):
        evenings.do_edit_evening(evening=evening, by=world.office, place="Sports hall")
    meeting.refresh_from_db()
    assert (meeting.mode, meeting.place, meeting.sequence) == ("in_school", "Sports hall", 1)
    notice = meeting.notices.get(what="relocated", sequence=1)
    # Layla is told (in her language; the place as written), and so is Cara, with the
    # invitation at its new SEQUENCE.
    message = Message.objects.get(contact=world.parent_contact, kind=APPOINTMENT_NOTICE,
                                  source_id=notice.pk)
    assert "Sports hall" in message.body
    [email] = [item for item in mail.outbox if world.class_teacher.email in item.to]
    [(_name, ics_body, content_type)] = email.attachments
    assert content_type == "text/calendar; method=REQUEST"
    assert "SEQUENCE:1" in ics_body and "LOCATION:Sports hall" in ics_body
    calendar, event = _calendar_event(meeting)
    assert calendar["METHOD"] == "REQUEST"
    assert (event["LOCATION"], event["SEQUENCE"]) == ("Sports hall", 1)
    # The cancelled meeting stays as it was.
    cancelled.refresh_from_db()
    assert (cancelled.place, cancelled.sequence) == ("School hall", 1)

    # By phone now: the meeting follows, its SEQUENCE rises again.
    evenings.do_edit_evening(evening=evening, by=world.office, mode="phone")
    meeting.refresh_from_db()
    assert (meeting.mode, meeting.sequence) == ("phone", 2)
    assert _calendar_event(meeting)[1]["LOCATION"] == "Phone"
    # A change that is not where or how (the name) tells nobody.
    evenings.do_edit_evening(evening=evening, by=world.office, name="Summer evening")
    meeting.refresh_from_db()
    assert meeting.sequence == 2


def test_a_new_room_reaches_the_meetings_booked_with_that_member_of_staff(world):
    from bridgebook.appointments.models import APPOINTMENT_NOTICE
    from bridgebook.messaging.models import Message

    evening = open_evening(world)
    meeting = _booked(world, evening)
    assert meeting.place == "Cara Teacher's room"
    with verify_action(actor=world.office):
        evenings.do_add_staff(evening=evening, by=world.office, staff=world.class_teacher,
                              room="Room 5")
    meeting.refresh_from_db()
    assert (meeting.place, meeting.sequence) == ("Room 5", 1)
    assert Message.objects.filter(contact=world.parent_contact, kind=APPOINTMENT_NOTICE,
                                  source_id=meeting.notices.get(what="relocated").pk).exists()
    assert _calendar_event(meeting)[1]["LOCATION"] == "Room 5"
    # Another member of staff's room, or the same room again, changes nobody's meeting.
    evenings.do_add_staff(evening=evening, by=world.office, staff=world.other_teacher,
                          room="Room 9")
    evenings.do_add_staff(evening=evening, by=world.office, staff=world.class_teacher,
                          room="Room 5")
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_a_new_place_is_told_as_a_new_place_not_a_new_time(
        world, django_capture_on_commit_callbacks):
    """Review: a change of place or mode was told in a move's words ("has moved", "is now
    on"), as if the time had changed. It has its own notice and words, still a new
    SEQUENCE and a METHOD:REQUEST."""
    from django.core import mail
    from django.utils import translation

    from bridgebook.appointments import notifications
    from bridgebook.appointments.models import APPOINTMENT_NOTICE, AppointmentNotice
    from bridgebook.messaging.models import Message

    evening = open_evening(world)
    meeting = _booked(world, evening)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        evenings.do_add_staff(evening=evening, by=world.office, staff=world.class_teacher,
                              room="Room 5")
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    notice = meeting.notices.get(sequence=1)
    assert notice.what == AppointmentNotice.What.RELOCATED
    with translation.override("en"):
        subject, body = notifications.family_message(meeting, notice.what)
    assert subject == "Where your meeting about Amira happens has changed"
    assert "Where or how your meeting happens has changed: In school: Room 5" in body
    assert "The time is the same: you are meeting Cara Teacher on" in body
    assert "has moved" not in subject and "is now on" not in body
    assert Message.objects.filter(contact=world.parent_contact, kind=APPOINTMENT_NOTICE,
                                  source_id=notice.pk).exists()
    [email] = [item for item in mail.outbox if world.class_teacher.email in item.to]
    assert email.subject.startswith("Meeting place changed:")
    [(_name, ics_body, content_type)] = email.attachments
    assert content_type == "text/calendar; method=REQUEST"
    assert "METHOD:REQUEST" in ics_body and "SEQUENCE:1" in ics_body


# Breaks and the grid once families have booked (review) -------------------------------------

def test_a_break_over_a_booked_meeting_is_refused(world):
    """Review: a break added over a meeting already booked neither refused nor told
    anyone. A break for Cara (or for everyone) over Layla's 16:00 meeting with her is
    refused, saying why; Otto's break then, or anyone's later, is fine."""
    evening = open_evening(world)
    meeting = _booked(world, evening)
    assert meeting.starts_at == tomorrow(world.school, 16)
    over = {"starts_at": tomorrow(world.school, 16, 5), "ends_at": tomorrow(world.school, 16, 20)}
    with pytest.raises(NotBookable, match="booked with Cara Teacher during that break"):
        evenings.do_add_break(evening=evening, by=world.office, staff=world.class_teacher,
                              **over)
    with pytest.raises(NotBookable, match="booked during that break"):
        evenings.do_add_break(evening=evening, by=world.office, **over)
    assert not evening.breaks.exists()
    with verify_action(actor=world.office):
        evenings.do_add_break(evening=evening, by=world.office, staff=world.other_teacher,
                              **over)
    evenings.do_add_break(evening=evening, by=world.office,
                          starts_at=meeting.ends_at, ends_at=tomorrow(world.school, 17))
    # Once the meeting is cancelled (and the family told), Cara may have her break.
    booking.cancel(meeting, by=world.office, reason="Cara is needed elsewhere")
    evenings.do_add_break(evening=evening, by=world.office, staff=world.class_teacher, **over)
    assert evening.breaks.count() == 3


def test_the_break_page_shows_the_refusal_as_a_form_error(world):
    evening = open_evening(world)
    _booked(world, evening)
    response = signed_in(world.office).post(
        reverse("appointments:evening_break_add", args=[evening.pk]),
        {"session": evening.sessions.get().pk, "starts": "16:00", "ends": "16:30",
         "staff": ""})
    assert response.status_code == 409
    page = response.content.decode()
    assert "govuk-error-summary" in page and "booked during that break" in page
    assert not evening.breaks.exists()


def test_the_grid_does_not_change_under_booked_meetings(world):
    """Review: a new gap or meeting length moved the grid under the meetings booked on
    it. Refused while they are booked: the gap for anyone's, the evening's length for
    those of staff without a length of their own, a member of staff's length for theirs."""
    from bridgebook.appointments.models import EveningStaff

    evening = open_evening(world)
    _booked(world, evening)  # with Cara, on the evening's 10 minutes
    with pytest.raises(evenings.GridLocked, match="time between meetings") as refused:
        evenings.do_edit_evening(evening=evening, by=world.office, gap_minutes=0)
    assert refused.value.field == "gap_minutes"
    with pytest.raises(evenings.GridLocked, match="meetings of this length") as refused:
        evenings.do_edit_evening(evening=evening, by=world.office, slot_minutes=15)
    assert refused.value.field == "slot_minutes"
    with pytest.raises(evenings.GridLocked, match="booked with Cara Teacher"):
        evenings.do_add_staff(evening=evening, by=world.office, staff=world.class_teacher,
                              slot_minutes=20, room="Cara Teacher's room")
    evening.refresh_from_db()
    assert (evening.gap_minutes, evening.slot_minutes) == (5, 10)
    assert evening_staff(evening, world.class_teacher).minutes == 10
    # Unchanged values, or a change for staff with nothing booked, are fine: Otto's own
    # length; then, Cara keeping a length of her own (10, as now), the evening's.
    evenings.do_edit_evening(evening=evening, by=world.office, gap_minutes=5,
                             slot_minutes=10, name="Renamed")
    evenings.do_add_staff(evening=evening, by=world.office, staff=world.other_teacher,
                          slot_minutes=20, room="")
    evenings.do_add_staff(evening=evening, by=world.office, staff=world.class_teacher,
                          slot_minutes=10, room="Cara Teacher's room")
    with verify_action(actor=world.office):
        evenings.do_edit_evening(evening=evening, by=world.office, slot_minutes=15)
    assert EveningStaff.objects.get(evening=evening, staff=world.other_teacher).minutes == 20
    assert evening_staff(evening, world.class_teacher).minutes == 10


def test_the_edit_page_shows_the_refusal_on_the_field(world):
    evening = open_evening(world)
    _booked(world, evening)
    opens = evening.booking_opens_at.astimezone(world.school.tz)
    closes = evening.booking_closes_at.astimezone(world.school.tz)
    response = signed_in(world.office).post(
        reverse("appointments:evening_edit", args=[evening.pk]), {
            "name": evening.name, "mode": evening.mode, "place": evening.place,
            "slot_minutes": "10", "gap_minutes": "0",
            "opens_on_day": opens.day, "opens_on_month": opens.month,
            "opens_on_year": opens.year, "opens_at": f"{opens:%H:%M}",
            "closes_on_day": closes.day, "closes_on_month": closes.month,
            "closes_on_year": closes.year, "closes_at": f"{closes:%H:%M}"})
    assert response.status_code == 409, response.content.decode()[:2000]
    assert "time between meetings cannot change" in response.context["form"].errors[
        "gap_minutes"][0]
    evening.refresh_from_db()
    assert evening.gap_minutes == 5


def _booked_at_time(world, evening, hour, minute):
    plan = evenings.family_plan(evening, world.parent_contact)
    offer = next(item for item in plan.children[0].offers
                 if item.staff == world.class_teacher)
    times = next(times for times in offer.times
                 if times[0] == tomorrow(world.school, hour, minute))
    [meeting] = evenings.book_together(plan=plan, chosen=[(world.pupil, offer, times)],
                                       by=world.parent)
    return meeting


def test_a_break_that_would_move_booked_times_is_refused(world):
    """Audit: a break over no booked meeting still restarted the grid at its end: Cara's
    17:12–17:20 break turned 17:15, 17:30… into 17:20, 17:35…, leaving Layla's 17:30
    meeting off it. Refused, for Cara or for everyone; Otto's break, or Cara's that leaves
    17:30 where it is, is fine."""
    evening = open_evening(world)
    _booked_at_time(world, evening, 17, 30)
    moving = {"starts_at": tomorrow(world.school, 17, 12),
              "ends_at": tomorrow(world.school, 17, 20)}
    with pytest.raises(evenings.GridLocked, match="move the times of meetings families "
                                                  "have booked with Cara Teacher"):
        evenings.do_add_break(evening=evening, by=world.office, staff=world.class_teacher,
                              **moving)
    with pytest.raises(evenings.GridLocked, match="booked with Cara Teacher after it"):
        evenings.do_add_break(evening=evening, by=world.office, **moving)
    assert not evening.breaks.exists()
    evenings.do_add_break(evening=evening, by=world.office, staff=world.other_teacher,
                          **moving)
    evenings.do_add_break(evening=evening, by=world.office, staff=world.class_teacher,
                          starts_at=tomorrow(world.school, 17, 5),
                          ends_at=tomorrow(world.school, 17, 15))
    assert evening.breaks.count() == 2
    # The page shows the refusal as a form error.
    response = signed_in(world.office).post(
        reverse("appointments:evening_break_add", args=[evening.pk]),
        {"session": evening.sessions.get().pk, "starts": "17:12", "ends": "17:20",
         "staff": ""})
    assert response.status_code == 409
    assert "would move the times of meetings" in response.context["form"].non_field_errors()[0]
    assert evening.breaks.count() == 2


def test_removing_a_break_that_would_move_booked_times_is_refused(world):
    """Audit: removing a break moved the times after it too: without Cara's 17:12–17:20
    break, Layla's 17:35 meeting would be off her grid (17:30, 17:45)."""
    evening = open_evening(world)
    item = EveningBreak.objects.create(evening=evening, staff=world.class_teacher,
                                       starts_at=tomorrow(world.school, 17, 12),
                                       ends_at=tomorrow(world.school, 17, 20))
    other = EveningBreak.objects.create(evening=evening, staff=world.other_teacher,
                                        starts_at=tomorrow(world.school, 17, 12),
                                        ends_at=tomorrow(world.school, 17, 20))
    _booked_at_time(world, evening, 17, 35)
    with pytest.raises(evenings.GridLocked, match="Removing that break would move"):
        evenings.do_remove_break(evening_break=item, by=world.office)
    response = signed_in(world.office).post(
        reverse("appointments:evening_break_remove", args=[evening.pk, item.pk]), follow=True)
    assert "Removing that break would move the times" in response.content.decode()
    assert EveningBreak.objects.filter(pk=item.pk).exists()
    evenings.do_remove_break(evening_break=other, by=world.office)
    assert list(evening.breaks.all()) == [item]


def test_meetings_already_started_hold_back_no_change(world, time_machine):
    """Audit: meetings already started or over held back a new gap or break. Once
    Layla's 16:00 meeting has started, the evening's gap may change and a break may move
    the times after it."""
    evening = open_evening(world)
    meeting = _booked(world, evening)
    time_machine.move_to(meeting.starts_at + datetime.timedelta(minutes=5))
    evenings.do_add_break(evening=evening, by=world.office, staff=world.class_teacher,
                          starts_at=tomorrow(world.school, 16, 5),
                          ends_at=tomorrow(world.school, 16, 20))
    evenings.do_edit_evening(evening=evening, by=world.office, gap_minutes=0)
    evening.refresh_from_db()
    assert evening.gap_minutes == 0


def test_an_evening_meetings_notice_only_offers_to_see_it(world):
    """Audit: a new place for an evening meeting said "See it, move it or cancel it here",
    but nobody in a family moves one (and only the booker's household cancels it)."""
    from django.utils import translation

    from bridgebook.appointments import notifications
    from bridgebook.appointments.models import AppointmentNotice

    evening = open_evening(world)
    meeting = _booked(world, evening)
    with translation.override("en"):
        for what in (AppointmentNotice.What.RELOCATED, AppointmentNotice.What.BOOKED):
            _subject, body = notifications.family_message(meeting, what)
            assert "\nSee it here: http" in body
            assert "move it" not in body
