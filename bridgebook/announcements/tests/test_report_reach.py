"""The delivery report says, per language, when families were reached (so the school sees
nobody heard later), and exactly why a contact was not reached; a contact who chose only
the app but has no account is sent it by the channels they have (issue 9, part 2)."""

import time_machine
from django.urls import reverse

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement
from bridgebook.announcements.tests.conftest import at
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import signed_in
from bridgebook.messaging.delivery import default_channels
from bridgebook.messaging.models import Message
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
)

SENT = at(1, 10, 0)     # Tuesday 24 November 2026, 10:00
LOCAL = {"BACKEND": "local", "OPTIONS": {}}



def _report_page(world, announcement) -> str:
    return signed_in(world.office).get(reverse(
        "announcements:report", args=[world.school.urn, announcement.pk])).content.decode()


def _reach_rows(page: str) -> dict[str, list[str]]:
    """The per-language table as {language: [cells...]}."""
    import re

    table = page[page.index('id="reach"'):]
    table = table[:table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", cell).strip()
                 for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


# When each language was reached -----------------------------------------------------------

def test_every_language_reached_in_the_same_minute(world, polish_family, settings,
                                                    django_capture_on_commit_callbacks):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       important=True)
    with time_machine.travel(SENT, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_send(announcement=announcement, acting_user=world.office)
    report = selectors.delivery_report(announcement)
    reach = {item.name: item for item in report.reach}
    assert list(reach) == ["Polish", "Arabic", "English"]
    assert {(item.first, item.last, item.waiting, item.not_reached)
            for item in reach.values()} == {(SENT, SENT, 0, 0)}
    assert reach["Polish"].contacts == 2
    assert {row.contact.first_name: row.reached_at for row in report.rows} == {
        "Anna": SENT, "Piotr": SENT, "Layla": SENT, "Omar": SENT}
    page = _report_page(world, announcement)
    assert _reach_rows(page) == {
        "Polish": ["2", "24 Nov 10:00", "24 Nov 10:00", "0", "0"],
        "Arabic": ["1", "24 Nov 10:00", "24 Nov 10:00", "0", "0"],
        "English": ["1", "24 Nov 10:00", "24 Nov 10:00", "0", "0"]}
    assert "Reached 24 Nov 10:00" in page


def test_the_table_shows_who_still_waits_when_the_sender_chose_to_wait(
        world, polish_family, django_capture_on_commit_callbacks):
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       wait_for_check=True)
    with time_machine.travel(SENT, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_send(announcement=announcement, acting_user=world.office)
    rows = _reach_rows(_report_page(world, announcement))
    assert rows["Polish"] == ["2", "—", "—", "2", "0"]
    assert rows["Arabic"] == ["1", "—", "—", "1", "0"]
    assert rows["English"] == ["1", "24 Nov 10:00", "24 Nov 10:00", "0", "0"]


def _report_queries(world, django_assert_num_queries, families: int) -> str:
    for i in range(families):
        pupil = PupilFactory(school=world.school, school_class=world.class_a)
        contact = ContactFactory(school=world.school, language="pl" if i % 2 else "ur",
                                 email=f"h{i}@x.example",
                                 household=HouseholdFactory(school=world.school))
        PupilContactFactory(pupil=pupil, contact=contact, relationship="PAM")
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       important=True)
    actions.do_send(announcement=announcement, acting_user=world.office)
    client = signed_in(world.office)
    url = reverse("announcements:report", args=[world.school.urn, announcement.pk])
    client.get(url)
    # session, user, OTP device, the viewer (roles, court orders, trusts, contacts), school,
    # announcement, the languages checked afterwards with who checked them, their reviews
    # with reviewers, the figures (outcomes per language, deliveries per channel and
    # status), the page's messages with contacts and households, their deliveries
    with django_assert_num_queries(11):
        return client.get(url).content.decode()


def test_report_query_count_with_three_checked_contacts(world, django_assert_num_queries):
    page = _report_queries(world, django_assert_num_queries, 2)     # Layla + 2
    assert page.count("Sent at once as written") == 3                # ar, pl, ur
    assert len(_reach_rows(page)) == 4


def test_report_query_count_with_seven_checked_contacts(world, django_assert_num_queries):
    page = _report_queries(world, django_assert_num_queries, 6)
    assert page.count("Sent at once as written") == 3
    assert _reach_rows(page)["Polish"][0] == "3"


# Chose the app only, with no account (part 2) ---------------------------------------------

