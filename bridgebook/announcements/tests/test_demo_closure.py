"""The walk-through of issue 9 on the demo trust: each school's office sends an important
whole-school announcement (a closure) with the demo's translation backend. Every entitled
contact of both schools has it at the same moment, on a channel that reaches them.

What went wrong before: "important" held every other language for a person to check, so
families reading Polish, Urdu, Arabic... waited; and Oakleigh's Somali-reading mother, Ifrah
Abdi, never got it at all, because Oakleigh has no EAL teacher and nobody there could check
Somali. Sadia Iqbal, who chose the app but has no account, had only an in-app copy she
could not open (part 2): she is sent it by email and text now."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement, HeldLanguage, LanguageCheck
from bridgebook.announcements.tests.conftest import at
from bridgebook.core.models import Role, School, StaffRole
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.codes import language_name_in
from bridgebook.people.models import Contact, PupilContact
from bridgebook.translation.services import NOT_TEXT_LANGUAGES, base_language

SENT = at(1, 10, 0)
MINUTE = datetime.timedelta(minutes=1)
SENT_STATUSES = {Delivery.Status.SENT, Delivery.Status.DELIVERED}


def in_the_minute(moment) -> bool:
    """Whether ``moment`` falls in the minute the office pressed Send."""
    return moment is not None and SENT <= moment < SENT + MINUTE


@pytest.fixture
def demo(db, settings):
    call_command("seed_demo", stdout=StringIO())
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def reads(contact) -> str:
    """The language a contact reads a message in: theirs, English for a signer."""
    language = base_language(contact.language)
    return "en" if language in NOT_TEXT_LANGUAGES else language


def machine_marker(contact) -> str:
    """The line a machine-translated announcement carries, in the contact's language."""
    with translation.override(contact.language):
        return translation.gettext("Translated by machine from %(language)s.") % {
            "language": language_name_in("en", contact.language)}


def test_every_entitled_contact_of_both_schools_gets_the_closure_at_once(
        demo, django_capture_on_commit_callbacks):
    sent = {}
    # The clock runs (a frozen one would make every time below the same by construction):
    # everything must happen within the minute the office presses Send.
    with time_machine.travel(SENT, tick=True):
        for school in School.objects.order_by("urn"):
            office = StaffRole.objects.filter(school=school, role=Role.OFFICE).first().user
            announcement = Announcement.objects.create(
                school=school, author=office, important=True,
                subject="School closed tomorrow",
                body="The school is closed tomorrow: the heating has failed.")
            with django_capture_on_commit_callbacks(execute=True):
                actions.do_send(announcement=announcement, acting_user=office)
            sent[school.name] = announcement

    for name, announcement in sent.items():
        entitled = set(PupilContact.objects.entitled().filter(
            pupil__in=selectors.audience_pupils(announcement)).values_list(
            "contact_id", flat=True))
        messages = list(Message.objects.filter(kind="announcement",
                                               source_id=announcement.pk)
                        .select_related("contact").prefetch_related("deliveries"))
        assert {m.contact_id for m in messages} == entitled, name
        assert all(in_the_minute(m.created_at) for m in messages), name
        went = set()
        for message in messages:
            contact, deliveries = message.contact, list(message.deliveries.all())
            who = f"{name}: {contact.full_name} ({contact.language})"
            # Each by a channel that reaches them: the app they can open, or an email,
            # text or letter on its way.
            channels = {d.channel for d in deliveries}
            assert contact.user_id is not None or channels - {Delivery.Channel.APP}, who
            # Nothing held for later: the app copy, email and text all went in that minute
            # (the send tasks ran on commit); a letter waits for the day's letter batch.
            assert message.send_after is None or in_the_minute(message.send_after), who
            for delivery in deliveries:
                if delivery.channel == Delivery.Channel.LETTER:
                    assert delivery.status == Delivery.Status.QUEUED, who
                    continue
                assert delivery.status in SENT_STATUSES, (who, delivery.channel,
                                                          delivery.last_error)
                assert in_the_minute(delivery.sent_at), (who, delivery.channel)
                went.add(delivery.channel)
                assert (delivery.next_attempt_at is None
                        or in_the_minute(delivery.next_attempt_at)), (who, delivery.channel)
            # In their language, machine translated and marked so where it is not English.
            language = reads(contact)
            assert message.language == language, who
            if language == "en":
                assert "Translated by machine" not in message.body, who
                assert message.subject == "School closed tomorrow", who
            else:
                assert machine_marker(contact) in message.body, who
                assert message.subject == f"[{language}] School closed tomorrow", who
                assert f"[{language}] The school is closed tomorrow" in message.body, who
        assert went == {"app", "email", "sms"}, name
        # Every family, in every language the school's families read.
        assert len({m.language for m in messages}) >= 4, name
        assert not HeldLanguage.objects.filter(announcement=announcement).exists()
        assert LanguageCheck.objects.filter(announcement=announcement).count() >= 4

    ifrah = Contact.objects.get(first_name="Ifrah", last_name="Abdi")
    assert ifrah.language == "so"
    copy = Message.objects.get(contact=ifrah, source_id=sent["Oakleigh School"].pk)
    assert copy.subject == "[so] School closed tomorrow"
    sadia = Contact.objects.get(first_name="Sadia", last_name="Iqbal")
    assert sadia.preferred_channels == ["app"] and sadia.user_id is None
    copy = Message.objects.get(contact=sadia, source_id=sent["Oakleigh School"].pk)
    assert {d.channel for d in copy.deliveries.all()} == {"app", "email", "sms"}
    # Ellie's father, under a court order, has nothing.
    dean = Contact.objects.get(first_name="Dean", last_name="Turner")
    assert not Message.objects.filter(contact=dean).exists()
