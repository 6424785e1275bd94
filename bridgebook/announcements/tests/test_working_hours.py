"""Announcements sent outside the sender's working hours: the app copy at once, email and
text at the start of their next working period; urgent for principal and SENCO only; what
the send page and the delivery report say."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement
from bridgebook.announcements.tests.conftest import at
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.messaging import actions as messaging_actions
from bridgebook.messaging.models import Delivery, Message
from bridgebook.messaging.quiet_hours import UrgentNotAllowed

FRIDAY_LATE = at(4, 21, 40)        # Friday 27 November 2026, 21:40
MONDAY_8 = at(7, 8)                # Monday 30 November 2026, 08:00
COMPOSERS = {"principal", "office", "senco", "trust_admin"}
SENIORS = {"principal", "senco"}


def _draft(world, **fields) -> Announcement:
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.CLASSES, **fields)
    announcement.classes.set([world.class_a])
    return announcement


def _deliveries(announcement, channel):
    return Delivery.objects.filter(message__source_id=announcement.pk,
                                   message__kind="announcement", channel=channel)


def _send_due(capture):
    with capture(execute=True):
        call_command("send_due_deliveries", stdout=open("/dev/null", "w"))


def test_late_announcement_is_in_the_app_at_once_and_emailed_on_monday_morning(
        world, django_capture_on_commit_callbacks, mailoutbox):
    announcement = _draft(world)
    with time_machine.travel(FRIDAY_LATE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.do_send(announcement=announcement, acting_user=world.office) == 2
        announcement.refresh_from_db()
        assert announcement.send_after == MONDAY_8 and not announcement.urgent
        assert {m.send_after for m in Message.objects.filter(source_id=announcement.pk)} == {
            MONDAY_8}
        assert {d.status for d in _deliveries(announcement, "app")} == {"delivered"}
        assert {(d.status, d.next_attempt_at, d.enqueued_at)
                for d in _deliveries(announcement, "email")} == {("queued", MONDAY_8, None)}
        assert mailoutbox == []
        _send_due(django_capture_on_commit_callbacks)
        assert mailoutbox == []
        audit = AuditEvent.objects.get(object_type="announcement",
                                       summary__startswith="Sent the announcement")
        assert "email and text held until 2026-11-30T08:00" in audit.summary
    with time_machine.travel(MONDAY_8 + datetime.timedelta(minutes=1), tick=False):
        _send_due(django_capture_on_commit_callbacks)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["layla@family.example",
                                                         "omar@family.example"]
    assert {d.status for d in _deliveries(announcement, "email")} == {"sent"}


def test_in_hours_announcement_goes_at_once(world, django_capture_on_commit_callbacks,
                                            mailoutbox):
    announcement = _draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_send(announcement=announcement, acting_user=world.office)
    announcement.refresh_from_db()
    assert announcement.send_after is None
    assert len(mailoutbox) == 2


def test_the_senders_own_hours_decide(world):
    hours = {day: (datetime.time(7), datetime.time(15)) for day in range(4)}   # Mon–Thu
    messaging_actions.do_set_working_hours(user=world.office, school=world.school, hours=hours)
    announcement = _draft(world)
    with time_machine.travel(at(3, 16), tick=False):       # Thursday 16:00
        actions.do_send(announcement=announcement, acting_user=world.office)
    announcement.refresh_from_db()
    assert announcement.send_after == at(7, 7)               # Monday 07:00


@pytest.mark.parametrize("name", sorted(COMPOSERS))
def test_urgent_outside_hours_only_for_principal_and_senco(
        world, name, django_capture_on_commit_callbacks, mailoutbox):
    user = persona(world, name)
    announcement = _draft(world)
    with time_machine.travel(FRIDAY_LATE, tick=False):
        if name in SENIORS:
            with django_capture_on_commit_callbacks(execute=True):
                actions.do_send(announcement=announcement, acting_user=user, urgent=True)
            announcement.refresh_from_db()
            assert announcement.urgent and announcement.send_after is None
            assert len(mailoutbox) == 2
            assert AuditEvent.objects.filter(
                summary__contains="urgent, outside working hours").exists()
        else:
            with pytest.raises(UrgentNotAllowed):
                actions.do_send(announcement=announcement, acting_user=user, urgent=True)
            announcement.refresh_from_db()
            assert announcement.is_draft
            assert not Message.objects.exists()


# The send page -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONAS)
def test_send_page_outside_hours_by_persona(world, name):
    announcement = _draft(world)
    with time_machine.travel(FRIDAY_LATE, tick=False):
        response = signed_in(persona(world, name)).get(
            reverse("announcements:detail", args=[world.school.urn, announcement.pk]))
    if name not in COMPOSERS:
        assert response.status_code in (302, 403, 404)
        expected = 302 if name == "anonymous" else 403 if name in {
            "class_teacher", "other_teacher", "therapist"} else 404
        assert response.status_code == expected
        return
    page = response.content.decode()
    assert ("It is 21:40, outside your working hours: texts and emails will go at 08:00 on "
            "Monday 30 November.") in page
    assert ('name="urgent"' in page) == (name in SENIORS)


def test_send_page_in_hours_says_nothing_of_hours(world):
    announcement = _draft(world)
    page = signed_in(world.principal).get(
        reverse("announcements:detail", args=[world.school.urn, announcement.pk])).content
    assert b'id="outside-hours"' not in page and b'name="urgent"' not in page


def test_office_asking_for_urgent_is_refused_with_a_clear_message(world):
    announcement = _draft(world)
    with time_machine.travel(FRIDAY_LATE, tick=False):
        client = signed_in(world.office)
        response = client.post(reverse("announcements:send",
                                       args=[world.school.urn, announcement.pk]),
                               {"urgent": "on"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/announcements/{announcement.pk}/")
    assert "Only the principal or the SENCO can mark a message as urgent." in page
    announcement.refresh_from_db()
    assert announcement.is_draft and not Message.objects.exists()


def test_principal_sends_urgent_from_the_page(world, django_capture_on_commit_callbacks,
                                              mailoutbox):
    announcement = _draft(world)
    with time_machine.travel(FRIDAY_LATE, tick=False):
        client = signed_in(world.principal)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("announcements:send",
                                           args=[world.school.urn, announcement.pk]),
                                   {"urgent": "on"}, follow=True)
    assert "Sent to 2 contacts." in response.content.decode()
    assert "Sent as urgent" in response.content.decode()
    assert len(mailoutbox) == 2


def test_office_late_send_is_told_when_emails_go_and_report_shows_it(world):
    world.separated_contact.preferred_channels = ["email", "sms"]
    world.separated_contact.save(update_fields=["preferred_channels"])
    world.parent_contact.user = None          # no app account: the email is her copy
    world.parent_contact.save(update_fields=["user"])
    announcement = _draft(world)
    with time_machine.travel(FRIDAY_LATE, tick=True):
        client = signed_in(world.office)
        response = client.post(reverse("announcements:send",
                                       args=[world.school.urn, announcement.pk]), follow=True)
        page = response.content.decode()
        assert ("It is outside your working hours, so the emails and texts will be sent at "
                "08:00 on Monday 30 November.") in page
        report = selectors.delivery_report(announcement)
        rows = {row.contact.first_name: row for row in report.rows}
        # Layla has no app account: her email waits, she is not "not reached".
        assert rows["Layla"].outcome == "waiting" and rows["Omar"].outcome == "reached"
        assert (report.waiting, report.not_reached) == (1, 0)
        assert report.held_until == [({"time": "08:00", "day": "Monday 30 November"}, 3)]
        assert "Waiting until 08:00 on Monday 30 November" in page
        assert ("3 emails and texts are waiting until 08:00 on Monday 30 November: they were "
                "written outside working hours.") in page
        assert ("Waiting until 08:00 on Monday 30 November: written outside working hours"
                in page)
        assert "Not reached</strong>" not in page and "Being sent</strong>" not in page


def test_a_send_with_no_person_behind_it_keeps_nobodys_hours(world):
    announcement = _draft(world)
    with time_machine.travel(FRIDAY_LATE, tick=False):
        actions.do_send(announcement=announcement, acting_user=None)
    announcement.refresh_from_db()
    assert announcement.send_after is None
    assert {d.next_attempt_at for d in _deliveries(announcement, "email")} == {FRIDAY_LATE}
