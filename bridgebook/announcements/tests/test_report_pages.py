"""A school-wide send at a trust school goes to hundreds of contacts: the delivery report
shows them a page at a time, by name, while its figures count everyone, and the family
inbox reads its page and its count in one query (issue 11)."""

import datetime
from collections import Counter, defaultdict

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import signed_in
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
)
from bridgebook.translation.services import base_language

Status = Delivery.Status


def _families(world, count: int) -> list:
    """``count`` more contacts of Amira's (Class A), each in a household of their own, the
    odd ones reading Polish."""
    contacts = []
    for i in range(count):
        contact = ContactFactory(school=world.school, first_name=f"Reader{i:02d}",
                                 last_name="Zed", language="pl" if i % 2 else "en",
                                 household=HouseholdFactory(school=world.school))
        PupilContactFactory(pupil=world.pupil, contact=contact, relationship="OTH",
                            receives_information=True, parental_responsibility=False)
        contacts.append(contact)
    return contacts


def _send_to_class_a(world) -> Announcement:
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.CLASSES)
    announcement.classes.set([world.class_a])
    actions.do_send(announcement=announcement, acting_user=world.office)
    return announcement


def _cards(page: str) -> list[str]:
    import re

    return re.findall(r'<div class="govuk-summary-card" id="contact-(\d+)">', page)


