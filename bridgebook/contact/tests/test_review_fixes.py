"""The review of the contact app (P1-1, P1-3, P2-6, P2-7, P2-10, P2-12, P3-17, P3-19) and
``withdraw_contact``, the API appointments call when a counted meeting did not happen.

A court order keeps a member of staff from Amira when their account is a restricted
contact's or has its email address: here Rex's contact gets a member of staff's email."""

import datetime
import logging
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import signed_in
from bridgebook.contact import actions, lone_working
from bridgebook.contact.lone_working import ALERT, ESCALATION, find_overdue_visits
from bridgebook.contact.models import (
    ContactRecord,
    ContactSettings,
    FollowUp,
    HomeVisit,
    StaffPhone,
    TermReminder,
)
from bridgebook.contact.selectors import class_coverage, my_visits_today, school_coverage
from bridgebook.contact.tests.factories import record_for, term_around, visit_for
from bridgebook.core.access import forget_viewer
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.backends.base import DeliveryError
from bridgebook.messaging.models import OutboxMessage
from bridgebook.people.models import ClassStaff, Contact
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

MINUTE = datetime.timedelta(minutes=1)


def keep_from_amira(world, user) -> None:
    """Rex's contact (restricted for Amira) has ``user``'s email address."""
    Contact.objects.filter(pk=world.restricted_contact.pk).update(email=user.email)


def overdue(world, *, buddy, lead=None, minutes_ago=60, **fields) -> HomeVisit:
    visit = visit_for(world.pupil, world.parent_contact.household, lead=lead or world.therapist,
                      buddy=buddy, starts_in_minutes=-minutes_ago, minutes=minutes_ago - 30,
                      **fields)
    HomeVisit.objects.filter(pk=visit.pk).update(checked_in_at=visit.starts_at)
    return HomeVisit.objects.get(pk=visit.pk)


def run(capture, at=None):
    with capture(execute=True):
        return find_overdue_visits(now=at)


# P1-1: lists leave out the pupils a court order keeps from the reader ---------------------

