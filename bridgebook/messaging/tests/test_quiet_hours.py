"""Working hours: when a message written outside them goes out, urgent messages, held
deliveries and the working-hours page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from bridgebook.conftest import PERSONAS, persona
from bridgebook.core.models import AuditEvent
from bridgebook.messaging import actions, conversations, quiet_hours
from bridgebook.messaging.models import Delivery, Message, StaffWorkingHours
from bridgebook.messaging.quiet_hours import UrgentNotAllowed, release_time

LONDON = ZoneInfo("Europe/London")
# Monday 23 November 2026 (GMT, so London time is UTC).
MONDAY_LATE = datetime.datetime(2026, 11, 23, 21, 30, tzinfo=LONDON)
TUESDAY_8 = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in the week of Monday 23 November 2026 (day 0 = Monday)."""
    day = datetime.date(2026, 11, 23) + datetime.timedelta(days=day)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)



# release_time ----------------------------------------------------------------------------

@pytest.mark.parametrize("when, expected", [
    (at(0, 21, 30), at(1, 8)),      # Monday evening → Tuesday morning
    (at(1, 6, 59), at(1, 8)),       # early Tuesday → Tuesday 08:00
    (at(1, 8), at(1, 8)),           # the first minute of work
    (at(1, 12), at(1, 12)),         # working: at once
    (at(1, 17), at(2, 8)),          # 17:00 is after work
    (at(4, 21, 30), at(7, 8)),      # Friday evening → Monday
    (at(5, 10), at(7, 8)),          # Saturday → Monday
])
def test_default_hours_hold_until_the_next_working_morning(world, when, expected):
    assert release_time(sender=world.class_teacher, school=world.school, when=when) == expected


def test_own_hours_are_used(world):
    actions.do_set_working_hours(user=world.class_teacher, school=world.school, hours={
        1: (datetime.time(9, 30), datetime.time(15)),
        3: (datetime.time(7, 45), datetime.time(12))})
    teacher = world.class_teacher
    assert release_time(sender=teacher, school=world.school, when=at(0, 10)) == at(1, 9, 30)
    assert release_time(sender=teacher, school=world.school, when=at(1, 14)) == at(1, 14)
    assert release_time(sender=teacher, school=world.school, when=at(1, 15)) == at(3, 7, 45)
    assert release_time(sender=teacher, school=world.school, when=at(3, 13)) == at(8, 9, 30)


def test_school_time_zone_decides(world):
    world.school.timezone = "Asia/Karachi"  # UTC+5
    world.school.save(update_fields=["timezone"])
    # 04:00 UTC on Tuesday is 09:00 in Karachi: working.
    when = datetime.datetime(2026, 11, 24, 4, 0, tzinfo=datetime.UTC)
    assert release_time(sender=world.class_teacher, school=world.school, when=when) == when
    # 13:00 UTC is 18:00 there: held until 08:00 Karachi = 03:00 UTC on Wednesday.
    late = datetime.datetime(2026, 11, 24, 13, 0, tzinfo=datetime.UTC)
    assert release_time(sender=world.class_teacher, school=world.school, when=late) == (
        datetime.datetime(2026, 11, 25, 3, 0, tzinfo=datetime.UTC))


@pytest.mark.parametrize("name", ["principal", "senco"])
def test_senior_urgent_goes_now(world, name):
    sender = getattr(world, name)
    assert release_time(sender=sender, school=world.school, when=MONDAY_LATE,
                        urgent=True) == MONDAY_LATE


@pytest.mark.parametrize("name", ["class_teacher", "office", "therapist"])
def test_urgent_from_anyone_else_is_refused(world, name):
    with pytest.raises(UrgentNotAllowed, match="Only the principal or the SENCO"):
        release_time(sender=getattr(world, name), school=world.school, when=MONDAY_LATE,
                     urgent=True)


def test_urgent_from_a_teaching_assistant_is_refused(world, assistant):
    with pytest.raises(UrgentNotAllowed):
        release_time(sender=assistant, school=world.school, when=MONDAY_LATE, urgent=True)


def test_describe():
    nine, five = datetime.time(8), datetime.time(17)
    assert quiet_hours.describe(quiet_hours.DEFAULT_HOURS) == "Mon–Fri 8:00–17:00"
    assert quiet_hours.describe({0: (nine, five), 1: (nine, five),
                                 3: (nine, datetime.time(12, 30))}) == (
        "Mon–Tue 8:00–17:00, Thu 8:00–12:30")


# Held deliveries --------------------------------------------------------------------------

