"""Where the sender chose to wait for a person to check each translation (a document that is
not urgent), readers of other languages wait per language: what is held, what is asked of
the review queue, the release on approval (once, with the checked text), sending without
the check, that it is never urgent, and what the sender sees. (An important announcement
holds nobody: test_checked_afterwards.py.)"""

import pytest
import time_machine
from django.urls import reverse

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement, HeldLanguage, review_ref
from bridgebook.announcements.tests.conftest import at
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.models import PupilContact
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
)
from bridgebook.translation.actions import do_approve_review, request_review
from bridgebook.translation.models import ReviewRequest

SUBJECT_AR = "يوم الرياضة"
BODY_AR = "يوم الرياضة يوم الجمعة. يرجى إرسال قبعة."



def _waiting(world, **fields) -> Announcement:
    return AnnouncementFactory(school=world.school, author=world.office, wait_for_check=True,
                               **fields)


def _send(world, announcement, user=None) -> int:
    return actions.do_send(announcement=announcement, acting_user=user or world.office)


def _copies(announcement) -> dict[str, Message]:
    return {m.contact.first_name: m for m in Message.objects.filter(
        kind="announcement", source_id=announcement.pk).select_related("contact")}


def _review(announcement, part, language="ar") -> ReviewRequest:
    return ReviewRequest.objects.get(ref=review_ref(announcement.pk, part), language=language)


def _approve_both(announcement, reviewer, capture, language="ar", subject=SUBJECT_AR,
                  body=BODY_AR):
    with capture(execute=True):
        do_approve_review(review=_review(announcement, "subject", language),
                          acting_user=reviewer, text=subject)
    with capture(execute=True):
        do_approve_review(review=_review(announcement, "body", language),
                          acting_user=reviewer, text=body)


# Sending -----------------------------------------------------------------------------------

def test_waiting_send_holds_other_languages_and_asks_for_each_part(world, polish_family):
    announcement = _waiting(world)
    assert _send(world, announcement) == 1
    # Omar reads English, the language it was written in: his goes now.
    assert set(_copies(announcement)) == {"Omar"}
    held = {h.language: h for h in HeldLanguage.objects.filter(announcement=announcement)}
    assert set(held) == {"ar", "pl"}
    assert held["ar"].recipients == [[world.parent_contact.pk, [world.pupil.pk]]]
    assert held["ar"].contacts == 1 and held["pl"].contacts == 2
    assert all(h.status == HeldLanguage.Status.WAITING for h in held.values())
    reviews = ReviewRequest.objects.filter(ref__startswith=f"announcement:{announcement.pk}:")
    assert sorted((r.ref.rsplit(":", 1)[1], r.language, r.source_text) for r in reviews) == [
        ("body", "ar", announcement.body), ("body", "pl", announcement.body),
        ("subject", "ar", "Sports day"), ("subject", "pl", "Sports day")]
    assert all(r.status == "pending" and r.requested_by == world.office for r in reviews)
    assert "the subject line" in _review(announcement, "subject").purpose
    sent = AuditEvent.objects.get(object_type="announcement", object_id=str(announcement.pk),
                                  summary__startswith="Sent the announcement")
    assert "3 wait for the translation check (ar, pl)" in sent.summary
    # Nothing of it reaches the held contacts' inbox, nor their attachment access.
    assert not Message.objects.filter(contact=world.parent_contact).exists()


def test_not_waiting_and_same_language_and_sign_language_go_at_once(world):
    world.separated_contact.language = "bsl"
    world.separated_contact.save(update_fields=["language"])
    plain = AnnouncementFactory(school=world.school, author=world.office)
    assert _send(world, plain) == 2
    assert not HeldLanguage.objects.exists() and not ReviewRequest.objects.exists()
    # Important is time-critical: it holds nobody back.
    important = AnnouncementFactory(school=world.school, author=world.office, important=True)
    assert _send(world, important) == 2
    assert not HeldLanguage.objects.exists()
    # Written in Arabic: Layla reads it as written; BSL has no written translation.
    arabic = _waiting(world, language="ar", subject="تنبيه", body="نص")
    assert _send(world, arabic) == 2
    assert not HeldLanguage.objects.exists()


