"""A school's own messaging rules: texts for messages unread in the app, and the working
hours of staff who have not set their own, set by the principal or office on the school's
Messaging settings page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.factories import SchoolFactory
from bridgebook.core.tests.queries import STAFF_FRAME
from bridgebook.messaging import actions, delivery, quiet_hours
from bridgebook.messaging.models import (
    Delivery,
    Message,
    SchoolMessagingSettings,
    SchoolWorkingHours,
)
from bridgebook.messaging.quiet_hours import release_time

LONDON = ZoneInfo("Europe/London")
SHORT_DAY = (datetime.time(8, 30), datetime.time(15, 30))
WEEKDAYS_SHORT = dict.fromkeys(range(5), SHORT_DAY)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in the week of Monday 23 November 2026 (GMT; day 0 = Monday)."""
    day = datetime.date(2026, 11, 23) + datetime.timedelta(days=day)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def set_school(world, *, fallback: int = 0, hours=None, school=None):
    return actions.do_set_school_messaging_settings(
        school=school or world.school, acting_user=world.principal,
        fallback_sms_after_hours=fallback,
        hours=quiet_hours.DEFAULT_HOURS if hours is None else hours)


def url(world) -> str:
    return reverse("messaging:school_settings", args=[world.school.urn])


# The page: who may see it ----------------------------------------------------------------

MAY_SET = {"principal", "office", "trust_admin"}
SCHOOL_STAFF = {"class_teacher", "other_teacher", "senco", "therapist"}


@pytest.mark.parametrize("name", PERSONAS)
def test_page_personas(world, name):
    response = signed_in(persona(world, name)).get(url(world))
    if name == "anonymous":
        assert response.status_code == 302
    elif name in MAY_SET:
        assert response.status_code == 200
        assert "Messaging settings" in response.content.decode()
    elif name in SCHOOL_STAFF:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(set(PERSONAS) - MAY_SET))
def test_only_principal_office_and_trust_can_save(world, name):
    response = signed_in(persona(world, name)).post(url(world), _post(fallback="after",
                                                                      hours="2"))
    assert response.status_code in (302, 403, 404)
    if name == "anonymous":
        assert response["Location"].startswith("/accounts/")
    assert not SchoolMessagingSettings.objects.exists()
    assert not SchoolWorkingHours.objects.exists()


def test_link_from_the_school_page(world):
    for user in (world.principal, world.office, world.trust_admin):
        page = signed_in(user).get(reverse("core:school", args=[world.school.urn]))
        assert f'href="{url(world)}">Messaging settings</a>' in page.content.decode()
    for user in (world.class_teacher, world.senco):
        page = signed_in(user).get(reverse("core:school", args=[world.school.urn]))
        assert url(world) not in page.content.decode()


# The page: saving ------------------------------------------------------------------------

def _post(fallback: str = "off", hours: str = "", days=None) -> dict:
    data = {"fallback": fallback, "fallback_hours": hours}
    for day, (start, end) in (WEEKDAYS_SHORT if days is None else days).items():
        data.update({f"works_{day}": "on", f"start_{day}": f"{start:%H:%M}",
                     f"end_{day}": f"{end:%H:%M}"})
    return data


def test_defaults_shown_before_the_school_chooses(world, use_providers):
    page = signed_in(world.principal).get(url(world)).content.decode()
    assert "The school has not chosen yet, so no texts are sent" in page
    assert 'value="off" checked' in page
    assert "At the moment: Mon–Fri 8:00–17:00" in page
    use_providers(world.school.urn, FALLBACK_SMS_AFTER_MINUTES=90)
    page = signed_in(world.principal).get(url(world)).content.decode()
    assert "Bridgebook’s default is used: a text after 90 minutes" in page
    assert 'value="after" checked' in page
    assert 'name="fallback_hours" type="text" value="2"' in page   # 90 minutes, rounded up


def test_principal_sets_texts_and_hours(world):
    client = signed_in(world.principal)
    response = client.post(url(world), _post(fallback="after", hours="4"))
    assert response.status_code == 302
    assert response["Location"] == url(world)
    settings_ = SchoolMessagingSettings.objects.get(school=world.school)
    assert (settings_.fallback_sms_after_hours, settings_.updated_by) == (4, world.principal)
    assert quiet_hours.school_hours(world.school) == WEEKDAYS_SHORT
    event = AuditEvent.objects.get(object_type="schoolmessagingsettings")
    assert (event.action, event.actor, event.school) == ("create", world.principal,
                                                         world.school)
    assert event.changes == {
        "fallback_sms_after_hours": [None, 4],
        "working_hours": [None, {str(day): "08:30-15:30" for day in range(5)}]}

    page = client.get(url(world)).content.decode()
    assert "The messaging settings have been saved." in page
    assert "has not chosen yet" not in page
    assert 'value="after" checked' in page
    assert 'name="fallback_hours" type="text" value="4"' in page
    assert "At the moment: Mon–Fri 8:30–15:30" in page