def test_app_only_without_an_account_falls_back_to_the_channels_they_have(world):
    contact = ContactFactory(school=world.school, preferred_channels=["app"])
    assert default_channels(contact) == ["app", "email", "sms"]
    contact.mobile = ""
    assert default_channels(contact) == ["app", "email"]
    contact.email, contact.mobile = "", "+447700900123"
    assert default_channels(contact) == ["app", "sms"]
    contact.mobile = ""
    assert default_channels(contact) == ["app", "letter"]
    # With an account the app reaches them: their choice stands.
    assert default_channels(world.parent_contact) == ["app", "email"]
    world.parent_contact.preferred_channels = ["app"]
    assert default_channels(world.parent_contact) == ["app"]


def test_app_only_without_an_account_is_sent_email_and_text_and_the_report_says_so(
        world, django_capture_on_commit_callbacks, mailoutbox):
    sadia = ContactFactory(school=world.school, first_name="Sadia", last_name="Iqbal",
                           language="ur", email="sadia@x.example", mobile="+447700900059",
                           preferred_channels=["app"],
                           household=HouseholdFactory(school=world.school))
    PupilContactFactory(pupil=world.pupil_b, contact=sadia, relationship="PAM")
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       important=True)
    page = signed_in(world.office).get(reverse(
        "announcements:detail", args=[world.school.urn, announcement.pk])).content.decode()
    assert ("1 contact chose the app only but has no Bridgebook account yet: they are sent "
            "it by email or text instead") in page
    assert 'id="unreached"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_send(announcement=announcement, acting_user=world.office)
    message = Message.objects.get(contact=sadia)
    assert {d.channel: d.status for d in message.deliveries.all()} == {
        "app": "delivered", "email": "sent", "sms": "sent"}
    assert ["sadia@x.example"] in [mail.to for mail in mailoutbox]
    row = next(r for r in selectors.delivery_report(announcement).rows
               if r.contact.pk == sadia.pk)
    assert row.outcome == "reached" and row.problems == []
    assert row.notes == ["chose the app only, has no account yet: sent by email and text "
                         "instead"]
    report = _report_page(world, announcement)
    assert ("Chose the app only, has no account yet: sent by email and text instead"
            in report)
    assert "No app account" not in report


def test_the_reasons_for_not_reaching_a_contact_are_exact(world):
    nobody = ContactFactory(school=world.school, first_name="Nia", last_name="Nothing",
                            email="", mobile="", household=None)
    # Chose texts only but has no mobile: has an email they chose not to use.
    texts = ContactFactory(school=world.school, first_name="Tom", last_name="Texts",
                           email="tom@x.example", mobile="", preferred_channels=["sms"])
    # Chose email only but has none: has a mobile they chose not to use.
    emails = ContactFactory(school=world.school, first_name="Eve", last_name="Emails",
                            email="", mobile="+447700900321", preferred_channels=["email"])
    letters = ContactFactory(school=world.school, first_name="Lee", last_name="Letters",
                             email="", mobile="", household=HouseholdFactory(
                                 school=world.school, address_line_1="2 Yew Row"))
    for contact in (nobody, texts, emails, letters):
        PupilContactFactory(pupil=world.pupil_b, contact=contact, relationship="PAM")
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.PUPILS)
    announcement.pupils.set([world.pupil_b])
    page = signed_in(world.office).get(reverse(
        "announcements:detail", args=[world.school.urn, announcement.pk])).content.decode()
    assert "3 contacts will not be reached:" in page
    reasons = page[page.index('id="unreached-reasons"'):]
    reasons = reasons[:reasons.index("</ul>")]
    assert ("1 contact: no Bridgebook account yet, no email address, no mobile number, "
            "no postal address") in reasons
    assert ("1 contact: no Bridgebook account yet, has an email address but chose not to "
            "get emails, no mobile number") in reasons
    assert ("1 contact: no Bridgebook account yet, no email address, has a mobile number "
            "but chose not to get texts") in reasons
    actions.do_send(announcement=announcement, acting_user=world.office)
    rows = {row.contact.first_name: row for row in
            selectors.delivery_report(announcement).rows}
    assert rows["Nia"].problems == ["no Bridgebook account yet", "no email address",
                                    "no mobile number", "no postal address"]
    assert rows["Tom"].problems == ["no Bridgebook account yet",
                                    "has an email address but chose not to get emails",
                                    "no mobile number"]
    assert rows["Lee"].outcome == "pending" and rows["Lee"].problems == []
    report = _report_page(world, announcement)
    assert "<li>No Bridgebook account yet</li>" in report
    assert "<li>No postal address</li>" in report