def test_announcement_written_in_polish_is_checked_as_polish(world, settings):
    from bridgebook.translation.models import TranslationCache

    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    announcement = _waiting(world, language="pl", subject="Dzień sportu",
                              body="Dzień sportu jest w piątek.")
    _send(world, announcement)
    # Omar (English) and Layla (Arabic) both wait for a check of a Polish original.
    reviews = ReviewRequest.objects.filter(ref__startswith=f"announcement:{announcement.pk}:")
    assert sorted((r.language, r.source_language) for r in reviews) == [
        ("ar", "pl"), ("ar", "pl"), ("en", "pl"), ("en", "pl")]
    assert _review(announcement, "body", "en").machine_text == "[en] Dzień sportu jest w piątek."
    # The machine was asked to translate from Polish.
    assert set(TranslationCache.objects.values_list("source", "target")) == {
        ("pl", "ar"), ("pl", "en")}


def test_send_queries_do_not_grow_with_held_recipients(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_polish_families(n):
        for i in range(n):
            pupil = PupilFactory(school=world.school, school_class=world.class_b)
            contact = ContactFactory(school=world.school, language="pl",
                                     email=f"pl{i}-{pupil.pk}@x.example",
                                     household=HouseholdFactory(school=world.school))
            PupilContactFactory(pupil=pupil, contact=contact, relationship="PAM")

    def queries():
        announcement = _waiting(world)
        with CaptureQueriesContext(connection) as captured:
            _send(world, announcement)
        return len(captured)

    add_polish_families(3)
    few = queries()
    add_polish_families(20)
    assert queries() == few


# Release on approval -----------------------------------------------------------------------

def test_both_parts_approved_release_the_language_once_with_the_checked_text(
        world, eal_teacher, django_capture_on_commit_callbacks, mailoutbox):
    announcement = _waiting(world)
    _send(world, announcement)
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_review(review=_review(announcement, "subject"), acting_user=eal_teacher,
                          text=SUBJECT_AR)
    # Half checked is not checked.
    assert "Layla" not in _copies(announcement)
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_review(review=_review(announcement, "body"), acting_user=eal_teacher,
                          text=BODY_AR)
    layla = _copies(announcement)["Layla"]
    assert layla.subject == SUBJECT_AR and layla.language == "ar"
    assert layla.body.endswith(f"\n\n{BODY_AR}")
    assert "Amira" in layla.body.split("\n")[0]
    assert "machine" not in layla.body and "آلي" not in layla.body
    held = HeldLanguage.objects.get(announcement=announcement, language="ar")
    assert (held.status, held.sent, held.released_by) == (
        HeldLanguage.Status.CHECKED, 1, eal_teacher)
    # It goes as any announcement does: in the app, and by email in working hours.
    assert {d.channel: d.status for d in layla.deliveries.all()}["app"] == "delivered"
    assert [mail.to for mail in mailoutbox if mail.subject == SUBJECT_AR] == [
        ["layla@family.example"]]
    assert AuditEvent.objects.filter(
        actor=eal_teacher, object_id=str(announcement.pk),
        summary__contains="checked translation of 'Sports day' to 1 ar readers").exists()
    # A correction afterwards, and releasing again, send nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_review(review=_review(announcement, "body"), acting_user=eal_teacher,
                          text=BODY_AR + " شكرا")
    assert actions.do_release_language(announcement=announcement, language="ar",
                                       acting_user=eal_teacher, unchecked=True) == 0
    assert Message.objects.filter(source_id=announcement.pk,
                                  contact=world.parent_contact).count() == 1
    assert len([m for m in mailoutbox if m.subject == SUBJECT_AR]) == 1
    status = selectors.language_statuses(announcement)[0]
    assert status.corrected_after and not status.waiting


def test_checked_line_names_the_original_language_in_the_readers_language(
        world, polish_family, eal_teacher, django_capture_on_commit_callbacks):
    from django.utils import translation
    from django.utils.translation import gettext

    announcement = _waiting(world)
    _send(world, announcement)
    _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks,
                  language="pl", subject="Dzień sportu", body="Dzień sportu jest w piątek.")
    anna = _copies(announcement)["Anna"]
    sentence = "Translated from %(language)s and checked by a person."  # not extracted
    with translation.override("pl"):
        line = gettext(sentence) % {"language": "angielski"}
    assert line in anna.body.split("\n")
    assert "English" not in anna.body


def test_checked_text_replaces_machine_translation(world, eal_teacher, settings,
                                                   django_capture_on_commit_callbacks):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    announcement = _waiting(world)
    _send(world, announcement)
    # The reviewer starts from the machine translation...
    assert _review(announcement, "body").machine_text == f"[ar] {announcement.body}"
    _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks)
    # ...and the family gets what the reviewer approved, not the machine's text.
    layla = _copies(announcement)["Layla"]
    assert layla.subject == SUBJECT_AR and "[ar]" not in layla.body


