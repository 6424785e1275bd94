"""Issue 9's "done when", on the demo trust, each a test:

- the office cannot invite Ellie's father (Dean Turner, restricted by a court order) and
  nothing can reach him;
- Layla cannot see Omar's conversation;
- Sadia writes in Urdu and her daughter's teacher reads it in English, the Urdu one tap away;
- Omar reads the teacher's reply in Arabic;
- Nasreen signs in and reads Bengali;
- an urgent closure reaches every family at the same minute in their language
  (bridgebook/announcements/tests/test_demo_closure.py, which also sends one here to Dean).

The demo runs the ``local`` translation backend, which marks each machine translation
("[ar] …") instead of translating.
"""

import re
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bridgebook.announcements import actions as announcement_actions
from bridgebook.announcements.models import Announcement
from bridgebook.announcements.tests.conftest import at
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, School, StaffRole
from bridgebook.diary.models import Entry
from bridgebook.messaging.models import Conversation, Message, OutboxMessage
from bridgebook.people.models import Contact


@pytest.fixture
def demo(db, settings):
    # As make demo runs it: the local backend from the start, so the seeded conversation's
    # copies are translated too.
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    call_command("seed_demo", stdout=StringIO())
    settings.BRIDGEBOOK_SMS = {"BACKEND": "bridgebook.messaging.backends.outbox.SmsBackend"}
    return School.objects.get(name__startswith="Mapledown")


def _staff(school, name):
    return StaffRole.objects.filter(school=school, user__full_name=name).first().user


def _contact(first, last) -> Contact:
    return Contact.objects.get(first_name=first, last_name=last)


def test_the_office_cannot_invite_ellies_father_and_nothing_reaches_him(
        demo, django_capture_on_commit_callbacks):
    dean = _contact("Dean", "Turner")
    office = signed_in(_staff(demo, "Pam Whitfield"))
    page = office.get(reverse("people:contact", args=[dean.pk])).content.decode()
    assert "Invite to Bridgebook" not in page
    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("accounts:invite_contact", args=[dean.pk]))
        Client().post(reverse("accounts:family_sign_in"), {"address": dean.email})
        closure = Announcement.objects.create(
            school=demo, author=_staff(demo, "Pam Whitfield"), important=True,
            subject="School closed tomorrow", body="The heating has failed.")
        announcement_actions.do_send(announcement=closure,
                                     acting_user=_staff(demo, "Pam Whitfield"))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSE,
                                     object_id=str(dean.pk)).exists()
    assert not Message.objects.filter(contact=dean).exists()
    assert not [m for m in mail.outbox if dean.email in m.to]
    assert not OutboxMessage.objects.filter(to=dean.mobile).exists()
    # Ellie's mother had the closure.
    assert Message.objects.filter(contact=_contact("Kerry", "Turner"),
                                  source_id=closure.pk).exists()


def test_layla_cannot_see_omars_conversation(demo):
    conversation = Conversation.objects.get(subject="Picking Amira up on Friday")
    layla, omar = _contact("Layla", "Hassan"), _contact("Omar", "Hassan")
    assert list(conversation.contacts.all()) == [omar]
    url = reverse("messaging:conversation", args=[conversation.pk])
    assert signed_in(layla.user).get(url).status_code == 404
    listing = signed_in(layla.user).get(
        reverse("messaging:pupil_conversations", args=[conversation.pupil_id]))
    assert "Picking Amira up on Friday" not in listing.content.decode()
    assert not Message.objects.filter(contact=layla, kind="conversation").exists()
    assert signed_in(omar.user).get(url).status_code == 200


def test_sadia_writes_in_urdu_and_her_daughters_teacher_reads_it_in_english(demo):
    entry = Entry.objects.get(origin=Entry.Origin.HOME, pupil__legal_first_name="Zara")
    teacher = signed_in(_staff(demo, "Hannah Price"))
    page = teacher.get(reverse("diary:entry", args=[entry.pk])).content.decode()
    question = entry.question
    assert f'<div class="bb-translated" lang="en" dir="ltr">[en] {question}</div>' in page
    assert "Machine translation" in page and "Show the original (Urdu)" in page
    assert re.search(r'<div class="govuk-details__text bb-original" lang="ur" dir="rtl">'
                     + re.escape(question), page)


def test_omar_reads_the_teachers_reply_in_arabic(demo):
    conversation = Conversation.objects.get(subject="Picking Amira up on Friday")
    omar = _contact("Omar", "Hassan")
    page = signed_in(omar.user, interface_language=None).get(
        reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert ('<div class="bb-translated" lang="ar" dir="rtl">[ar] Yes, of course, '
            'Mr Hassan.') in page
    # And his own words, in Arabic, as he wrote them; the teacher reads them in English.
    words = conversation.messages.get(from_family=True)
    assert words.language == "ar" and words.body in page
    staff = signed_in(_staff(demo, "Hannah Price")).get(
        reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert f'<div class="bb-translated" lang="en" dir="ltr">[en] {words.body}' in staff
    # The copy of the reply in his inbox is in Arabic too.
    copy = Message.objects.get(contact=omar, kind="conversation")
    assert copy.language == "ar" and "[ar] Yes, of course" in copy.body


def test_nasreen_signs_in_and_reads_bengali(demo, django_capture_on_commit_callbacks):
    nasreen = _contact("Nasreen", "Begum")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB")
    with time_machine.travel(at(1, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:family_sign_in"), {"address": nasreen.email})
        message = [m for m in mail.outbox if nasreen.email in m.to][-1]
        code = re.search(r"\b(\d{6})\b", message.body).group(1)
        client.post(reverse("accounts:family_code"), {"code": code})
        home = client.get(reverse("core:home")).content.decode()
    assert '<html lang="bn" dir="ltr"' in home
    assert "আপনার সন্তান" in home   # "Your child"
    # Her sign-in message came in Bengali too.
    assert "Bridgebook" in message.body and "কোড" in message.body