def test_a_teacher_kept_from_amira_by_email_does_not_see_her_on_the_class_page(world):
    term_around(world.school)
    keep_from_amira(world, world.class_teacher)
    client = signed_in(world.class_teacher)
    page = client.get(reverse("contact:class", args=[world.class_a.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Amira" not in text and "Layla" not in text and "Omar" not in text
    assert client.get(reverse("contact:pupil", args=[world.pupil.pk])).status_code == 404
    _term, rows, total = school_coverage(world.school, [world.class_a],
                                         viewer=world.class_teacher)
    assert (rows[0].total, total.total) == (0, 0)
    # Colleagues still count her two homes.
    _term, rows, _total = school_coverage(world.school, [world.class_a], viewer=world.principal)
    assert rows[0].total == 2


def test_a_principal_kept_from_amira_by_account_does_not_count_her(world):
    term_around(world.school)
    world.restricted_contact.user = world.principal
    world.restricted_contact.save(update_fields=["user"])
    page = signed_in(world.principal).get(reverse("contact:school", args=[world.school.urn]))
    assert "Amira" not in page.content.decode()
    assert [row.total for row in page.context["rows"]] == [0, 0]
    assert class_coverage(world.class_a, viewer=world.principal).families == []


def test_todays_visits_leave_out_a_pupil_kept_from_the_visitor(world):
    visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
              buddy=world.class_teacher, starts_in_minutes=30)
    assert len(my_visits_today(world.therapist)) == 1
    keep_from_amira(world, world.therapist)
    forget_viewer(world.therapist)                  # a new request
    assert my_visits_today(world.therapist) == []


# P1-3: nobody kept from the pupil is alerted or chosen -----------------------------------

@pytest.fixture
def sam_leads(world):
    ContactSettings.objects.create(school=world.school, senior_leader=world.senco)


def test_escalation_passes_over_a_senior_leader_kept_from_the_pupil(
        world, sam_leads, django_capture_on_commit_callbacks):
    keep_from_amira(world, world.senco)
    visit = overdue(world, buddy=world.class_teacher)
    alerted = visit.ends_at + 15 * MINUTE
    run(django_capture_on_commit_callbacks, alerted)
    sent = run(django_capture_on_commit_callbacks, alerted + 30 * MINUTE)
    assert [(s.stage, s.user_id) for s in sent] == [(ESCALATION, world.principal.pk)]
    assert "sam@mapledown.example" not in [m.to[0] for m in mail.outbox]
    assert HomeVisit.objects.get(pk=visit.pk).escalated_to == world.principal


def test_with_nobody_allowed_to_escalate_to_the_error_is_logged(
        world, sam_leads, django_capture_on_commit_callbacks, caplog):
    keep_from_amira(world, world.senco)
    world.restricted_contact.user = world.principal        # the principal by account
    world.restricted_contact.save(update_fields=["user"])
    visit = overdue(world, buddy=world.class_teacher)
    alerted = visit.ends_at + 15 * MINUTE
    run(django_capture_on_commit_callbacks, alerted)
    with caplog.at_level(logging.ERROR, logger="bridgebook.contact.lone_working"):
        assert run(django_capture_on_commit_callbacks, alerted + 30 * MINUTE) == []
    assert "no senior leader or principal" in caplog.text
    assert HomeVisit.objects.get(pk=visit.pk).escalated_to is None
    assert [m.to for m in mail.outbox] == [["cara@mapledown.example"]]


def test_a_buddy_kept_from_the_pupil_since_planning_is_not_alerted(
        world, sam_leads, django_capture_on_commit_callbacks):
    visit = overdue(world, buddy=world.class_teacher)
    keep_from_amira(world, world.class_teacher)
    sent = run(django_capture_on_commit_callbacks, visit.ends_at + 15 * MINUTE)
    assert [(s.stage, s.user_id) for s in sent] == [(ESCALATION, world.senco.pk)]
    assert [m.to for m in mail.outbox] == [["sam@mapledown.example"]]


def test_no_staff_choice_is_someone_kept_from_the_pupil(world):
    keep_from_amira(world, world.senco)
    starts = timezone.now() + datetime.timedelta(hours=1)
    for role in ("lead", "second", "buddy"):
        people = {"lead": world.therapist, "second": None, "buddy": world.class_teacher}
        people[role] = world.senco
        with pytest.raises(actions.ContactError):
            actions.do_plan_visit(acting_user=world.class_teacher, pupil=world.pupil,
                                  household=world.parent_contact.household,
                                  purpose="physiotherapy", starts_at=starts,
                                  ends_at=starts + datetime.timedelta(hours=1), **people)
    with pytest.raises(actions.ContactError):
        actions.do_log_contact(acting_user=world.class_teacher, pupil=world.pupil,
                               contact=world.parent_contact, how="phone", about="x",
                               happened_at=timezone.now(), follow_up="Ring back",
                               follow_up_owner=world.senco,
                               follow_up_due=timezone.localdate())
    assert not ContactRecord.objects.exists()


# P2-6: the people named on a visit open the pages they need ------------------------------

def test_a_buddy_from_another_class_acknowledges_and_a_second_checks_in(world):
    visit = overdue(world, buddy=world.other_teacher, alerted_at=timezone.now())
    otto = signed_in(world.other_teacher)
    assert "1 Maple Road" in otto.get(reverse("contact:overdue")).content.decode()
    assert otto.get(reverse("contact:visit", args=[visit.pk])).status_code == 200
    assert otto.post(reverse("contact:acknowledge", args=[visit.pk])).status_code == 302
    assert HomeVisit.objects.get(pk=visit.pk).acknowledged_by == world.other_teacher
    # Named as the second visitor, Otto checks in; named, he still may not write it up.
    second = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                       second=world.other_teacher, buddy=world.class_teacher)
    assert otto.post(reverse("contact:check_in", args=[second.pk])).status_code == 302
    assert HomeVisit.objects.get(pk=second.pk).checked_in_by == world.other_teacher
    assert otto.get(reverse("contact:visit", args=[second.pk])).status_code == 200
    # Not named: still nothing.
    third = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher)
    assert otto.get(reverse("contact:visit", args=[third.pk])).status_code == 404