def test_without_a_translation_backend_the_reviewer_writes_it(
        world, eal_teacher, django_capture_on_commit_callbacks):
    """With the ``none`` backend (the default) the language still waits: the review starts
    empty and the reviewer writes the translation."""
    announcement = _waiting(world)
    _send(world, announcement)
    assert _review(announcement, "subject").machine_text == ""
    _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks)
    assert _copies(announcement)["Layla"].subject == SUBJECT_AR


def test_approval_through_the_review_page_releases_the_language(
        world, eal_teacher, django_capture_on_commit_callbacks):
    announcement = _waiting(world)
    _send(world, announcement)
    client = signed_in(eal_teacher)
    queue = client.get(reverse("translation:reviews", args=[world.school.urn])).content
    assert "Announcement “Sports day”: the message".encode() in queue
    for part, text in (("subject", SUBJECT_AR), ("body", BODY_AR)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("translation:review", args=[
                world.school.urn, _review(announcement, part).pk]), {"text": text})
        assert response.status_code == 302
    assert _copies(announcement)["Layla"].subject == SUBJECT_AR


def test_audience_is_the_one_resolved_at_sending_less_anyone_restricted_since(
        world, eal_teacher, polish_family, django_capture_on_commit_callbacks):
    announcement = _waiting(world)
    _send(world, announcement)
    # After sending, a new Arabic-speaking carer is linked to Amira: not in the audience the
    # sender approved. And a court order now restricts Anna Nowak.
    late = ContactFactory(school=world.school, first_name="Lina", last_name="Late",
                          language="ar", email="lina@x.example")
    PupilContactFactory(pupil=world.pupil, contact=late, relationship="OTH",
                        receives_information=True)
    PupilContact.objects.filter(contact=polish_family[0]).update(is_restricted=True)
    _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks)
    _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks,
                  language="pl", subject="Dzień sportu", body="W piątek dzień sportu.")
    assert set(_copies(announcement)) == {"Omar", "Layla", "Piotr"}
    polish = HeldLanguage.objects.get(announcement=announcement, language="pl")
    assert (polish.contacts, polish.sent) == (2, 1)
    page = signed_in(world.office).get(reverse(
        "announcements:report", args=[world.school.urn, announcement.pk])).content.decode()
    assert "1 of 2: the others were no longer entitled to it when it was sent." in page


def test_release_outside_the_senders_hours_waits_for_the_morning(
        world, eal_teacher, django_capture_on_commit_callbacks):
    announcement = _waiting(world)
    _send(world, announcement)
    # The EAL teacher approves at 21:30 on Tuesday: the office's email waits until 08:00.
    with time_machine.travel(at(1, 21, 30), tick=False):
        _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks)
    layla = _copies(announcement)["Layla"]
    assert layla.send_after == at(2, 8)
    email = layla.deliveries.get(channel=Delivery.Channel.EMAIL)
    assert (email.status, email.next_attempt_at) == (Delivery.Status.QUEUED, at(2, 8))
    assert layla.deliveries.get(channel=Delivery.Channel.APP).status == "delivered"


def test_waiting_for_the_check_is_never_urgent(world):
    """Waiting is for what can wait: the principal outside hours is offered no "urgent"
    box for it, and asking anyway (a crafted post, or the action) sends nothing."""
    announcement = _waiting(world)
    with time_machine.travel(at(1, 21, 0), tick=False):
        client = signed_in(world.principal)
        page = client.get(reverse("announcements:detail",
                                  args=[world.school.urn, announcement.pk])).content.decode()
        assert 'name="urgent"' not in page and 'id="outside-hours"' in page
        with pytest.raises(actions.WaitingIsNotUrgent):
            actions.do_send(announcement=announcement, acting_user=world.principal,
                            urgent=True)
        response = client.post(reverse("announcements:send",
                                       args=[world.school.urn, announcement.pk]),
                               {"urgent": "on"}, follow=True)
    assert "cannot be sent as urgent" in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.is_draft and not Message.objects.exists()
    assert not HeldLanguage.objects.exists()


# Sending without the check -----------------------------------------------------------------