def test_office_turns_texts_off_and_only_changes_are_audited(world):
    set_school(world, fallback=4, hours=WEEKDAYS_SHORT)
    client = signed_in(world.office)
    # "No": whatever is left in the hours box does not matter.
    assert client.post(url(world), _post(fallback="off", hours="lots")).status_code == 302
    assert SchoolMessagingSettings.objects.get().fallback_sms_after_hours == 0
    event = AuditEvent.objects.filter(object_type="schoolmessagingsettings").first()
    assert (event.action, event.actor) == ("update", world.office)
    assert event.changes == {"fallback_sms_after_hours": [4, 0]}
    client.post(url(world), _post(fallback="off"))   # nothing changed: no audit row
    assert AuditEvent.objects.filter(object_type="schoolmessagingsettings").count() == 2


def test_trust_administrator_can_set_them(world):
    response = signed_in(world.trust_admin).post(url(world), _post(fallback="after",
                                                                   hours="72"))
    assert response.status_code == 302
    assert SchoolMessagingSettings.objects.get().fallback_sms_after_hours == 72


@pytest.mark.parametrize("data, error, field", [
    ({"fallback": "after", "fallback_hours": ""},
     "Enter how many hours to wait, from 1 to 72", "id_fallback_hours"),
    ({"fallback": "after", "fallback_hours": "0"},
     "The number of hours must be between 1 and 72", "id_fallback_hours"),
    ({"fallback": "after", "fallback_hours": "73"},
     "The number of hours must be between 1 and 72", "id_fallback_hours"),
    ({"fallback": "after", "fallback_hours": "2.5"},
     "Enter the number of hours as a whole number, for example 4", "id_fallback_hours"),
    ({"fallback": ""},
     "Choose whether to send a text when a message is not read", "id_fallback_0"),
    ({"works_0": "", "works_1": "", "works_2": ""}, "Choose at least one day staff work",
     "id_works_0"),
    ({"start_1": ""}, "Enter when staff start on Tuesday", "id_start_1"),
    ({"end_2": "08:00"}, "The finishing time on Wednesday must be after the starting time",
     "id_end_2"),
])
def test_errors_are_summarised_and_linked(world, data, error, field):
    post = _post(fallback="after", hours="4", days={0: SHORT_DAY, 1: SHORT_DAY,
                                                    2: SHORT_DAY})
    post.update(data)
    response = signed_in(world.principal).post(url(world), post)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Messaging settings" in page
    assert "There is a problem" in page
    assert f'<a href="#{field}">{error}</a>' in page
    # The field's own message (a radio group's sits on its fieldset).
    error_id = "id_fallback" if field == "id_fallback_0" else field
    assert f'id="{error_id}-error"' in page
    assert not SchoolMessagingSettings.objects.exists()


def test_page_query_count(world, django_assert_num_queries):
    set_school(world, fallback=4, hours=WEEKDAYS_SHORT)
    client = signed_in(world.principal)
    client.get(url(world))
    # STAFF_FRAME; the school, its settings row, its working days
    with django_assert_num_queries(STAFF_FRAME + 3):
        client.get(url(world))


# Texts for messages unread in the app --------------------------------------------------

def _unread(world, contact=None) -> Message:
    return delivery.create_message(school=world.school, contact=contact or world.parent_contact,
                                   kind="announcement", subject="Trip",
                                   body="Trip on Monday.", channels=[Delivery.Channel.APP])


def _texts() -> int:
    return Delivery.objects.filter(channel=Delivery.Channel.SMS).count()


def test_the_schools_hours_win_over_the_deployment(world, use_providers):
    use_providers(world.school.urn, FALLBACK_SMS_AFTER_MINUTES=60)
    set_school(world, fallback=2)
    with time_machine.travel(at(1, 9), tick=False):
        _unread(world)
    with time_machine.travel(at(1, 10, 1), tick=False):
        assert delivery.fall_back_unread() == 0       # the deployment's hour is not enough
    with time_machine.travel(at(1, 11, 1), tick=False):
        assert delivery.fall_back_unread() == 1
    sms = Delivery.objects.get(channel=Delivery.Channel.SMS)
    assert sms.message.contact == world.parent_contact


def test_a_school_that_turned_texts_off_gets_none(world, use_providers):
    use_providers(world.school.urn, FALLBACK_SMS_AFTER_MINUTES=60)
    set_school(world, fallback=0)
    with time_machine.travel(at(1, 9), tick=False):
        _unread(world)
    with time_machine.travel(at(2, 9), tick=False):
        assert delivery.fall_back_unread() == 0
        # Nor does an operator's override (fallback_unread --minutes) text them.
        assert delivery.fall_back_unread(minutes=5) == 0
    assert _texts() == 0


