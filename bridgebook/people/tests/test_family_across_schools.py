"""A parent with children at two schools of the trust: one sign-in, every child.

Contacts belong to a school, so Nadia has a contact at Mapledown (Ben's school) and one at
Oakleigh (Olly's). Signing in once by email links her account to both; each school's
things are read, acknowledged and answered by her contact at that school.
"""

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.access import viewer_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.factories import SchoolFactory
from bridgebook.core.tests.queries import family_landing
from bridgebook.diary.models import Acknowledgement, ReadReceipt
from bridgebook.diary.tests.factories import EntryFactory, IncidentFactory
from bridgebook.messaging import actions as messaging_actions
from bridgebook.messaging import notifications
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Message, NotificationPreference
from bridgebook.people.models import PupilContact
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory
from bridgebook.translation.display import reader_language


@pytest.fixture
def nadia(world):
    """Nadia's two contacts, not yet signed in: Ben's mother at Mapledown (reads Polish),
    Olly's mother at Oakleigh (reads English); her address is written differently at each."""
    at_school = ContactFactory(school=world.school, first_name="Nadia", last_name="Noor",
                               email="Nadia@Family.example", mobile="+447700900050",
                               language="pl")
    at_other = ContactFactory(school=world.other_school, first_name="Nadia",
                              last_name="Noor", email="nadia@family.example", language="en")
    PupilContactFactory(pupil=world.pupil_b, contact=at_school)
    PupilContactFactory(pupil=world.other_school_pupil, contact=at_other)
    return at_school, at_other