def test_the_report_shows_a_page_of_contacts_and_counts_everyone(world):
    _families(world, 28)                          # with Layla and Omar: 30
    announcement = _send_to_class_a(world)
    client = signed_in(world.office)
    url = reverse("announcements:report", args=[world.school.urn, announcement.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert len(_cards(first)) == selectors.REPORT_PAGE_SIZE == 25
    assert len(_cards(second)) == 5
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    ids = _cards(first) + _cards(second)
    sent = Message.objects.filter(kind="announcement", source_id=announcement.pk)
    assert sorted(ids) == sorted(str(pk) for pk in sent.values_list("contact_id", flat=True))
    # By name: Hassan before the Zeds; the figures on both pages count all 30.
    assert first.index("Layla Hassan") < first.index("Reader00 Zed")
    outcomes = [page[page.index('id="outcomes"'):page.index("</ul>", page.index('id="outcomes"'))]
                for page in (first, second)]
    assert outcomes[0] == outcomes[1]
    report = selectors.delivery_report(announcement, page=2)
    assert report.reached + report.pending + report.not_reached + report.waiting == 30
    assert f"<strong>{report.pending}</strong> still being sent" in outcomes[0]
    assert {label: total for label, _counts, total in report.totals}["In the app"] == 30
    reach = {item.name: item.contacts for item in report.reach}
    assert reach == {"English": 15, "Polish": 14, "Arabic": 1}     # Layla reads Arabic


def _report_queries(world, django_assert_num_queries, families: int) -> str:
    _families(world, families)
    announcement = _send_to_class_a(world)
    client = signed_in(world.office)
    url = reverse("announcements:report", args=[world.school.urn, announcement.pk])
    client.get(url)
    # session, user, OTP device, the viewer (roles, court orders, trusts, contacts), school,
    # announcement, the figures, the page's messages with contacts and households, their
    # deliveries: as many for three recipients as for sixty
    with django_assert_num_queries(9):
        return client.get(url + "?page=2").content.decode()


def test_report_queries_with_three_recipients(world, django_assert_num_queries):
    page = _report_queries(world, django_assert_num_queries, 1)
    assert len(_cards(page)) == 3              # the last page: page 1 of 1


def test_report_queries_with_sixty_recipients(world, django_assert_num_queries):
    page = _report_queries(world, django_assert_num_queries, 58)
    assert len(_cards(page)) == 25 and "Page 2 of 3" in page


def test_the_figures_count_what_the_rows_say(world):
    """The figures come from one SQL query and the rows from ``_row``: every way a copy
    can stand gives the same outcome, time reached and totals in both."""
    contacts = _families(world, 12)
    world.parent_contact.preferred_channels = ["app", "email", "sms"]
    world.parent_contact.save(update_fields=["preferred_channels"])
    announcement = _send_to_class_a(world)
    now = timezone.now()
    early = now - datetime.timedelta(hours=3)
    later = now + datetime.timedelta(hours=14)
    messages = {m.contact_id: m for m in
                Message.objects.filter(kind="announcement", source_id=announcement.pk)}

    def set_copies(contact, **statuses):
        message = messages[contact.pk]
        Delivery.objects.filter(message=message).exclude(channel__in=statuses).delete()
        for channel, status in statuses.items():
            Delivery.objects.update_or_create(
                message=message, channel=channel,
                defaults={"status": status, "sent_at": early if status == "sent" else None,
                          "updated_at": now - datetime.timedelta(minutes=len(channel))})

    set_copies(world.parent_contact, app=Status.READ, email=Status.PERMANENT_FAILURE,
               sms=Status.SENT)                                          # reached
    set_copies(contacts[0], app=Status.DELIVERED)                  # no account: not reached
    set_copies(contacts[1], app=Status.DELIVERED, email=Status.SENT)        # reached
    set_copies(contacts[2], app=Status.DELIVERED, email=Status.QUEUED)      # waiting
    Message.objects.filter(pk=messages[contacts[2].pk].pk).update(send_after=later)
    set_copies(contacts[3], app=Status.DELIVERED, email=Status.QUEUED)      # being sent
    set_copies(contacts[4], app=Status.DELIVERED, sms=Status.TEMPORARY_FAILURE)  # being sent
    set_copies(contacts[5], app=Status.DELIVERED, email=Status.PERMANENT_FAILURE)
    set_copies(contacts[6], app=Status.DELIVERED, letter=Status.QUEUED)     # being sent
    set_copies(contacts[7], app=Status.DELIVERED, email=Status.WITHDRAWN)   # not reached
    set_copies(contacts[8], app=Status.READ)                                # reached
    set_copies(contacts[9], email=Status.DELIVERED)                         # reached
    Delivery.objects.filter(message=messages[contacts[10].pk]).delete()     # no copy at all
    set_copies(contacts[11], app=Status.DELIVERED, email=Status.QUEUED)     # sent before now
    Message.objects.filter(pk=messages[contacts[11].pk].pk).update(send_after=early)
    report = selectors.delivery_report(announcement)
    assert len(report.rows) == 14                                     # one page holds all
    outcomes = Counter(row.outcome for row in report.rows)
    assert outcomes == Counter({"reached": 5, "pending": 4, "not_reached": 4,
                                "waiting": 1})
    assert (report.reached, report.pending, report.not_reached, report.waiting) == (
        outcomes["reached"], outcomes["pending"], outcomes["not_reached"],
        outcomes["waiting"])
    by_language = defaultdict(list)
    for row in report.rows:
        by_language[base_language(row.contact.language)].append(row)
    for item in report.reach:
        rows = by_language[{"English": "en", "Polish": "pl", "Arabic": "ar"}[item.name]]
        times = [row.reached_at for row in rows if row.reached_at]
        assert item.contacts == len(rows)
        assert (item.first, item.last) == ((min(times), max(times)) if times
                                           else (None, None))
        assert item.waiting == sum(row.outcome in ("waiting", "pending") for row in rows)
        assert item.not_reached == sum(row.outcome == "not_reached" for row in rows)
    counted = Counter((d.channel, d.status) for row in report.rows for d in row.deliveries)
    statuses = [value for value, _label in Status.choices]
    labels = dict(Delivery.Channel.choices)
    for label, counts, total in report.totals:
        channel = next(key for key, name in labels.items() if str(name) == label)
        assert counts == [counted[(channel, status)] for status in statuses]
        assert total == sum(counts)
    assert [n for _when, n in report.held_until] == [1]


# The inbox -----------------------------------------------------------------------------

def test_an_inbox_page_number_that_is_not_a_page_gets_what_paginator_gives(world):
    for n in range(30):
        create_messages(school=world.school, kind="other", drafts=[
            Draft(contact=world.parent_contact, subject=f"Note {n}", body="x")])
    contact_ids = [world.parent_contact.pk]
    every = Paginator(selectors.inbox(contact_ids), selectors.INBOX_PAGE_SIZE)
    for number in (None, "", "1", "2", "3", "0", "-1", "x", "1.5", "²", "99"):
        page = selectors.inbox_page(contact_ids, number)
        expected = every.get_page(number)
        assert page.number == expected.number, number
        assert [m.pk for m in page.object_list] == [m.pk for m in expected], number
        assert page.paginator.count == 30
