"""Who gets an announcement, sending it once, the delivery report and the letter batch."""

import pytest
from django.urls import reverse

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement, LetterBatch
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import signed_in
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
)


def _send(world, **fields) -> Announcement:
    classes = fields.pop("classes", None)
    announcement = AnnouncementFactory(school=world.school, author=world.office, **fields)
    if classes:
        announcement.classes.set(classes)
    actions.do_send(announcement=announcement, acting_user=world.office)
    return announcement


def _messages(announcement):
    return {m.contact.full_name: m for m in Message.objects.filter(
        kind="announcement", source_id=announcement.pk).select_related("contact")}


# Recipients ------------------------------------------------------------------------------

def test_separated_parent_gets_own_copy_and_restricted_none(world):
    announcement = _send(world, audience=Announcement.Audience.CLASSES,
                         classes=[world.class_a])
    got = _messages(announcement)
    assert set(got) == {"Layla Hassan", "Omar Hassan"}
    assert all("About: Amira" in m.body for m in got.values())


def test_contact_with_two_children_gets_one_message_naming_both(world):
    yusuf = PupilFactory(school=world.school, school_class=world.class_b,
                         legal_first_name="Yusuf", legal_last_name="Hassan",
                         date_of_birth=world.pupil.date_of_birth.replace(
                             year=world.pupil.date_of_birth.year + 2))
    PupilContactFactory(pupil=yusuf, contact=world.parent_contact, relationship="PAM")
    announcement = _send(world)
    got = _messages(announcement)
    assert Message.objects.filter(source_id=announcement.pk,
                                  contact=world.parent_contact).count() == 1
    assert "About: Amira and Yusuf" in got["Layla Hassan"].body
    assert "Rex Stone" not in got


def test_language_audience_only_reaches_that_languages_readers(world):
    announcement = _send(world, audience=Announcement.Audience.LANGUAGE,
                         audience_language="ar")
    assert set(_messages(announcement)) == {"Layla Hassan"}


def test_chosen_pupils_audience(world):
    ben_mum = ContactFactory(school=world.school, first_name="Bea", last_name="Jones",
                             email="bea@family.example")
    PupilContactFactory(pupil=world.pupil_b, contact=ben_mum, relationship="PAM")
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.PUPILS)
    announcement.pupils.set([world.pupil_b])
    actions.do_send(announcement=announcement, acting_user=world.office)
    assert set(_messages(announcement)) == {"Bea Jones"}