def test_a_school_that_has_not_chosen_uses_the_deployment(world, use_providers):
    use_providers(world.school.urn, FALLBACK_SMS_AFTER_MINUTES=60)
    set_school(world, fallback=3, school=world.other_school)   # another school's choice
    with time_machine.travel(at(1, 9), tick=False):
        _unread(world)
    with time_machine.travel(at(1, 10, 1), tick=False):
        assert delivery.fall_back_unread() == 1


def test_texts_need_no_deployment_setting(world):
    set_school(world, fallback=1)
    with time_machine.travel(at(1, 9), tick=False):
        _unread(world)
        _unread(world, world.separated_contact)
    with time_machine.travel(at(1, 10, 1), tick=False):
        assert delivery.fall_back_unread() == 2


def test_settings_of_every_school_are_read_in_one_query(world, django_assert_num_queries):
    third = SchoolFactory(trust=world.school.trust, name="Ashgrove School", urn="101003")
    fourth = SchoolFactory(trust=world.school.trust, name="Birchwood School", urn="101004")
    set_school(world, fallback=1)
    set_school(world, fallback=2, school=world.other_school)
    set_school(world, fallback=3, school=third)
    set_school(world, fallback=0, school=fourth)         # off: no query for it
    # the schools with their settings, then each school's unread messages (three schools
    # text; none has an unread message, so nothing is inserted)
    with django_assert_num_queries(4):
        assert delivery.fall_back_unread() == 0


# The school's working hours ----------------------------------------------------------------

@pytest.mark.parametrize("when, expected", [
    (at(1, 8, 15), at(1, 8, 30)),   # before the school's day starts
    (at(1, 12), at(1, 12)),         # working: at once
    (at(1, 15, 30), at(2, 8, 30)),  # the day ended at 15:30
    (at(1, 16), at(2, 8, 30)),
    (at(4, 16), at(7, 8, 30)),      # Friday afternoon → Monday
])
def test_release_time_uses_the_schools_hours(world, when, expected):
    set_school(world, hours=WEEKDAYS_SHORT)
    assert release_time(sender=world.class_teacher, school=world.school, when=when) == expected


def test_staff_with_their_own_hours_keep_them(world):
    set_school(world, hours=WEEKDAYS_SHORT)
    actions.do_set_working_hours(user=world.class_teacher, school=world.school,
                                     hours={1: (datetime.time(7), datetime.time(17))})
    teacher = world.class_teacher
    assert release_time(sender=teacher, school=world.school, when=at(1, 16)) == at(1, 16)
    assert release_time(sender=teacher, school=world.school, when=at(2, 16)) == at(8, 7)
    # Another school's hours are not this school's.
    set_school(world, hours={0: SHORT_DAY}, school=world.other_school)
    assert release_time(sender=world.other_teacher, school=world.school,
                        when=at(0, 16)) == at(1, 8, 30)


def test_hours_for_users_is_one_query(world, django_assert_num_queries):
    set_school(world, hours=WEEKDAYS_SHORT)
    actions.do_set_working_hours(user=world.class_teacher, school=world.school,
                                     hours={1: (datetime.time(7), datetime.time(17))})
    ids = [world.class_teacher.pk, world.other_teacher.pk, world.senco.pk]
    with django_assert_num_queries(1):   # their own rows and the school's, as one UNION
        hours = quiet_hours.hours_for_users(ids, world.school)
    assert hours == {world.class_teacher.pk: {1: (datetime.time(7), datetime.time(17))},
                     world.other_teacher.pk: WEEKDAYS_SHORT, world.senco.pk: WEEKDAYS_SHORT}
    with django_assert_num_queries(1):
        assert quiet_hours.hours_for(world.senco, world.school) == WEEKDAYS_SHORT


def test_a_message_at_four_waits_for_the_morning_when_the_day_ends_at_half_past_three(
        world, django_capture_on_commit_callbacks, mailoutbox):
    set_school(world, hours=WEEKDAYS_SHORT)
    with time_machine.travel(at(0, 16), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            message = actions.do_start_conversation(
                pupil=world.pupil, author=world.class_teacher, subject="Swimming",
                body="Please send a towel tomorrow.")
    assert message.send_after == at(1, 8, 30)
    copies = Message.objects.filter(kind="conversation", source_id=message.pk)
    assert {copy.send_after for copy in copies} == {at(1, 8, 30)}
    assert len(mailoutbox) == 0
    # Families are told when the teacher usually replies: the school's hours.
    page = signed_in(world.parent).get(
        reverse("messaging:conversation", args=[message.conversation_id])).content.decode()
    assert "Mon–Fri 8:30–15:30" in page


def test_working_hours_page_starts_from_the_schools_hours(world):
    set_school(world, hours=WEEKDAYS_SHORT)
    page = signed_in(world.class_teacher).get(reverse("messaging:working_hours"))
    assert "Mon–Fri 8:30–15:30" in page.content.decode()
