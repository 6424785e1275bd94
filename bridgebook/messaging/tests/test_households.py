"""Separate households are separate: a conversation is the person's who started it (or the
household's the school wrote to), and a parent who lives elsewhere never sees it, its
previews or its counts. Parents who live together share theirs only where the school
chooses."""

import pytest
import time_machine
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.tests.factories import UserFactory
from bridgebook.messaging import actions
from bridgebook.messaging.models import Conversation, Message
from bridgebook.messaging.quiet_hours import DEFAULT_HOURS
from bridgebook.messaging.tests.test_quiet_hours import at
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory


@pytest.fixture(autouse=True)
def _school_day():
    with time_machine.travel(at(1, 10), tick=False):
        yield


def _start_as(user, pupil, subject, body, capture, **data):
    with capture(execute=True):
        return signed_in(user).post(
            reverse("messaging:conversation_new", args=[pupil.pk]),
            {"subject": subject, "body": body, **data}, follow=True)


def test_a_parent_never_sees_the_conversation_the_other_household_started(
        world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    _start_as(world.separated_parent, world.pupil, "Contact at weekends",
              "Can I pick Amira up on Friday?", capture)
    conversation = Conversation.objects.get(subject="Contact at weekends")
    assert list(conversation.contacts.all()) == [world.separated_contact]
    # The teacher answers him.
    with capture(execute=True):
        actions.do_reply(conversation=conversation, author=world.class_teacher,
                               body="Yes, at 15:15 at the front office.")
    layla = signed_in(world.parent)
    listing = layla.get(reverse("messaging:pupil_conversations", args=[world.pupil.pk]))
    assert "Contact at weekends" not in listing.content.decode()
    assert layla.get(reverse("messaging:conversation", args=[conversation.pk])
                     ).status_code == 404
    # No preview in her inbox, no count on her landing page.
    inbox = layla.get(reverse("announcements:inbox")).content.decode()
    assert "15:15 at the front office" not in inbox
    assert not Message.objects.filter(contact=world.parent_contact).exists()
    home = layla.get(reverse("core:home")).content.decode()
    assert "unread</strong>" not in home
    # He reads the reply; staff see who it is with.
    omar = signed_in(world.separated_parent)
    assert "15:15 at the front office" in omar.get(
        reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    staff = signed_in(world.class_teacher).get(
        reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert 'id="with-whom"' in staff and "<bdi>Omar Hassan</bdi>" in staff


def test_staff_writing_to_both_households_start_one_conversation_each(
        world, django_capture_on_commit_callbacks):
    page = signed_in(world.class_teacher).get(
        reverse("messaging:conversation_new", args=[world.pupil.pk])).content.decode()
    assert "Layla Hassan (mother, lives with the pupil)" in page
    assert "Omar Hassan (father, lives elsewhere)" in page
    assert "Rex Stone" not in page  # restricted: never offered, and refused if sent
    refused = _start_as(world.class_teacher, world.pupil, "Parents' evening", "Thursday.",
                        django_capture_on_commit_callbacks,
                        contacts=[world.restricted_contact.pk])
    assert "There is a problem" in refused.content.decode()
    assert not Conversation.objects.exists()
    response = _start_as(world.class_teacher, world.pupil, "Parents' evening",
                         "Parents' evening is on Thursday.", django_capture_on_commit_callbacks,
                         contacts=[world.parent_contact.pk, world.separated_contact.pk])
    assert "2 conversations were started" in response.content.decode()
    started = Conversation.objects.filter(subject="Parents' evening")
    assert sorted(list(c.contacts.values_list("first_name", flat=True)) for c in started) == [
        ["Layla"], ["Omar"]]
    listing = response.content.decode()
    assert "With: <bdi>Layla Hassan</bdi>" in listing
    assert "With: <bdi>Omar Hassan</bdi>" in listing
    copies = Message.objects.filter(kind="conversation")
    assert sorted(copies.values_list("contact__first_name", flat=True)) == ["Layla", "Omar"]


@pytest.fixture
def grandmother(world):
    """Layla's mother, who lives with her and is named to hear from school."""
    contact = ContactFactory(school=world.school, household=world.parent_contact.household,
                             first_name="Huda", last_name="Hassan",
                             email="huda@family.example")
    PupilContactFactory(pupil=world.pupil, contact=contact, relationship="OTH",
                        parental_responsibility=False, receives_information=True)
    user = UserFactory(email=contact.email, full_name=contact.full_name)
    contact.user = user
    contact.save(update_fields=["user"])
    return user


def test_parents_who_live_together_share_only_where_the_school_chooses(
        world, grandmother, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    _start_as(world.parent, world.pupil, "Just mine", "A question from Layla.", capture)
    mine = Conversation.objects.get(subject="Just mine")
    assert signed_in(grandmother).get(
        reverse("messaging:conversation", args=[mine.pk])).status_code == 404

    actions.do_set_school_messaging_settings(
        school=world.school, acting_user=world.principal, fallback_sms_after_hours=0,
        hours=DEFAULT_HOURS, household_conversations=True)
    _start_as(world.parent, world.pupil, "Ours", "A question for both of us.", capture)
    ours = Conversation.objects.get(subject="Ours")
    assert {c.first_name for c in ours.contacts.all()} == {"Layla", "Huda"}
    assert signed_in(grandmother).get(
        reverse("messaging:conversation", args=[ours.pk])).status_code == 200
    # Omar, in the other household, still sees neither.
    omar = signed_in(world.separated_parent)
    for conversation in (mine, ours):
        assert omar.get(reverse("messaging:conversation", args=[conversation.pk])
                        ).status_code == 404
    # The teacher's reply reaches both of them in that household, and nobody else.
    with capture(execute=True):
        reply = actions.do_reply(conversation=ours, author=world.class_teacher,
                                       body="Thank you both.")
    copies = Message.objects.filter(kind="conversation", source_id=reply.pk)
    assert {m.contact.first_name for m in copies} == {"Layla", "Huda"}


def test_the_school_chooses_on_its_messaging_settings_page(world):
    client = signed_in(world.principal)
    url = reverse("messaging:school_settings", args=[world.school.urn])
    page = client.get(url).content.decode()
    assert "Parents who live together share their conversations with school" in page
    data = {"fallback": "off", "household_conversations": "on"}
    for day in range(5):
        data.update({f"works_{day}": "on", f"start_{day}": "08:00", f"end_{day}": "17:00"})
    assert client.post(url, data).status_code == 302
    assert world.school.messaging_settings.household_conversations is True