def test_machine_translation_is_labelled_and_each_language_translated_once(world, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    announcement = _send(world)
    got = _messages(announcement)
    arabic = got["Layla Hassan"]
    assert arabic.subject == "[ar] Sports day" and arabic.language == "ar"
    assert "[ar] Sports day is on Friday" in arabic.body
    assert "Translated by machine" in arabic.body or "ترجم" in arabic.body
    english = got["Omar Hassan"]
    assert english.subject == "Sports day" and english.language == "en"


def test_machine_translation_line_names_the_original_language_in_the_readers_language(
        world, settings):
    """A Polish reader is told the original was "angielski", not "English"; a Turkish
    reader (no Turkish interface, so the line is in English) is told "English"."""
    from django.utils import translation
    from django.utils.translation import gettext

    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    for first, language in (("Anna", "pl"), ("Emre", "tr")):
        contact = ContactFactory(school=world.school, first_name=first, last_name="Reader",
                                 email=f"{first.lower()}@reader.example", language=language,
                                 household=HouseholdFactory(school=world.school))
        PupilContactFactory(pupil=world.pupil_b, contact=contact, relationship="PAM")
    got = _messages(_send(world))
    polish, turkish = got["Anna Reader"].body, got["Emre Reader"].body
    sentence = "Translated by machine from %(language)s."   # a name, so not extracted
    with translation.override("pl"):
        line = gettext(sentence) % {"language": "angielski"}
    assert line in polish.split("\n")
    assert "English" not in polish
    assert "Translated by machine from English." in turkish.split("\n")


# Sending once ----------------------------------------------------------------------------

def test_sending_twice_sends_nothing_twice(world):
    announcement = AnnouncementFactory(school=world.school, author=world.office)
    assert actions.do_send(announcement=announcement, acting_user=world.office) == 2
    stale = Announcement.objects.get(pk=announcement.pk)
    stale.status = Announcement.Status.DRAFT  # a second tab still showing the draft
    assert actions.do_send(announcement=stale, acting_user=world.office) == 0
    assert Message.objects.filter(source_id=announcement.pk).count() == 2
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.SENT and announcement.sent_at


def test_send_queries_do_not_grow_with_recipients(world, django_assert_max_num_queries,
                                                  django_capture_on_commit_callbacks):
    def add_family(n):
        for i in range(n):
            pupil = PupilFactory(school=world.school, school_class=world.class_b)
            contact = ContactFactory(school=world.school, email=f"p{i}-{pupil.pk}@x.example",
                                     household=HouseholdFactory(school=world.school))
            PupilContactFactory(pupil=pupil, contact=contact, relationship="PAM")

    def queries_for_send():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        announcement = AnnouncementFactory(school=world.school, author=world.office)
        with CaptureQueriesContext(connection) as captured:
            actions.do_send(announcement=announcement, acting_user=world.office)
        return len(captured)

    add_family(3)
    few = queries_for_send()
    add_family(30)
    many = queries_for_send()
    assert many == few


# The delivery report ---------------------------------------------------------------------

def _report_queries(world, django_assert_num_queries, extra: int):
    for i in range(extra):
        contact = ContactFactory(school=world.school, email=f"x{i}@family.example",
                                 household=HouseholdFactory(school=world.school))
        PupilContactFactory(pupil=world.pupil, contact=contact, relationship="OTH",
                            receives_information=True, parental_responsibility=False)
    announcement = _send(world, audience=Announcement.Audience.CLASSES,
                         classes=[world.class_a])
    client = signed_in(world.office)
    url = reverse("announcements:report", args=[world.school.urn, announcement.pk])
    client.get(url)
    # session, user, OTP device, the viewer (roles, court orders, trusts, contacts), school,
    # announcement, the figures (outcomes per language, deliveries per channel and status),
    # the page's messages with contacts and households, their deliveries
    with django_assert_num_queries(9):
        response = client.get(url)
    return response.content.decode()


def test_report_query_count_with_three_and_six_recipients(world, django_assert_num_queries):
    content = _report_queries(world, django_assert_num_queries, 1)   # Layla, Omar + 1
    assert content.count('class="govuk-summary-card"') == 3


def test_report_query_count_with_six_recipients(world, django_assert_num_queries):
    content = _report_queries(world, django_assert_num_queries, 4)
    assert content.count('class="govuk-summary-card"') == 6


def test_report_explains_failures_fallbacks_and_missing_addresses(world):
    nobody = ContactFactory(school=world.school, first_name="Nia", last_name="Noaddress",
                            email="", mobile="", household=None)
    PupilContactFactory(pupil=world.pupil, contact=nobody, relationship="PAM")
    announcement = _send(world, audience=Announcement.Audience.CLASSES,
                         classes=[world.class_a])
    omar_email = Delivery.objects.get(message__contact=world.separated_contact,
                                      message__source_id=announcement.pk, channel="email")
    Delivery.objects.filter(pk=omar_email.pk).update(
        status=Delivery.Status.PERMANENT_FAILURE, last_error="Mailbox does not exist")
    sms = Delivery.objects.create(message=omar_email.message, channel="sms",
                                  address="+447700900002",
                                  status=Delivery.Status.PERMANENT_FAILURE,
                                  last_error="Number not in service")
    Delivery.objects.create(message=omar_email.message, channel="letter",
                            address="9 Elm Close", fallback_of=sms)
    report = selectors.delivery_report(announcement)
    rows = {row.contact.full_name: row for row in report.rows}
    assert rows["Nia Noaddress"].outcome == "not_reached"
    assert rows["Nia Noaddress"].problems == [
        "no Bridgebook account yet", "no email address", "no mobile number",
        "no postal address"]
    omar = rows["Omar Hassan"]
    assert "The email could not be delivered: Mailbox does not exist" in omar.problems
    assert "Letter" in omar.pending
    totals = {label: total for label, _counts, total in report.totals}
    assert totals["In the app"] == 3
    content = signed_in(world.principal).get(
        reverse("announcements:report", args=[world.school.urn, announcement.pk])).content
    content = content.decode()
    assert "instead of a failed message" in content
    assert "Number not in service" in content
    assert "Rex Stone" not in content


# The letter batch ------------------------------------------------------------------------

@pytest.fixture
def letter_families(world):
    """Three households wanting letters: the Hassans' two homes and a family of two adults
    (one letter for both) who speak Polish."""
    for contact in (world.parent_contact, world.separated_contact):
        contact.preferred_channels = ["letter"]
        contact.save(update_fields=["preferred_channels"])
    home = HouseholdFactory(school=world.school, address_line_1="3 Oak Lane", postcode="AB1 2CD")
    pupil = PupilFactory(school=world.school, school_class=world.class_a,
                         legal_first_name="Zofia")
    for first in ("Anna", "Piotr"):
        contact = ContactFactory(school=world.school, first_name=first, last_name="Nowak",
                                 email="", mobile="", household=home, language="pl")
        PupilContactFactory(pupil=pupil, contact=contact, relationship="PAM")
    return world


def test_print_letters_one_page_per_household_and_marks_sent(letter_families):
    world = letter_families
    announcement = _send(world, audience=Announcement.Audience.CLASSES,
                         classes=[world.class_a])
    queued = Delivery.objects.filter(channel="letter", status="queued")
    assert queued.count() == 4
    client = signed_in(world.office)
    page = client.get(reverse("announcements:letters", args=[world.school.urn])).content
    assert b"4 letters waiting for 3 households" in page
    response = client.post(reverse("announcements:letters_print", args=[world.school.urn]))
    assert response.status_code == 302
    batch = LetterBatch.objects.get()
    assert (batch.letters, batch.households) == (4, 3)
    pdf = client.get(reverse("announcements:letters_pdf", args=[world.school.urn, batch.pk]))
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    assert set(Delivery.objects.filter(channel="letter").values_list("status", flat=True)) == {
        "sent"}
    assert announcement.pk
    # Printing again finds nothing to print.
    assert actions.do_print_letters(school=world.school, acting_user=world.office) is None


def test_letter_pages_carry_address_names_and_children(letter_families):
    from bridgebook.announcements import letters

    world = letter_families
    _send(world, audience=Announcement.Audience.CLASSES, classes=[world.class_a])
    rows = list(selectors.queued_letters(world.school))
    pages = letters.pages_for(rows)
    laid_out, households = letters.document(school=world.school, deliveries=rows)
    assert len(laid_out.pages) == households == 3
    nowak = next(p for p in pages if "3 Oak Lane" in p.address_lines)
    assert nowak.names == ["Anna Nowak", "Piotr Nowak"]
    assert len(nowak.letters) == 1 and "Anna Nowak, Piotr Nowak" == nowak.letters[0].name
    assert "About: Zofia" in nowak.letters[0].body or "Zofia" in nowak.letters[0].body


def test_two_offices_printing_at_once_never_print_the_same_letter(letter_families,
                                                                  monkeypatch):
    """The second print starts after the first listed the queue but before it claimed:
    the conditional UPDATE gives each letter to one batch only."""
    world = letter_families
    _send(world, audience=Announcement.Audience.CLASSES, classes=[world.class_a])
    real = selectors.queued_letters
    state = {"inner": False}

    def racing(school, **kwargs):
        rows = real(school, **kwargs)
        if not state["inner"]:
            state["inner"] = True
            ids = list(rows.values_list("pk", flat=True))
            actions.do_print_letters(school=school, acting_user=world.principal)
            return Delivery.objects.filter(pk__in=ids)
        return rows

    monkeypatch.setattr(selectors, "queued_letters", racing)
    outer = actions.do_print_letters(school=world.school, acting_user=world.office)
    assert outer is None
    batches = list(LetterBatch.objects.all())
    assert len(batches) == 1 and batches[0].letters == 4
    printed = Delivery.objects.filter(channel="letter").values_list("provider_id", flat=True)
    assert set(printed) == {f"letter-batch-{batches[0].pk}"}