def test_sender_may_send_a_waiting_language_now_without_the_check(
        world, eal_teacher, settings, django_capture_on_commit_callbacks):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    announcement = _waiting(world)
    _send(world, announcement)
    client = signed_in(world.office)
    url = reverse("announcements:release", args=[world.school.urn, announcement.pk, "ar"])
    response = client.post(url, follow=True)
    assert "Sent to 1 contact who reads Arabic." in response.content.decode()
    layla = _copies(announcement)["Layla"]
    # The machine translation, labelled as such (Arabic interface text where there is one).
    assert layla.subject == "[ar] Sports day"
    held = HeldLanguage.objects.get(announcement=announcement)
    assert (held.status, held.released_by) == (HeldLanguage.Status.UNCHECKED, world.office)
    # Pressing again, or the reviewer approving later, sends nothing more.
    again = client.post(url, follow=True).content.decode()
    assert "The Arabic messages had already been sent." in again
    _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks)
    assert Message.objects.filter(source_id=announcement.pk,
                                  contact=world.parent_contact).count() == 1
    assert _copies(announcement)["Layla"].subject == "[ar] Sports day"
    report = client.get(reverse("announcements:report",
                                args=[world.school.urn, announcement.pk])).content.decode()
    assert "Sent without the check" in report and "by Olive Office" in report