def _send_due(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_deliveries", stdout=open("/dev/null", "w"))


def test_late_message_is_in_the_app_at_once_and_emailed_at_eight(
        world, django_capture_on_commit_callbacks, mailoutbox):
    with time_machine.travel(MONDAY_LATE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            started = actions.do_start_conversations(
                pupil=world.pupil, author=world.class_teacher, subject="Swimming",
                body="Please send a towel tomorrow.")
        assert {message.send_after for message in started} == {TUESDAY_8}
        copies = Message.objects.filter(kind="conversation",
                                        source_id__in=[message.pk for message in started])
        assert {m.contact for m in copies} == {world.parent_contact, world.separated_contact}
        assert all(m.send_after == TUESDAY_8 for m in copies)
        app = Delivery.objects.filter(message__in=copies, channel=Delivery.Channel.APP)
        assert {d.status for d in app} == {Delivery.Status.DELIVERED}
        email = Delivery.objects.filter(message__in=copies, channel=Delivery.Channel.EMAIL)
        assert email.count() == 2
        assert {(d.status, d.next_attempt_at) for d in email} == {
            (Delivery.Status.QUEUED, TUESDAY_8)}
        assert len(mailoutbox) == 0
        _send_due(django_capture_on_commit_callbacks)
        assert len(mailoutbox) == 0
        # The unread-in-app fallback does not text at night either.
        call_command("fallback_unread", "--minutes", "0", stdout=open("/dev/null", "w"))
        assert not Delivery.objects.filter(message__in=copies,
                                           channel=Delivery.Channel.SMS).exists()

    with time_machine.travel(TUESDAY_8 - datetime.timedelta(minutes=1), tick=False):
        _send_due(django_capture_on_commit_callbacks)
        assert len(mailoutbox) == 0

    with time_machine.travel(TUESDAY_8 + datetime.timedelta(minutes=1), tick=False):
        _send_due(django_capture_on_commit_callbacks)
        assert sorted(mail.to[0] for mail in mailoutbox) == [
            "layla@family.example", "omar@family.example"]
        assert "Please send a towel tomorrow." in mailoutbox[0].body
        _send_due(django_capture_on_commit_callbacks)
        assert len(mailoutbox) == 2


def test_principal_urgent_goes_now(world, django_capture_on_commit_callbacks, mailoutbox):
    with time_machine.travel(MONDAY_LATE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            message = actions.do_start_conversation(
                pupil=world.pupil, author=world.principal, subject="School closed",
                body="The school is closed tomorrow: the boiler has failed.", urgent=True)
        assert message.send_after == MONDAY_LATE
        assert message.urgent
        assert len(mailoutbox) == 2


def test_teacher_in_hours_goes_now(world, django_capture_on_commit_callbacks, mailoutbox):
    with time_machine.travel(at(1, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_start_conversation(
                pupil=world.pupil, author=world.class_teacher, subject="Swimming",
                body="Please send a towel tomorrow.")
        assert len(mailoutbox) == 2


def test_assistant_urgent_is_refused_and_nothing_is_saved(world, assistant):
    with time_machine.travel(MONDAY_LATE, tick=False):
        with pytest.raises(UrgentNotAllowed):
            actions.do_start_conversation(
                pupil=world.pupil, author=assistant, subject="Coat", body="Left a coat.",
                urgent=True)
    assert not Message.objects.exists()
    assert not conversations.Conversation.objects.exists()


# The working-hours page -------------------------------------------------------------------

URL = "/messages/working-hours/"
STAFF_WITH_ROLES = {"class_teacher", "other_teacher", "principal", "office", "senco",
                    "therapist", "other_school_staff"}


@pytest.mark.parametrize("name", PERSONAS)
def test_working_hours_page_personas(world, client_for, name):
    response = client_for(persona(world, name)).get(URL)
    if name == "anonymous":
        assert response.status_code == 302
    elif name in STAFF_WITH_ROLES:
        assert response.status_code == 200
        assert "Mon–Fri 8:00–17:00" in response.content.decode()
    else:
        assert response.status_code == 404


def _hours_post(**days) -> dict:
    data = {}
    for day, (start, end) in days.items():
        index = int(day[1:])
        data.update({f"works_{index}": "on", f"start_{index}": start, f"end_{index}": end})
    return data


def test_staff_set_their_hours(world, client_for):
    client = client_for(world.class_teacher)
    response = client.post(URL, _hours_post(d0=("07:30", "16:00"), d2=("9", "15:30")))
    assert response.status_code == 302
    rows = StaffWorkingHours.objects.filter(user=world.class_teacher, school=world.school)
    assert [(r.weekday, r.starts_at, r.ends_at) for r in rows] == [
        (0, datetime.time(7, 30), datetime.time(16)),
        (2, datetime.time(9), datetime.time(15, 30))]
    page = client.get(URL).content.decode()
    assert "Mon 7:30–16:00, Wed 9:00–15:30" in page


def test_setting_working_hours_is_audited_with_who_set_them(world, client_for):
    client_for(world.class_teacher).post(URL, _hours_post(d0=("07:30", "16:00")))
    first = AuditEvent.objects.get(object_type="user", object_id=str(world.class_teacher.pk))
    assert (first.actor, first.action, first.school) == (
        world.class_teacher, AuditEvent.Action.CREATE, world.school)
    assert first.changes == {"working_hours": [None, {"0": "07:30-16:00"}]}
    # Someone else changing them (the shell, a command) is named as who did it.
    actions.do_set_working_hours(user=world.class_teacher, school=world.school,
                                     hours={1: (datetime.time(9), datetime.time(15))},
                                     acting_user=world.principal)
    second = AuditEvent.objects.filter(object_type="user").exclude(pk=first.pk).get()
    assert (second.actor, second.action) == (world.principal, AuditEvent.Action.UPDATE)
    assert second.changes == {"working_hours": [{"0": "07:30-16:00"}, {"1": "09:00-15:00"}]}
    # The same hours again change nothing, so nothing is written.
    actions.do_set_working_hours(user=world.class_teacher, school=world.school,
                                     hours={1: (datetime.time(9), datetime.time(15))})
    assert AuditEvent.objects.filter(object_type="user").count() == 2


def test_hours_errors(world, client_for):
    client = client_for(world.class_teacher)
    response = client.post(URL, _hours_post(d0=("16:00", "07:30"), d1=("", "17:00")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The finishing time on Monday must be after the starting time" in page
    assert "Enter when you start on Tuesday" in page
    response = client.post(URL, {})
    assert "Choose at least one day you work" in response.content.decode()
    assert not StaffWorkingHours.objects.exists()


def test_other_schools_hours_are_not_reachable(world, client_for):
    response = client_for(world.class_teacher).get(URL + "?school=101002")
    assert response.status_code == 404
