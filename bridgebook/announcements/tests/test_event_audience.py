"""An announcement to the families an event is for: a class event's class, or the whole
school for a whole-school event; written from the event's page or the announcement form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.diary.tests.factories import BookEventFactory
from bridgebook.messaging.models import Message
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

SOON = datetime.date(2026, 11, 27)


@pytest.fixture
def ben_parent(world):
    contact = ContactFactory(school=world.school, first_name="Bea", last_name="Brown",
                             email="bea@family.example")
    PupilContactFactory(pupil=world.pupil_b, contact=contact, relationship="PAM")
    return contact


def _names(announcement) -> set[str]:
    return {r.contact.full_name for r in selectors.recipients_for(announcement)}


def test_a_class_event_reaches_that_class_s_families_only(world, ben_parent):
    trip = BookEventFactory(school=world.school, school_class=world.class_a, date=SOON,
                            title="Farm trip")
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.EVENT, event=trip)
    # Amira's parents, each their own copy; never the restricted contact; not Ben's class.
    assert _names(announcement) == {"Layla Hassan", "Omar Hassan"}
    actions.do_send(announcement=announcement, acting_user=world.office)
    assert set(Message.objects.filter(source_id=announcement.pk).values_list(
        "contact__first_name", flat=True)) == {"Layla", "Omar"}


def test_a_whole_school_event_reaches_every_family(world, ben_parent):
    fair = BookEventFactory(school=world.school, school_class=None, date=SOON,
                            title="Winter fair")
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.EVENT, event=fair)
    assert _names(announcement) == {"Layla Hassan", "Omar Hassan", "Bea Brown"}


def test_a_deleted_event_reaches_nobody(world):
    trip = BookEventFactory(school=world.school, school_class=world.class_a, date=SOON,
                            deleted_at=timezone.now())
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.EVENT, event=trip)
    assert _names(announcement) == set()


def test_the_form_needs_an_event_of_this_school(world):
    ours = BookEventFactory(school=world.school, school_class=world.class_a, date=SOON,
                            title="Farm trip")
    theirs = BookEventFactory(school=world.other_school, date=SOON, title="Oakleigh fair")
    client = signed_in(world.office)
    url = reverse("announcements:new", args=[world.school.urn])
    base = {"subject": "Farm trip", "body": "Bring wellies.", "language": "en",
            "audience": Announcement.Audience.EVENT}
    page = client.get(url).content.decode()
    assert "Farm trip" in page and "Oakleigh fair" not in page
    assert "Choose the event" in client.post(url, base).content.decode()
    refused = client.post(url, {**base, "event": theirs.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not Announcement.objects.exists()
    saved = client.post(url, {**base, "event": ours.pk})
    assert saved.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.event == ours
    detail = client.get(saved.url).content.decode()
    assert "The families an event is for" in detail and "Farm trip" in detail


def test_the_event_page_offers_to_write_to_its_families(world):
    trip = BookEventFactory(school=world.school, school_class=world.class_a, date=SOON,
                            title="Farm trip")
    write = reverse("announcements:new", args=[world.school.urn]) + f"?event={trip.pk}"
    for name in PERSONAS:
        user = persona(world, name)
        page = signed_in(user).get(reverse("diary:event", args=[trip.pk]))
        if page.status_code != 200:
            continue
        offered = write in page.content.decode()
        assert offered == (name in {"principal", "office", "senco", "trust_admin"}), name
    # The form starts with the event's families and its title.
    form = signed_in(world.office).get(write).content.decode()
    assert 'type="radio" value="event" checked>' in form
    assert f'<option value="{trip.pk}" selected>' in form
    assert 'value="Farm trip"' in form


def test_a_draft_event_is_not_offered(world):
    draft = BookEventFactory(school=world.school, school_class=world.class_a, date=SOON,
                             published_at=None)
    page = signed_in(world.office).get(reverse("diary:event", args=[draft.pk]))
    assert "?event=" not in page.content.decode()
