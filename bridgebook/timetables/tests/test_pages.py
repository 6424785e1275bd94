"""The timetable pages as staff and families use them: the class's week, changing it and a
pupil's own changes, sending it, and a child's own week in the family's language."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.messaging.models import Message
from bridgebook.timetables.models import (
    TIMETABLE,
    Kind,
    TimetableSending,
    TimetableSession,
    Variation,
)
from bridgebook.timetables.tests.conftest import home_early_on_friday, instead_of_pe

# Tuesday 3 March 2026, mid-morning in London.
TUESDAY = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _page(user, name, *args, **kwargs) -> str:
    response = signed_in(user, **kwargs).get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def local_translation(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


# Staff ---------------------------------------------------------------------------------

def test_the_class_teacher_sees_the_week_and_is_asked_to_send_it(world, week):
    page = _page(world.class_teacher, "timetables:class_week", world.class_a.pk)
    assert "Class A’s timetable" in page
    assert "Swimming at the leisure centre" in page and "Bring a towel" in page
    assert "Families have not been sent this timetable yet." in page
    assert "Send to families" in page
    assert reverse("timetables:session_edit", args=[week.pe.pk]) in page


def test_a_therapist_reads_the_week_but_is_offered_no_changes(world, week):
    page = _page(world.therapist, "timetables:class_week", world.class_a.pk)
    assert "PE in the hall" in page
    assert "Send to families" not in page
    assert reverse("timetables:session_edit", args=[week.pe.pk]) not in page


def test_the_class_page_and_landing_page_link_to_the_week(world):
    url = reverse("timetables:class_week", args=[world.class_a.pk])
    assert url in _page(world.class_teacher, "people:class", world.class_a.pk)
    assert url in _page(world.class_teacher, "core:home")


def test_adding_a_session_at_a_lesson_time(world):
    from bridgebook.core.models import LessonPeriod

    lesson = LessonPeriod.objects.create(school=world.school, weekday=2, name="Lesson 2",
                                         starts_at=datetime.time(10, 30),
                                         ends_at=datetime.time(11, 30))
    client = signed_in(world.class_teacher)
    response = client.post(reverse("timetables:session_add", args=[world.class_a.pk]), {
        "lesson": lesson.pk, "what": "Cooking", "kind": Kind.LESSON, "symbol": "1F373"})
    assert response.status_code == 302
    session = TimetableSession.objects.get(what="Cooking")
    assert (session.weekday, session.starts_at, session.ends_at, session.symbol) == (
        2, datetime.time(10, 30), datetime.time(11, 30), "1F373")


def test_a_session_without_a_day_or_times_is_explained(world):
    response = signed_in(world.class_teacher).post(
        reverse("timetables:session_add", args=[world.class_a.pk]),
        {"what": "Cooking", "kind": Kind.LESSON, "starts_at": "11:00", "ends_at": "10:00"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the day, or one of the lesson times" in page
    assert "The end time must be after the start time" in page
    assert not TimetableSession.objects.exists()


def test_a_pupils_own_change_through_the_form(world, week):
    client = signed_in(world.class_teacher)
    response = client.post(reverse("timetables:variations", args=[world.pupil.pk]), {
        "change": Variation.Change.INSTEAD, "replaces": week.pe.pk,
        "what": "Speech and language therapy", "kind": Kind.THERAPY})
    assert response.status_code == 302
    variation = Variation.objects.get(pupil=world.pupil)
    assert (variation.weekday, variation.starts_at) == (1, week.pe.starts_at)
    page = _page(world.class_teacher, "timetables:class_week", world.class_a.pk)
    assert "Speech and language therapy" in page


def test_changed_since_families_were_told_and_send_once(world, week):
    client = signed_in(world.class_teacher)
    send = reverse("timetables:send", args=[world.class_a.pk])
    client.post(send, {"seen_sends": 0})
    instead_of_pe(world, week)
    page = _page(world.class_teacher, "timetables:class_week", world.class_a.pk)
    assert "Changed since families were last told" in page
    assert "1 pupil’s own changes have changed: only their family will hear." in page
    # Two presses of the same page's button: one sending.
    client.post(send, {"seen_sends": 1})
    response = client.post(send, {"seen_sends": 1}, follow=True)
    assert "Families have already been told: nothing more was sent." in \
        response.content.decode()
    assert TimetableSending.objects.count() == 2
    assert Message.objects.filter(kind=TIMETABLE).count() == 4


def test_families_may_not_change_or_send(world, week):
    parent = signed_in(world.parent)
    assert parent.post(reverse("timetables:variations", args=[world.pupil.pk]), {
        "change": Variation.Change.EXTRA}).status_code == 403
    assert parent.post(reverse("timetables:send", args=[world.class_a.pk]),
                       {"seen_sends": 0}).status_code == 404
    assert not Variation.objects.exists() and not TimetableSending.objects.exists()


# Families --------------------------------------------------------------------------------

def test_a_parent_sees_their_childs_own_week_with_today_marked(world, week):
    instead_of_pe(world, week)
    home_early_on_friday(world)
    with time_machine.travel(TUESDAY, tick=False):
        page = _page(world.separated_parent, "timetables:pupil", world.pupil.pk)
    assert "Amira Hassan’s timetable" in page
    assert "Speech and language therapy" in page and "Instead of:" in page
    assert "Just for Amira" in page
    assert "Goes home early" in page and "Golden time" not in page
    tuesday = page[page.index('id="day-1-heading"'):page.index('id="day-2"')]
    assert "Today" in tuesday and "PE in the hall" in tuesday   # as "instead of"
    assert 'aria-current="date"' in page
    assert reverse("diary:symbol", args=["1F3CA"]) in page      # swimming's symbol
    # The family reads; nothing offers them a change.
    assert reverse("timetables:variations", args=[world.pupil.pk]) not in page


def test_the_timetable_is_a_tab_of_the_childs_page(world, week):
    page = _page(world.parent, "people:pupil", world.pupil.pk)
    assert reverse("timetables:pupil", args=[world.pupil.pk]) in page


def test_a_family_reads_what_staff_wrote_in_their_language(world, week, local_translation):
    instead_of_pe(world, week)
    page = _page(world.parent, "timetables:pupil", world.pupil.pk)
    # Layla reads Arabic: marked as a machine translation, the English one tap away (the
    # notes) or beside it in brackets (a session's few words).
    assert "[ar] Speech and language therapy" in page
    assert "Machine translation" in page
    assert "(Speech and language therapy)" in page
    assert "[ar] Bring a towel and swimming kit" in page
    assert 'class="govuk-details__text bb-original" lang="en" dir="ltr">Bring a towel' in page
    # Staff read what they wrote.
    staff_page = _page(world.class_teacher, "timetables:pupil", world.pupil.pk)
    assert "[ar]" not in staff_page and "Machine translation" not in staff_page


def test_the_days_can_be_read_aloud(world, week):
    page = _page(world.parent, "timetables:pupil", world.pupil.pk)
    assert 'data-module="bb-read-aloud"' in page
    assert 'data-target="day-1-list"' in page
    assert page.count("translation/read_aloud.js") == 1


def test_a_child_with_no_timetable_yet(world):
    page = _page(world.parent, "timetables:pupil", world.pupil.pk)
    assert "There is no timetable for Amira yet." in page


def test_staff_viewing_a_childs_timetable_is_audited(world, week):
    from bridgebook.core.models import AuditEvent

    _page(world.therapist, "timetables:pupil", world.pupil.pk)
    event = AuditEvent.objects.filter(actor=world.therapist).latest("pk")
    assert (event.action, event.pupil) == (AuditEvent.Action.VIEW, world.pupil)


def test_a_member_of_staff_under_a_court_order_does_not_see_the_pupil_in_the_class(world,
                                                                                    week):
    from bridgebook.people.models import Contact

    instead_of_pe(world, week)
    # The principal is recorded as Amira's restricted contact (their email is the contact's).
    Contact.objects.filter(pk=world.restricted_contact.pk).update(email=world.principal.email)
    page = _page(world.principal, "timetables:class_week", world.class_a.pk)
    assert "PE in the hall" in page
    assert "Amira" not in page and "Speech and language therapy" not in page