def test_someone_named_but_kept_from_the_pupil_gets_404(world):
    visit = overdue(world, buddy=world.other_teacher, alerted_at=timezone.now())
    keep_from_amira(world, world.other_teacher)
    otto = signed_in(world.other_teacher)
    assert otto.get(reverse("contact:visit", args=[visit.pk])).status_code == 404
    assert otto.post(reverse("contact:acknowledge", args=[visit.pk])).status_code == 404
    assert "1 Maple Road" not in otto.get(reverse("contact:overdue")).content.decode()


def test_the_senior_leader_escalated_to_acknowledges(world):
    visit = overdue(world, buddy=world.class_teacher, alerted_at=timezone.now(),
                    escalated_at=timezone.now(), escalated_to=world.other_teacher)
    otto = signed_in(world.other_teacher)
    assert otto.post(reverse("contact:acknowledge", args=[visit.pk])).status_code == 302
    assert HomeVisit.objects.get(pk=visit.pk).acknowledged_by == world.other_teacher


# P2-7: one failure stops nothing, and what failed goes on the next run --------------------

def test_a_failing_email_is_retried_next_run_and_does_not_stop_the_others(
        world, django_capture_on_commit_callbacks):
    first = overdue(world, buddy=world.class_teacher)
    second = overdue(world, buddy=world.senco, minutes_ago=59)
    real = lone_working.send_mail

    def broken_for_cara(subject, body, sender, to):
        if to == ["cara@mapledown.example"]:
            raise RuntimeError("SMTP said no")
        return real(subject, body, sender, to)

    at = second.ends_at + 16 * MINUTE
    with mock.patch.object(lone_working, "send_mail", broken_for_cara):
        sent = run(django_capture_on_commit_callbacks, at)
    assert {s.visit_id for s in sent} == {first.pk, second.pk}
    assert [m.to for m in mail.outbox] == [["sam@mapledown.example"]]
    assert HomeVisit.objects.get(pk=first.pk).alert_emailed_at is None
    # The next run sends Cara's and claims nothing new; the one after sends nothing.
    assert run(django_capture_on_commit_callbacks, at + 5 * MINUTE) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["cara@mapledown.example",
                                                    "sam@mapledown.example"]
    assert HomeVisit.objects.get(pk=first.pk).alert_emailed_at is not None
    run(django_capture_on_commit_callbacks, at + 10 * MINUTE)
    assert len(mail.outbox) == 2


def test_a_failing_text_is_retried_without_emailing_again(
        world, django_capture_on_commit_callbacks):
    StaffPhone.objects.create(user=world.class_teacher, mobile="+447700900100")
    visit = overdue(world, buddy=world.class_teacher)
    at = visit.ends_at + 16 * MINUTE
    with mock.patch("bridgebook.contact.lone_working.backend_for") as backend:
        backend.return_value.send.side_effect = DeliveryError("no signal")
        run(django_capture_on_commit_callbacks, at)
    assert len(mail.outbox) == 1 and not OutboxMessage.objects.exists()
    assert HomeVisit.objects.get(pk=visit.pk).alert_texted_at is None
    call_command("check_home_visits", stdout=StringIO())
    assert OutboxMessage.objects.filter(channel="sms").count() == 1
    assert len(mail.outbox) == 1
    call_command("check_home_visits", stdout=StringIO())
    assert OutboxMessage.objects.count() == 1


