"""The contact log and termly coverage: record_contact (the API other apps call), logging
contact with a follow-up, and who counts as a family reached this term."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import signed_in
from bridgebook.contact import actions
from bridgebook.contact.models import ContactRecord, FollowUp
from bridgebook.contact.selectors import class_coverage, school_coverage
from bridgebook.contact.tests.factories import record_for, term_around
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Message
from bridgebook.people.tests.factories import ContactFactory, HouseholdFactory, PupilContactFactory


def audited(obj) -> AuditEvent:
    return AuditEvent.objects.get(object_type=obj._meta.model_name, object_id=str(obj.pk))


def test_record_contact_uses_the_contacts_household_and_writes_an_audit_row(world):
    record = actions.record_contact(
        pupil=world.pupil, staff=world.class_teacher, how="phone", about="Sleep",
        happened_at=timezone.now(), contact=world.separated_contact)
    assert record.household == world.separated_contact.household
    assert record.school == world.school
    event = audited(record)
    assert event.actor == world.class_teacher and event.pupil == world.pupil
    assert "Sleep" not in event.summary            # what was said stays out of the log


def test_a_source_key_makes_one_record_however_often_it_is_asked(world):
    def call():
        return actions.record_contact(
            pupil=world.pupil, staff=world.class_teacher, how="appointment",
            about="Booked slot", happened_at=timezone.now(), contact=world.parent_contact,
            source_key="appointment:12", recorded_by=world.office)
    first, second = call(), call()
    assert first.pk == second.pk
    assert ContactRecord.objects.filter(source_key="appointment:12").count() == 1
    # Records without a key are each their own.
    for _ in range(2):
        actions.record_contact(pupil=world.pupil, staff=world.class_teacher, how="phone",
                               about="x", happened_at=timezone.now())
    assert ContactRecord.objects.filter(source_key="").count() == 2


def test_how_has_exactly_the_agreed_values():
    assert set(ContactRecord.How.values) == {"phone", "in_school", "home_visit", "video",
                                             "appointment", "parents_evening"}


def test_contact_is_never_recorded_with_a_restricted_contact(world):
    with pytest.raises(actions.ContactError):
        actions.record_contact(pupil=world.pupil, staff=world.class_teacher, how="phone",
                               about="x", happened_at=timezone.now(),
                               contact=world.restricted_contact)
    assert not ContactRecord.objects.exists()


def test_logging_contact_with_a_follow_up(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = actions.do_log_contact(
            acting_user=world.class_teacher, pupil=world.pupil, contact=world.parent_contact,
            how="phone", about="Sleep", happened_at=timezone.now(), interpreter=True,
            follow_up="Send the new symbols", follow_up_owner=world.therapist,
            follow_up_due=datetime.date(2026, 12, 11))
    # Nothing is sent to the family about a call; the follow-up's owner is told.
    assert [m.to for m in mail.outbox] == [["tia@mapledown.example"]]
    assert not Message.objects.exists()
    follow_up = record.follow_ups.get()
    assert follow_up.owner == world.therapist
    assert audited(follow_up).actor == world.class_teacher
    assert actions.do_complete_follow_up(acting_user=world.therapist, follow_up=follow_up)
    assert not actions.do_complete_follow_up(acting_user=world.therapist, follow_up=follow_up)
    assert FollowUp.objects.get().done_by == world.therapist


# Coverage --------------------------------------------------------------------------------

def test_separated_parents_are_two_families_and_the_restricted_contact_none(world):
    term_around(world.school)
    coverage = class_coverage(world.class_a)
    households = {family.household_id for family in coverage.families}
    assert households == {world.parent_contact.household_id,
                          world.separated_contact.household_id}
    names = [contact.first_name for family in coverage.families for contact in family.contacts]
    assert "Rex" not in names
    assert coverage.not_reached and not coverage.reached
    # Reaching Layla's home leaves Omar's to reach.
    record_for(world.pupil, world.class_teacher, household=world.parent_contact.household)
    coverage = class_coverage(world.class_a)
    assert [f.household_id for f in coverage.reached] == [world.parent_contact.household_id]
    assert [f.household_id for f in coverage.not_reached] == [
        world.separated_contact.household_id]


def test_a_household_with_only_a_restricted_contact_is_not_a_family(world):
    term_around(world.school)
    elsewhere = HouseholdFactory(school=world.school, address_line_1="2 Ash Row")
    uncle = ContactFactory(school=world.school, household=elsewhere, first_name="Uncle")
    PupilContactFactory(pupil=world.pupil, contact=uncle, is_restricted=True)
    assert len(class_coverage(world.class_a).families) == 2


def test_messages_never_count_as_contact(world):
    term_around(world.school)
    create_messages(school=world.school, kind="other", drafts=[
        Draft(contact=world.parent_contact, body="Hello", pupils=[world.pupil])])
    assert class_coverage(world.class_a).reached == []


def test_contact_last_term_does_not_count_this_term(world):
    term_around(world.school)
    record_for(world.pupil, world.class_teacher, household=world.parent_contact.household,
               days_ago=45)
    coverage = class_coverage(world.class_a)
    assert coverage.reached == []
    assert coverage.not_reached[0].last_contact is not None


def test_the_term_end_notice_shows_within_three_weeks_while_families_remain(world):
    term_around(world.school, ends_in_days=30)
    assert not class_coverage(world.class_a).remind
    world.school.academic_years.all().delete()
    term_around(world.school, ends_in_days=20)
    assert class_coverage(world.class_a).remind
    for household in (world.parent_contact.household, world.separated_contact.household):
        record_for(world.pupil, world.class_teacher, household=household)
    assert not class_coverage(world.class_a).remind


def test_school_coverage_counts_each_class(world):
    term_around(world.school)
    record_for(world.pupil, world.class_teacher, household=world.parent_contact.household)
    _term, rows, total = school_coverage(world.school, [world.class_a, world.class_b])
    assert [(row.reached, row.total, row.percent) for row in rows] == [(1, 2, 50),
                                                                      (0, 0, None)]
    assert (total.reached, total.total) == (1, 2)


# Pages -----------------------------------------------------------------------------------

def test_the_class_page_lists_families_not_reached_with_a_log_contact_button(world):
    term_around(world.school, ends_in_days=10)
    page = signed_in(world.class_teacher).get(reverse("contact:class", args=[world.class_a.pk]))
    text = page.content.decode()
    assert "Not reached this term (2)" in text
    assert "families have not been reached yet" in text
    assert "Log contact" in text
    assert "Rex" not in text


def test_no_term_today_is_said_plainly(world):
    page = signed_in(world.principal).get(reverse("contact:school", args=[world.school.urn]))
    assert "There is no term today" in page.content.decode()


def test_the_principal_sees_coverage_per_class(world):
    term_around(world.school)
    record_for(world.pupil, world.class_teacher, household=world.parent_contact.household)
    page = signed_in(world.principal).get(reverse("contact:school", args=[world.school.urn]))
    text = page.content.decode()
    assert "Class A" in text and "Class B" in text and "50%" in text


def test_a_class_teacher_sees_only_their_class(world):
    term_around(world.school)
    page = signed_in(world.class_teacher).get(reverse("contact:school",
                                                      args=[world.school.urn]))
    text = page.content.decode()
    assert "Class A" in text and "Class B" not in text


def test_log_contact_form(world):
    term_around(world.school)
    client = signed_in(world.class_teacher)
    url = reverse("contact:log", args=[world.pupil.pk])
    page = client.get(url + f"?household={world.parent_contact.household_id}")
    text = page.content.decode()
    assert "Layla" in text and "Omar" in text and "Rex" not in text
    now = timezone.localtime()
    data = {"contact": world.separated_contact.pk, "how": "phone",
            "day_day": now.day, "day_month": now.month, "day_year": now.year,
            "time": "00:00", "about": "Talked about sleep", "interpreter": "no"}
    response = client.post(url, data)
    assert response.status_code == 302
    record = ContactRecord.objects.get()
    assert record.household == world.separated_contact.household
    assert record.staff == world.class_teacher


def test_log_contact_form_errors(world):
    client = signed_in(world.class_teacher)
    url = reverse("contact:log", args=[world.pupil.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(url, {
        "contact": world.restricted_contact.pk, "how": "phone", "day_day": tomorrow.day,
        "day_month": tomorrow.month, "day_year": tomorrow.year, "time": "10:00",
        "about": "", "interpreter": "no", "follow_up": "Ring back"})
    errors = response.context["form"].errors
    assert set(errors) >= {"contact", "about", "follow_up_owner", "follow_up_due"}
    response = client.post(url, {
        "contact": world.parent_contact.pk, "how": "phone", "day_day": tomorrow.day,
        "day_month": tomorrow.month, "day_year": tomorrow.year, "time": "10:00",
        "about": "x", "interpreter": "no"})
    assert "must not be in the future" in str(response.context["form"].errors["day"])
    assert not ContactRecord.objects.exists()


def test_the_pupil_tab_shows_the_log_to_staff_only(world):
    record_for(world.pupil, world.class_teacher, household=world.parent_contact.household,
               about="Sleep is better")
    url = reverse("contact:pupil", args=[world.pupil.pk])
    assert "Sleep is better" in signed_in(world.therapist).get(url).content.decode()
    assert signed_in(world.parent).get(url).status_code == 404
    pupil_page = signed_in(world.parent).get(reverse("people:pupil", args=[world.pupil.pk]))
    assert url not in pupil_page.content.decode()