def _sign_in(address: str, django_capture_on_commit_callbacks, mailoutbox) -> Client:
    """The family sign-in as a parent goes through it: address, then the emailed code."""
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:family_sign_in"), {"address": address})
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    response = client.post(reverse("accounts:family_code"), {"code": code})
    assert response.status_code == 302
    # She lands in Polish, her language at her first school; these tests read the pages
    # in English, as she would after choosing it.
    assert 'lang="pl"' in client.get(reverse("core:home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    return client


@pytest.fixture
def nadia_client(world, nadia, django_capture_on_commit_callbacks, mailoutbox):
    return _sign_in("nadia@family.example", django_capture_on_commit_callbacks, mailoutbox)


def _user(contact):
    contact.refresh_from_db()
    return contact.user


# Signing in ------------------------------------------------------------------------------

def test_one_sign_in_links_both_schools_and_shows_both_children(world, nadia, nadia_client,
                                                                mailoutbox):
    at_school, at_other = nadia
    user = _user(at_school)
    assert user is not None and _user(at_other) == user
    assert [m.to for m in mailoutbox] == [["nadia@family.example"]]
    # The link at the other school is on that school's audit log.
    assert AuditEvent.objects.filter(school=world.other_school, actor=user,
                                     object_id=str(at_other.pk)).exists()
    home = nadia_client.get(reverse("core:home")).content.decode()
    assert world.pupil_b.display_name in home
    assert world.other_school_pupil.display_name in home
    assert world.pupil.display_name not in home
    for pupil in (world.pupil_b, world.other_school_pupil):
        assert nadia_client.get(reverse("diary:book", args=[pupil.pk])).status_code == 200
    assert nadia_client.get(reverse("diary:book", args=[world.pupil.pk])).status_code == 404


def test_a_second_sign_in_links_a_contact_added_since(
        world, django_capture_on_commit_callbacks, mailoutbox):
    """Layla already has an account; Oakleigh adds her for Olly with the same email."""
    at_other = ContactFactory(school=world.other_school, first_name="Layla",
                              last_name="Hassan", email="layla@family.example")
    PupilContactFactory(pupil=world.other_school_pupil, contact=at_other)
    client = _sign_in("layla@family.example", django_capture_on_commit_callbacks, mailoutbox)
    assert _user(at_other) == world.parent
    home = client.get(reverse("core:home")).content.decode()
    assert world.pupil.display_name in home and world.other_school_pupil.display_name in home


def test_a_contact_entitled_later_joins_the_account_it_shares_an_address_with(
        world, nadia, django_capture_on_commit_callbacks, mailoutbox):
    """Nadia signed in when only Oakleigh had her for a child; Mapledown (her first
    contact) links her to Ben later, and her next sign-in is by that contact."""
    at_school, at_other = nadia
    PupilContact.objects.filter(contact=at_school).delete()
    _sign_in("nadia@family.example", django_capture_on_commit_callbacks, mailoutbox)
    user = _user(at_other)
    assert user is not None and _user(at_school) is None
    PupilContactFactory(pupil=world.pupil_b, contact=at_school)
    client = _sign_in("nadia@family.example", django_capture_on_commit_callbacks, mailoutbox)
    assert _user(at_school) == user
    home = client.get(reverse("core:home")).content.decode()
    assert world.pupil_b.display_name in home and world.other_school_pupil.display_name in home


def test_sign_in_by_mobile_links_only_contacts_with_that_mobile(
        world, nadia, django_capture_on_commit_callbacks):
    from bridgebook.accounts import actions
    from bridgebook.accounts.models import SignInToken

    at_school, at_other = nadia
    token, _link, code = actions.issue_token(contact=at_school, channel="sms",
                                             address="+447700900050", purpose="sign_in")
    user = actions.do_redeem_code(address="+447700900050", code=code)
    assert _user(at_school) == user and user.email == "nadia@family.example"
    assert _user(at_other) is None          # no mobile on record at Oakleigh
    assert SignInToken.objects.get(pk=token.pk).used_at is not None


def test_a_text_does_not_join_an_account_held_by_email(world, nadia):
    """Oakleigh's contact signed in by email; a code texted to Mapledown's mobile proves
    the mobile, not the email, so it gets an account of its own (and no error)."""
    from bridgebook.accounts import actions

    at_school, at_other = nadia
    _token, _link, code = actions.issue_token(contact=at_other, channel="email",
                                              address="nadia@family.example",
                                              purpose="sign_in")
    by_email = actions.do_redeem_code(address="nadia@family.example", code=code)
    assert _user(at_other) == by_email and _user(at_school) == by_email
    at_school.user = None
    at_school.save(update_fields=["user"])
    _token, _link, code = actions.issue_token(contact=at_school, channel="sms",
                                              address="+447700900050", purpose="sign_in")
    by_text = actions.do_redeem_code(address="+447700900050", code=code)
    assert by_text != by_email and _user(at_school) == by_text
    assert by_text.email == f"contact-{at_school.pk}@family.bridgebook.invalid"
    assert _user(at_other) == by_email


def test_a_contact_someone_else_holds_is_never_relinked(
        world, nadia, django_capture_on_commit_callbacks, mailoutbox):
    at_school, at_other = nadia
    at_other.user = world.outsider
    at_other.save(update_fields=["user"])
    elsewhere = ContactFactory(school=SchoolFactory(name="Another Trust School"),
                               first_name="Nadia", last_name="Noor",
                               email="nadia@family.example")
    PupilContactFactory(pupil__school=elsewhere.school, contact=elsewhere)
    client = _sign_in("nadia@family.example", django_capture_on_commit_callbacks, mailoutbox)
    assert _user(at_other) == world.outsider
    assert _user(elsewhere) is None         # another trust: not linked
    home = client.get(reverse("core:home")).content.decode()
    assert world.pupil_b.display_name in home
    assert world.other_school_pupil.display_name not in home
    assert client.get(reverse("diary:book", args=[world.other_school_pupil.pk])
                      ).status_code == 404


def test_a_restricted_link_at_one_school_still_hides_that_child(world, nadia, nadia_client):
    PupilContact.objects.filter(pupil=world.other_school_pupil).update(is_restricted=True)
    home = nadia_client.get(reverse("core:home")).content.decode()
    assert world.pupil_b.display_name in home
    assert world.other_school_pupil.display_name not in home
    assert nadia_client.get(reverse("diary:book", args=[world.other_school_pupil.pk])
                            ).status_code == 404


def test_other_people_see_nothing_new(world, nadia, nadia_client):
    for user in (world.parent, world.separated_parent, world.restricted_parent,
                 world.outsider):
        client = signed_in(user)
        for pupil in (world.pupil_b, world.other_school_pupil):
            assert client.get(reverse("diary:book", args=[pupil.pk])).status_code == 404
        home = client.get(reverse("core:home")).content.decode()
        assert world.other_school_pupil.display_name not in home


# Reading and acknowledging as the contact of that school --------------------------------

def test_reading_and_acknowledging_are_by_the_contact_at_the_pupils_school(
        world, nadia, nadia_client):
    at_school, at_other = nadia
    ben_entry = EntryFactory(pupil=world.pupil_b)
    olly_entry = EntryFactory(pupil=world.other_school_pupil)
    incident = IncidentFactory(entry=olly_entry)
    nadia_client.get(reverse("diary:book", args=[world.pupil_b.pk]))
    nadia_client.get(reverse("diary:entry", args=[olly_entry.pk]))
    assert ReadReceipt.objects.get(entry=ben_entry).contact == at_school
    assert ReadReceipt.objects.get(entry=olly_entry).contact == at_other
    response = nadia_client.post(reverse("diary:acknowledge", args=[incident.pk]))
    assert response.status_code == 302
    assert Acknowledgement.objects.get(incident=incident).contact == at_other
    page = nadia_client.get(reverse("diary:entry", args=[olly_entry.pk])).content.decode()
    assert "You have read this" in page
    staff_page = signed_in(world.other_school_staff).get(
        reverse("diary:entry", args=[olly_entry.pk])).content.decode()
    assert "Acknowledged by Nadia Noor" in staff_page


# Messages --------------------------------------------------------------------------------

def test_one_inbox_holds_messages_from_both_schools(world, nadia, nadia_client):
    at_school, at_other = nadia
    create_messages(school=world.school, kind="other", drafts=[
        Draft(contact=at_school, subject="Mapledown swimming", body="Bring a towel.")])
    create_messages(school=world.other_school, kind="other", drafts=[
        Draft(contact=at_other, subject="Oakleigh trip", body="Bring a coat.")])
    create_messages(school=world.school, kind="other", drafts=[
        Draft(contact=world.parent_contact, subject="For Layla only", body="x")])
    home = nadia_client.get(reverse("core:home")).content.decode()
    assert "2 unread messages" in home
    page = nadia_client.get(reverse("announcements:inbox")).content.decode()
    assert "Mapledown swimming" in page and "Oakleigh trip" in page
    assert "For Layla only" not in page
    for message in Message.objects.filter(contact__in=nadia):
        response = nadia_client.get(reverse("announcements:message", args=[message.pk]))
        assert response.status_code == 200
        message.refresh_from_db()
        assert message.read_at is not None
    layla = Message.objects.get(contact=world.parent_contact)
    assert nadia_client.get(reverse("announcements:message", args=[layla.pk])
                            ).status_code == 404
    assert "Messages: nothing unread" in nadia_client.get(reverse("core:home")).content.decode()


def test_conversations_from_both_schools(world, nadia, nadia_client):
    messaging_actions.do_start_conversation(pupil=world.pupil_b, author=world.other_teacher,
                                        subject="Ben's reading", body="He read well.")
    first = messaging_actions.do_start_conversation(
        pupil=world.other_school_pupil, author=world.other_school_staff,
        subject="Olly's trip", body="Olly needs a coat.")
    inbox = nadia_client.get(reverse("messaging:inbox")).content.decode()
    assert world.pupil_b.first_name in inbox and world.other_school_pupil.first_name in inbox
    children = {pupil.pk: pupil for pupil in nadia_client.get(
        reverse("messaging:inbox")).context["pupils"]}
    assert children[world.pupil_b.pk].unread == 1
    assert children[world.other_school_pupil.pk].unread == 1
    page = nadia_client.get(reverse("messaging:conversation", args=[first.conversation_id]))
    assert page.status_code == 200 and "Olly needs a coat." in page.content.decode()
    children = {pupil.pk: pupil for pupil in nadia_client.get(
        reverse("messaging:inbox")).context["pupils"]}
    assert children[world.other_school_pupil.pk].unread == 0
    assert children[world.pupil_b.pk].unread == 1


# Settings and language -------------------------------------------------------------------

def test_book_notifications_choice_holds_at_both_schools(world, nadia, nadia_client):
    response = nadia_client.post(reverse("messaging:notification_settings"),
                                 {"book": notifications.Book.INSTANT})
    assert response.status_code == 302
    assert set(NotificationPreference.objects.filter(contact__in=nadia).values_list(
        "book", flat=True)) == {notifications.Book.INSTANT}
    assert NotificationPreference.objects.count() == 2


def test_the_reader_language_is_the_contacts_at_that_school(world, nadia, nadia_client):
    at_school, _at_other = nadia
    request = RequestFactory().get("/")
    request.user = _user(at_school)
    assert reader_language(request, world.school) == "pl"
    assert reader_language(request, world.other_school) is None


# Queries ---------------------------------------------------------------------------------

def test_the_landing_costs_the_same_with_two_schools(world, nadia, nadia_client,
                                                     django_assert_num_queries):
    for pupil in (world.pupil_b, world.other_school_pupil):
        EntryFactory.create_batch(3, pupil=pupil)
    nadia_client.get(reverse("core:home"))
    # session, user, the Viewer (both contacts in one); the children with their school
    # and class, then each app's count over all of them (unread book entries, conversation
    # messages, messages)
    with django_assert_num_queries(family_landing()):
        page = nadia_client.get(reverse("core:home")).content.decode()
    assert page.count("3 new entries") == 2
    viewer = viewer_for(_user(nadia[0]))
    assert viewer.contact_ids == sorted(contact.pk for contact in nadia)