def test_sending_without_the_check_takes_the_reviews_out_of_the_queue(
        world, eal_teacher, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    announcement = _waiting(world)
    _send(world, announcement)
    queue = reverse("translation:reviews", args=[world.school.urn])
    reviewer = signed_in(eal_teacher)
    assert reviewer.get(queue).content.decode().count(announcement.subject) == 2
    signed_in(world.office).post(reverse("announcements:release", args=[
        world.school.urn, announcement.pk, "ar"]))

    statuses = {r.status for r in ReviewRequest.objects.filter(language="ar")}
    assert statuses == {ReviewRequest.Status.WITHDRAWN}
    assert announcement.subject not in reviewer.get(queue).content.decode()
    assert AuditEvent.objects.filter(summary__startswith="Withdrew the ar review").count() == 2
    page = reviewer.get(reverse("translation:review", args=[
        world.school.urn, _review(announcement, "body").pk])).content.decode()
    assert "No longer needed: it was sent without the check." in page

    # Asking again for the same text puts it back in the queue.
    again = request_review(school=world.school, text=announcement.body, language="ar",
                           ref=review_ref(announcement.pk, "body"))
    assert again.status == ReviewRequest.Status.PENDING


def test_send_now_uses_the_checked_text_when_it_is_already_approved(world, eal_teacher):
    """A release that never ran (a lost task) is what the button recovers: with both parts
    approved it sends the checked text."""
    announcement = _waiting(world)
    _send(world, announcement)
    for part, text in (("subject", SUBJECT_AR), ("body", BODY_AR)):
        # Approved without the on-commit signal running (as if the task was lost).
        do_approve_review(review=_review(announcement, part), acting_user=eal_teacher,
                          text=text)
    assert "Layla" not in _copies(announcement)
    signed_in(world.principal).post(
        reverse("announcements:release", args=[world.school.urn, announcement.pk, "ar"]))
    assert _copies(announcement)["Layla"].subject == SUBJECT_AR
    assert HeldLanguage.objects.get().status == HeldLanguage.Status.CHECKED


def test_release_of_a_language_that_was_not_held_is_not_found(world):
    announcement = _waiting(world)
    _send(world, announcement)
    response = signed_in(world.office).post(
        reverse("announcements:release", args=[world.school.urn, announcement.pk, "pl"]))
    assert response.status_code == 404


COMPOSERS = {"principal", "office", "senco", "trust_admin"}
SCHOOL_STAFF = {"class_teacher", "other_teacher", "therapist"}


@pytest.mark.parametrize("name", PERSONAS)
def test_release_by_persona(world, name):
    announcement = _waiting(world)
    _send(world, announcement)
    response = signed_in(persona(world, name)).post(
        reverse("announcements:release", args=[world.school.urn, announcement.pk, "ar"]))
    if name == "anonymous":
        assert response.status_code == 302 and "/accounts/" in response["Location"]
    elif name in COMPOSERS:
        assert response.status_code == 302
    elif name in SCHOOL_STAFF:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
    released = HeldLanguage.objects.get().status != HeldLanguage.Status.WAITING
    assert released == (name in COMPOSERS)


# What the sender sees ----------------------------------------------------------------------

def test_report_shows_each_languages_check_and_who_waits(world, eal_teacher, polish_family,
                                                         django_capture_on_commit_callbacks):
    announcement = _waiting(world)
    _send(world, announcement)
    _approve_both(announcement, eal_teacher, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_review(review=_review(announcement, "subject", "pl"),
                          acting_user=eal_teacher, text="Dzień sportu")
    report = selectors.delivery_report(announcement)
    assert (report.reached, report.review, report.not_reached) == (2, 2, 0)
    outcomes = {row.contact.first_name: row.outcome for row in report.rows}
    assert outcomes == {"Omar": "reached", "Layla": "reached", "Anna": "review",
                        "Piotr": "review"}
    page = signed_in(world.office).get(reverse(
        "announcements:report", args=[world.school.urn, announcement.pk])).content.decode()
    assert "<strong>2</strong> waiting for a translation check" in page
    assert "<strong>0</strong> not reached" in page
    arabic = page[page.index('data-language="ar"'):page.index('data-language="pl"')]
    assert "Checked by a person" in arabic and "Sent to 1 contact on" in arabic
    polish = page[page.index('data-language="pl"'):]
    assert "Waiting for the translation check" in polish
    assert "Subject: approved by Eda Eal" in polish and "Message: waiting" in polish
    assert "Send to Polish readers now, without the check" in polish
    assert "You chose to wait for the check before these families get it." in polish
    assert "Gets it when a person has checked the Polish translation." in page
    listing = signed_in(world.office).get(reverse("announcements:list",
                                                  args=[world.school.urn])).content.decode()
    assert "and 2 waiting for a translation check" in listing


def _report_queries(world, django_assert_num_queries, families: int):
    for i in range(families):
        pupil = PupilFactory(school=world.school, school_class=world.class_a)
        contact = ContactFactory(school=world.school, language="pl" if i % 2 else "ur",
                                 email=f"h{i}@x.example",
                                 household=HouseholdFactory(school=world.school))
        PupilContactFactory(pupil=pupil, contact=contact, relationship="PAM")
    announcement = _waiting(world)
    _send(world, announcement)
    client = signed_in(world.office)
    url = reverse("announcements:report", args=[world.school.urn, announcement.pk])
    client.get(url)
    # session, user, OTP device, the viewer (roles, court orders, trusts, contacts), school,
    # announcement, held languages with who released them, their reviews with reviewers,
    # the figures (outcomes per language, deliveries per channel and status), the languages
    # the contacts still waiting read, the page's contacts (sent it, or waiting) with
    # households, their messages, the messages' deliveries
    with django_assert_num_queries(13):
        return client.get(url).content.decode()


def test_report_query_count_with_three_held_contacts(world, django_assert_num_queries):
    page = _report_queries(world, django_assert_num_queries, 2)     # Layla + 2
    assert page.count("Waiting for a translation check</strong>") == 3


def test_report_query_count_with_seven_held_contacts(world, django_assert_num_queries):
    page = _report_queries(world, django_assert_num_queries, 6)
    assert page.count("Waiting for a translation check</strong>") == 7


def test_preview_says_who_gets_it_later_and_why(world, polish_family):
    announcement = _waiting(world)
    page = signed_in(world.office).get(reverse(
        "announcements:detail", args=[world.school.urn, announcement.pk])).content.decode()
    assert ("3 contacts who read Arabic and Polish will get it only after a person has "
            "checked its translation, because you chose to wait for the check.") in page
    assert "Arabic: 1 contact waits for the check" in page
    assert "Polish: 2 contacts wait for the check" in page
    assert "Families who read other languages wait until a person has checked" in page
    assert 'id="checked-afterwards"' not in page
    announcement.wait_for_check = False
    announcement.save(update_fields=["wait_for_check"])
    page = signed_in(world.office).get(reverse(
        "announcements:detail", args=[world.school.urn, announcement.pk])).content.decode()
    assert 'id="held-languages"' not in page


def test_two_releases_racing_send_the_language_once(world, eal_teacher, monkeypatch):
    """A second release starts after the first read the waiting language but before it
    claimed it (both approvals' tasks at once): the conditional UPDATE lets one win."""
    announcement = _waiting(world)
    _send(world, announcement)
    for part, text in (("subject", SUBJECT_AR), ("body", BODY_AR)):
        do_approve_review(review=_review(announcement, part), acting_user=eal_teacher,
                          text=text)
    real = actions.checked_text
    state = {"inner": None}

    def racing(announcement, language):
        if state["inner"] is None:
            state["inner"] = "running"
            state["inner"] = actions.do_release_language(
                announcement=announcement, language=language, acting_user=eal_teacher)
        return real(announcement, language)

    monkeypatch.setattr(actions, "checked_text", racing)
    outer = actions.do_release_language(announcement=announcement, language="ar",
                                        acting_user=world.principal)
    assert (state["inner"], outer) == (1, 0)
    assert Message.objects.filter(source_id=announcement.pk,
                                  contact=world.parent_contact).count() == 1
    assert HeldLanguage.objects.get().released_by == eal_teacher
