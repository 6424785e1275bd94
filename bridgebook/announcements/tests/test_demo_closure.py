"""The walk-through of issue 9 on the demo trust: each school's office sends an important
whole-school announcement (a closure) with the demo's translation backend. Every entitled
contact of both schools has it at the same moment, on a channel that reaches them.

What went wrong before: "important" held every other language for a person to check, so
families reading Polish, Urdu, Arabic... waited; and Oakleigh's Somali-reading mother, Ifrah
Abdi, never got it at all, because Oakleigh has no EAL teacher and nobody there could check
Somali. Sadia Iqbal, who chose the app but has no account, had only an in-app copy she
could not open (part 2): she is sent it by email and text now."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement, HeldLanguage, LanguageCheck
from bridgebook.announcements.tests.conftest import at
from bridgebook.core.models import Role, School, StaffRole
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.models import Contact, PupilContact

SENT = at(1, 10, 0)


@pytest.fixture
def demo(db, settings):
    call_command("seed_demo", stdout=StringIO())
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def test_every_entitled_contact_of_both_schools_gets_the_closure_at_once(
        demo, django_capture_on_commit_callbacks):
    sent = {}
    with time_machine.travel(SENT, tick=False):
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
        assert {m.created_at for m in messages} == {SENT}, name
        # Each by a channel that reaches them: the app they can open, or an email, text or
        # letter on its way.
        for message in messages:
            channels = {d.channel for d in message.deliveries.all()}
            assert message.contact.user_id is not None or channels - {Delivery.Channel.APP}, (
                message.contact.full_name)
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
