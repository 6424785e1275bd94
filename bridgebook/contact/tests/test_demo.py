"""The demo, with dates frozen: Hannah Price (Willow's teacher) sees two families not
reached this term (one of them Amira's father, who lives apart), logs a call (now one), and
books a home visit for the physiotherapist, Claire Dunn, with Jo Clarke to alert; Claire
checks in and forgets to check out; check_home_visits alerts Jo by email and text, a second
run sends nothing, and later the alert escalates to Sue Hart, the senior leader. The
principal sees coverage differ class by class, and the past visit's advice reached the
family."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.contact import actions
from bridgebook.contact.models import VISIT_ADVICE, HomeVisit
from bridgebook.contact.selectors import class_coverage, school_coverage
from bridgebook.core.models import User
from bridgebook.messaging.models import Message, OutboxMessage
from bridgebook.people.models import SchoolClass

LONDON = ZoneInfo("Europe/London")
SEEDED = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)        # a Wednesday


def at(hour: int, minute: int = 0):
    return time_machine.travel(datetime.datetime(2026, 12, 2, hour, minute, tzinfo=LONDON),
                               tick=False)


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    with time_machine.travel(SEEDED, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--quiet", stdout=StringIO())


def person(name: str) -> User:
    return User.objects.get(full_name=name)


def run_checks(capture) -> str:
    output = StringIO()
    with capture(execute=True):
        call_command("check_home_visits", stdout=output)
    return output.getvalue()


def test_the_demo_story(demo, django_capture_on_commit_callbacks):
    hannah, claire = person("Hannah Price"), person("Claire Dunn")
    jo, sue = person("Jo Clarke"), person("Sue Hart")
    willow = SchoolClass.objects.get(name="Willow", school__name="Mapledown School")
    with at(9, 30):
        coverage = class_coverage(willow)
        not_reached = coverage.not_reached
        assert len(not_reached) == 2
        assert coverage.remind                      # the Autumn term ends on 18 December
        assert any(c.first_name == "Omar" for f in not_reached for c in f.contacts)
        page = signed_in(hannah).get(reverse("contact:class", args=[willow.pk]))
        assert "Not reached this term (2)" in page.content.decode()
        # The principal's page: coverage differs class by class.
        _term, rows, _total = school_coverage(willow.school, list(
            SchoolClass.objects.filter(school=willow.school).order_by("name")))
        assert {row.school_class.name: row.percent for row in rows}["Willow"] < 100
        assert len({row.percent for row in rows}) > 1

        # Hannah rings Omar.
        omars = next(f for f in not_reached if any(c.first_name == "Omar" for c in f.contacts))
        actions.do_log_contact(
            acting_user=hannah, pupil=omars.pupil, contact=omars.contacts[0], how="phone",
            about="How Amira is settling", happened_at=datetime.datetime(
                2026, 12, 2, 9, 15, tzinfo=LONDON))
        assert len(class_coverage(willow).not_reached) == 1

        # She books a home visit for Claire, with Jo to alert.
        other = class_coverage(willow).not_reached[0]
        visit = actions.do_plan_visit(
            acting_user=hannah, pupil=other.pupil, household=other.household,
            purpose=HomeVisit.Purpose.PHYSIOTHERAPY, lead=claire, buddy=jo,
            starts_at=datetime.datetime(2026, 12, 2, 11, 0, tzinfo=LONDON),
            ends_at=datetime.datetime(2026, 12, 2, 12, 0, tzinfo=LONDON))

    with at(11, 2):
        phone = signed_in(claire)
        assert "Check in" in phone.get(reverse("contact:today")).content.decode()
        phone.post(reverse("contact:check_in", args=[visit.pk]))
        assert "checked out" not in run_checks(django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with at(12, 16):                                  # she forgot to check out
        assert "1 alerted" in run_checks(django_capture_on_commit_callbacks)
        assert [m.to for m in mail.outbox] == [[jo.email]]
        assert visit.address in mail.outbox[0].body and "12:00" in mail.outbox[0].body
        assert OutboxMessage.objects.filter(channel="sms", body__contains="12:00").count() == 1
        assert "0 alerted, 0 escalated" in run_checks(django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 1
        home = signed_in(jo).get(reverse("contact:landing_alerts")).content.decode()
        assert "Lone working alert" in home

    with at(12, 47):                                  # nobody acknowledged
        assert "1 escalated" in run_checks(django_capture_on_commit_callbacks)
        assert mail.outbox[-1].to == [sue.email]
        assert "0 alerted, 0 escalated" in run_checks(django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 2


def test_the_past_visit_counts_and_its_advice_reached_the_family(demo):
    visit = HomeVisit.objects.filter(written_up_at__isnull=False).get()
    assert visit.lead.full_name == "Claire Dunn"
    messages = Message.objects.filter(kind=VISIT_ADVICE, source_id=visit.pk)
    assert messages.exists()
    assert {m.contact.household_id for m in messages} == {visit.household_id}
    today = HomeVisit.objects.filter(written_up_at__isnull=True).get()
    assert today.buddy.full_name == "Jo Clarke"
    assert today.starts_at.astimezone(LONDON).date() == SEEDED.date()
