"""What families are told: a new version, each parent and carer with parental responsibility
their own copy, in their own language, once, never speaking of what not signing would do
(nothing); the admissions pack, where to open it."""

import pytest
from django.utils import translation

from bridgebook.agreements import actions, notifications
from bridgebook.agreements.tests import factories
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.models import Contact, PupilContact
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory, PupilFactory

# Words a message about the agreement never uses: signing is voluntary and nothing depends
# on it (School Standards and Framework Act 1998 s.111; the NAS policy, section 4).
NEVER = ["must", "required", "consequence", "exclu", "unless", "deadline", "overdue",
         "reminder", "failure", "fail to"]


@pytest.fixture
def told(world, django_capture_on_commit_callbacks):
    def publish(changes=""):
        with django_capture_on_commit_callbacks(execute=True):
            if changes:
                draft = actions.do_start_draft(school=world.school,
                                               acting_user=world.principal)
                return actions.do_publish(version=draft, acting_user=world.principal,
                                          changes=changes)
            return factories.published(world.school, world.principal)
    return publish


def test_each_parent_is_told_in_their_own_language_and_never_of_consequences(
        world, told, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    Contact.objects.filter(pk=world.separated_contact.pk).update(language="pl")
    told()
    second = told("We added what pupils will do.")
    messages = {m.contact.first_name: m for m in
                Message.objects.filter(kind="agreement", source_id=second.pk)}
    assert set(messages) == {"Layla", "Omar"}
    layla, omar = messages["Layla"], messages["Omar"]
    assert (layla.language, omar.language) == ("ar", "pl")
    assert "[pl] We added what pupils will do." in omar.body
    assert "[ar] We added what pupils will do." in layla.body
    with translation.override("pl"):
        assert translation.gettext("What changed:") in omar.body
    assert f"/pupils/{world.pupil.pk}/agreement/" in layla.body
    for message in Message.objects.filter(kind="agreement"):
        with translation.override("en"):
            text = (message.subject + " " + message.body).lower()
        for word in NEVER:
            assert word not in text, (word, message.body)
    assert set(layla.pupils.all()) == {world.pupil}
    assert Delivery.objects.filter(message=layla, channel="app").exists()


def test_the_english_message_reads_plainly(world, told):
    told()
    omar = Message.objects.get(kind="agreement", contact=world.separated_contact)
    assert omar.subject == "Mapledown School’s home-school agreement"
    assert "You can read it on the page about Amira: in your language" in omar.body
    assert "If you wish, you can sign it on the same page." in omar.body


def test_told_once_per_version_and_one_message_names_each_child(world, told):
    sibling = PupilFactory(school=world.school, school_class=world.class_b,
                           legal_first_name="Yusuf", legal_last_name="Hassan")
    PupilContactFactory(pupil=sibling, contact=world.separated_contact)
    grandma = ContactFactory(school=world.school, first_name="Grandma", last_name="Hassan")
    PupilContactFactory(pupil=world.pupil, contact=grandma, parental_responsibility=False,
                        receives_information=True)
    version = told()
    assert notifications.tell_families(version.pk) == []                # nothing twice
    omar = Message.objects.get(kind="agreement", contact=world.separated_contact)
    assert "Amira and Yusuf" in omar.body or "Yusuf and Amira" in omar.body
    assert set(omar.pupils.all()) == {world.pupil, sibling}
    assert not Message.objects.filter(contact=grandma).exists()          # no PR: not asked
    assert not Message.objects.filter(contact=world.restricted_contact).exists()


def test_a_court_order_for_one_child_leaves_the_message_about_the_other(world, told):
    sibling = PupilFactory(school=world.school, school_class=world.class_b,
                           legal_first_name="Yusuf", legal_last_name="Stone")
    PupilContactFactory(pupil=sibling, contact=world.restricted_contact)
    told()
    rex = Message.objects.get(kind="agreement", contact=world.restricted_contact)
    assert set(rex.pupils.all()) == {sibling} and "Amira" not in rex.body


def test_the_pack_message_says_where_to_open_it(world, django_capture_on_commit_callbacks):
    factories.document(world.school, world.office)
    PupilContact.objects.filter(contact=world.separated_contact).update(is_restricted=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    [message] = Message.objects.filter(kind="admissions_pack")
    assert message.contact == world.parent_contact and message.language == "ar"
    assert f"/pupils/{world.pupil.pk}/admissions-pack/" in message.body