def test_a_visit_that_raises_does_not_stop_the_next(
        world, django_capture_on_commit_callbacks, caplog):
    first = overdue(world, buddy=world.class_teacher)
    second = overdue(world, buddy=world.senco, minutes_ago=59)
    real = lone_working._claim_alert

    def broken(visit, *args):
        if visit.pk == first.pk:
            raise RuntimeError("boom")
        return real(visit, *args)

    with mock.patch.object(lone_working, "_claim_alert", broken):
        sent = run(django_capture_on_commit_callbacks, second.ends_at + 16 * MINUTE)
    assert [(s.visit_id, s.stage) for s in sent] == [(second.pk, ALERT)]
    assert f"Checking home visit {first.pk}" in caplog.text


def test_nothing_is_resent_once_the_visit_is_checked_out(
        world, django_capture_on_commit_callbacks):
    visit = overdue(world, buddy=world.class_teacher)
    at = visit.ends_at + 16 * MINUTE
    with mock.patch.object(lone_working, "send_mail", side_effect=OSError("down")):
        run(django_capture_on_commit_callbacks, at)
    actions.do_check_out(acting_user=world.therapist, visit=visit)
    run(django_capture_on_commit_callbacks, at + 5 * MINUTE)
    assert mail.outbox == []


# P2-10: a contact with no household is a family of their own ------------------------------

def test_contacts_with_no_household_are_each_a_family(world):
    term_around(world.school)
    Contact.objects.filter(pk__in=[world.parent_contact.pk, world.separated_contact.pk]).update(
        household=None)
    coverage = class_coverage(world.class_a)
    assert sorted(c.first_name for f in coverage.families for c in f.contacts) == [
        "Layla", "Omar"]
    assert len(coverage.families) == 2
    actions.record_contact(pupil=world.pupil, staff=world.class_teacher, how="phone",
                           about="Sleep", happened_at=timezone.now(),
                           contact=Contact.objects.get(pk=world.parent_contact.pk))
    coverage = class_coverage(world.class_a)
    assert [f.contacts[0].first_name for f in coverage.reached] == ["Layla"]
    assert [f.contacts[0].first_name for f in coverage.not_reached] == ["Omar"]
    _term, rows, _total = school_coverage(world.school, [world.class_a])
    assert (rows[0].reached, rows[0].total) == (1, 2)
    # The class page's button logs contact with that person.
    page = signed_in(world.class_teacher).get(reverse("contact:class", args=[world.class_a.pk]))
    assert f"contact={world.separated_contact.pk}" in page.content.decode()


# P2-12: cancelling and changing a planned visit; writing up only what happened -----------

def planned(world, *, in_minutes=60) -> HomeVisit:
    starts = timezone.now() + datetime.timedelta(minutes=in_minutes)
    return actions.do_plan_visit(acting_user=world.class_teacher, pupil=world.pupil,
                                 household=world.parent_contact.household,
                                 purpose="physiotherapy", lead=world.therapist,
                                 buddy=world.class_teacher, starts_at=starts,
                                 ends_at=starts + datetime.timedelta(hours=1))


def test_cancelling_a_visit(world, django_capture_on_commit_callbacks):
    visit = planned(world, in_minutes=10)
    tia = signed_in(world.therapist)
    assert "1 Maple Road" in tia.get(reverse("contact:today")).content.decode()
    cara = signed_in(world.class_teacher)
    url = reverse("contact:cancel_visit", args=[visit.pk])
    assert "reason" in cara.post(url, {"reason": ""}).context["form"].errors
    assert cara.post(url, {"reason": "Family ill"}).status_code == 302
    visit.refresh_from_db()
    assert visit.cancelled_at and visit.cancelled_by == world.class_teacher
    assert visit.cancel_reason == "Family ill"
    assert AuditEvent.objects.filter(object_type="homevisit", object_id=str(visit.pk),
                                     summary="Cancelled a home visit").exists()
    assert "1 Maple Road" not in tia.get(reverse("contact:today")).content.decode()
    page = cara.get(reverse("contact:visit", args=[visit.pk])).content.decode()
    assert "Family ill" in page and "Write up the visit" not in page
    with pytest.raises(actions.ContactError):
        actions.do_check_in(acting_user=world.therapist, visit=visit)
    with pytest.raises(actions.ContactError):
        actions.do_write_up(acting_user=world.therapist, visit=visit, outcome="x",
                            happened=True)
    # Even checked in behind its back, a cancelled visit is never alerted about.
    HomeVisit.objects.filter(pk=visit.pk).update(checked_in_at=visit.starts_at)
    assert run(django_capture_on_commit_callbacks, visit.ends_at + 60 * MINUTE) == []
    assert not actions.do_cancel_visit(acting_user=world.class_teacher, visit=visit,
                                       reason="again")


def test_changing_a_visit(world):
    visit = planned(world)
    cara = signed_in(world.class_teacher)
    url = reverse("contact:change_visit", args=[visit.pk])
    form = cara.get(url).context["form"]
    assert form.initial["lead"] == world.therapist.pk and "household" not in form.fields
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = cara.post(url, {
        "lead": world.therapist.pk, "second": world.senco.pk, "buddy": world.principal.pk,
        "day_day": tomorrow.day, "day_month": tomorrow.month, "day_year": tomorrow.year,
        "starts": "14:00", "ends": "15:00"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.second, visit.buddy) == (world.senco, world.principal)
    assert timezone.localtime(visit.starts_at, world.school.tz).date() == tomorrow
    event = AuditEvent.objects.get(object_type="homevisit", object_id=str(visit.pk),
                                   summary="Changed a planned home visit")
    assert set(event.changes) == {"starts_at", "ends_at", "second", "buddy"}


def test_a_visit_checked_in_to_is_neither_changed_nor_cancelled(world):
    visit = planned(world, in_minutes=-5)
    actions.do_check_in(acting_user=world.therapist, visit=visit)
    visit.refresh_from_db()
    with pytest.raises(actions.ContactError):
        actions.do_cancel_visit(acting_user=world.class_teacher, visit=visit, reason="x")
    with pytest.raises(actions.ContactError):
        actions.do_change_visit(acting_user=world.class_teacher, visit=visit,
                                starts_at=visit.starts_at, ends_at=visit.ends_at,
                                lead=world.therapist, buddy=world.principal)
    cara = signed_in(world.class_teacher)
    assert cara.get(reverse("contact:cancel_visit", args=[visit.pk])).status_code == 302
    assert HomeVisit.objects.get(pk=visit.pk).cancelled_at is None


def test_a_future_visit_is_never_written_up(world):
    visit = planned(world)
    with pytest.raises(actions.ContactError, match="once it has happened"):
        actions.do_write_up(acting_user=world.therapist, visit=visit, outcome="x",
                            happened=True)
    client = signed_in(world.therapist)
    assert client.post(reverse("contact:write_up", args=[visit.pk]),
                       {"outcome": "x", "happened": "on"}).status_code == 302
    assert not ContactRecord.objects.exists()
    page = client.get(reverse("contact:visit", args=[visit.pk])).content.decode()
    assert "Write up the visit" not in page and "Change the visit" in page


def test_a_visit_nobody_checked_in_to_needs_confirming(world):
    visit = planned(world, in_minutes=-90)
    with pytest.raises(actions.ContactError, match="confirm"):
        actions.do_write_up(acting_user=world.therapist, visit=visit, outcome="x")
    record = actions.do_write_up(acting_user=world.therapist, visit=visit, outcome="x",
                                 happened=True)
    assert record.happened_at == visit.starts_at


# P3-17: the owner of a follow-up is told and finds it ---------------------------------------

def otto_owns_one(world, django_capture_on_commit_callbacks) -> FollowUp:
    with django_capture_on_commit_callbacks(execute=True):
        record = actions.do_log_contact(
            acting_user=world.class_teacher, pupil=world.pupil, contact=world.parent_contact,
            how="phone", about="Sleep", happened_at=timezone.now(),
            follow_up="Lend the switch", follow_up_owner=world.other_teacher,
            follow_up_due=timezone.localdate())
    return record.follow_ups.get()


def test_the_owner_is_emailed_and_marks_it_done_from_another_class(
        world, django_capture_on_commit_callbacks):
    follow_up = otto_owns_one(world, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.to == ["otto@mapledown.example"]
    assert "Lend the switch" in email.body
    assert reverse("contact:school", args=[world.school.urn]) in email.body
    otto = signed_in(world.other_teacher)
    page = otto.get(reverse("contact:school", args=[world.school.urn])).content.decode()
    assert "Lend the switch" in page and "Your follow-up (1)" in page
    response = otto.post(reverse("contact:follow_up_done", args=[follow_up.pk]),
                         {"from": "school"})
    assert response.url == reverse("contact:school", args=[world.school.urn])
    assert FollowUp.objects.get().done_by == world.other_teacher
    # Another teacher of Class B, not its owner, still gets nothing.
    assert signed_in(world.class_teacher).get(
        reverse("contact:school", args=[world.school.urn])).status_code == 200


def test_an_owner_kept_from_the_pupil_since_neither_sees_nor_marks_it(
        world, django_capture_on_commit_callbacks):
    follow_up = otto_owns_one(world, django_capture_on_commit_callbacks)
    keep_from_amira(world, world.other_teacher)
    otto = signed_in(world.other_teacher)
    page = otto.get(reverse("contact:school", args=[world.school.urn])).content.decode()
    assert "Lend the switch" not in page
    assert otto.post(reverse("contact:follow_up_done",
                             args=[follow_up.pk])).status_code == 404
    assert FollowUp.objects.get().done_at is None


# P3-19: one failed reminder stops nothing and is tried again ------------------------------

def test_a_failed_reminder_is_logged_and_tried_again_next_run(world, caplog):
    ClassStaff.objects.filter(user__in=[world.class_teacher, world.other_teacher]).update(
        is_class_teacher=True)
    carer = ContactFactory(school=world.school, first_name="Bea")
    PupilContactFactory(pupil=world.pupil_b, contact=carer)
    term_around(world.school, ends_in_days=15)
    real = EmailMessage.send

    def broken_for_cara(message, *args, **kwargs):
        if message.to == ["cara@mapledown.example"]:
            raise OSError("SMTP down")
        return real(message, *args, **kwargs)

    with mock.patch.object(EmailMessage, "send", broken_for_cara):
        output = StringIO()
        call_command("remind_termly_contact", stdout=output)
    assert "Sent 1 termly contact reminders" in output.getvalue()
    assert [m.to for m in mail.outbox] == [["otto@mapledown.example"]]
    assert "termly contact reminder to user" in caplog.text
    assert list(TermReminder.objects.values_list("user_id", flat=True)) == [
        world.other_teacher.pk]
    call_command("remind_termly_contact", stdout=StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == ["cara@mapledown.example",
                                                    "otto@mapledown.example"]
    call_command("remind_termly_contact", stdout=StringIO())
    assert len(mail.outbox) == 2 and TermReminder.objects.count() == 2


# withdraw_contact ----------------------------------------------------------------------------

def test_withdrawing_the_contact_a_meeting_made(world):
    made = actions.record_contact(pupil=world.pupil, staff=world.class_teacher,
                                  how="appointment", about="Booked", happened_at=timezone.now(),
                                  contact=world.parent_contact, source_key="appointment:7")
    record_for(world.pupil, world.class_teacher, household=world.parent_contact.household)
    assert actions.withdraw_contact(source_key="appointment:7", by=world.office)
    assert not ContactRecord.objects.filter(source_key="appointment:7").exists()
    assert ContactRecord.objects.count() == 1
    event = AuditEvent.objects.get(object_type="contactrecord", object_id=str(made.pk),
                                   action=AuditEvent.Action.DELETE)
    assert event.actor == world.office and event.pupil == world.pupil
    assert not actions.withdraw_contact(source_key="appointment:7", by=world.office)
    assert not actions.withdraw_contact(source_key="")
    assert ContactRecord.objects.count() == 1
