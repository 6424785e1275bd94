"""Issue 9, "nobody is told later because of their language": an important announcement
reaches every family at once, readers of other languages in a machine translation (or as
written where nothing translates); a person checks each translation afterwards, and the
checked text replaces the copies in place, once, telling the families whose text changed.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from bridgebook.announcements import actions, receivers, selectors
from bridgebook.announcements.models import Announcement, LanguageCheck, review_ref
from bridgebook.announcements.tests.conftest import at
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.announcements.text import Checked, Text, differs
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, Role
from bridgebook.core.tests.factories import staff
from bridgebook.messaging.access import withdraw_unentitled
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.models import PupilContact
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
)
from bridgebook.translation.actions import do_approve_review
from bridgebook.translation.models import ReviewRequest


def in_language(language: str, msgid: str) -> str:
    """``msgid`` as the interface's catalogue for ``language`` has it."""
    with translation.override(language):
        return translation.gettext(msgid)


SENT = at(1, 10, 0)           # Tuesday 24 November 2026, 10:00
CHECKED = at(1, 10, 42)       # the Polish check, 42 minutes later
SUBJECT_PL = "Szkoła jutro zamknięta"
BODY_PL = "Szkoła jest jutro zamknięta: zepsuło się ogrzewanie."
LOCAL = {"BACKEND": "local", "OPTIONS": {}}



def _closure(world, **fields) -> Announcement:
    return AnnouncementFactory(school=world.school, author=world.office, important=True,
                               subject="School closed tomorrow",
                               body="The school is closed tomorrow: the heating has failed.",
                               **fields)


def _send(world, announcement, capture) -> int:
    with capture(execute=True):
        return actions.do_send(announcement=announcement, acting_user=world.office)


def _copies(announcement, kind="announcement") -> dict[str, Message]:
    return {m.contact.first_name: m for m in Message.objects.filter(
        kind=kind, source_id=announcement.pk).select_related("contact")}


def _review(announcement, part, language) -> ReviewRequest:
    return ReviewRequest.objects.get(ref=review_ref(announcement.pk, part), language=language)


def _approve(announcement, reviewer, capture, language, subject, body):
    for part, text in (("subject", subject), ("body", body)):
        with capture(execute=True):
            do_approve_review(review=_review(announcement, part, language),
                              acting_user=reviewer, text=text)


# Everyone at once -------------------------------------------------------------------------

def test_important_reaches_english_polish_and_arabic_readers_in_the_same_minute(
        world, polish_family, settings, django_capture_on_commit_callbacks, mailoutbox):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    with time_machine.travel(SENT, tick=False):
        assert _send(world, announcement, django_capture_on_commit_callbacks) == 4
    copies = _copies(announcement)
    # Omar reads English, Layla Arabic, Anna and Piotr Polish: all of them now; never Rex.
    assert set(copies) == {"Omar", "Layla", "Anna", "Piotr"}
    assert {m.created_at for m in copies.values()} == {SENT}
    # Every email was enqueued at once and has gone: nobody waits for a check.
    emails = Delivery.objects.filter(message__in=copies.values(), channel="email")
    assert {(d.enqueued_at, d.status) for d in emails} == {(SENT, "sent")}
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "anna@nowak.example", "layla@family.example", "omar@family.example",
        "piotr@nowak.example"]
    # In their language by machine, saying so; the English reader gets it as written.
    assert copies["Anna"].subject == "[pl] School closed tomorrow"
    assert copies["Anna"].language == "pl" and copies["Layla"].language == "ar"
    assert copies["Omar"].subject == "School closed tomorrow"
    assert "[pl] The school is closed tomorrow" in copies["Anna"].body
    # Each other language is checked afterwards: who was sent what, and two reviews.
    checks = {c.language: c for c in LanguageCheck.objects.filter(announcement=announcement)}
    assert set(checks) == {"ar", "pl"}
    assert sorted(checks["pl"].contact_ids) == sorted(c.pk for c in polish_family)
    assert (checks["pl"].machine, checks["pl"].sent_subject, checks["pl"].status) == (
        True, "[pl] School closed tomorrow", LanguageCheck.Status.CHECKING)
    reviews = ReviewRequest.objects.filter(ref__startswith=f"announcement:{announcement.pk}:")
    assert sorted((r.ref.rsplit(":", 1)[1], r.language, r.status) for r in reviews) == [
        ("body", "ar", "pending"), ("body", "pl", "pending"),
        ("subject", "ar", "pending"), ("subject", "pl", "pending")]
    audit = AuditEvent.objects.get(object_type="announcement",
                                   summary__startswith="Sent the announcement")
    assert "to 4 contacts; translations to be checked afterwards (ar, pl)" in audit.summary
    assert not Message.objects.filter(contact=world.restricted_contact).exists()


def test_the_family_reads_it_marked_as_machine_translation_with_the_original(
        world, settings, django_capture_on_commit_callbacks):
    from django.utils import translation
    from django.utils.translation import gettext

    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    _send(world, announcement, django_capture_on_commit_callbacks)
    layla = _copies(announcement)["Layla"]
    page = signed_in(world.parent).get(
        reverse("announcements:message", args=[layla.pk])).content.decode()
    assert "[ar] School closed tomorrow" in page
    assert "Show the original" in page and "the heating has failed." in page
    with translation.override("ar"):
        line = gettext("Translated by machine from %(language)s.")   # not extracted
    assert layla.body.split("\n")[1].startswith(line.split("%(language)s")[0])


def test_sent_to_the_reporting_page_with_what_happens_next(world, polish_family, settings):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    response = signed_in(world.office).post(
        reverse("announcements:send", args=[world.school.urn, announcement.pk]), follow=True)
    page = response.content.decode()
    assert "Sent to 4 contacts." in page
    assert ("Everyone has it now. A person will check the translations into Arabic and "
            "Polish") in page
    checks = page[page.index('id="translation-checks"'):]
    assert checks.count("Sent at once in a machine translation") == 2


# The checked translation replaces it --------------------------------------------------------

def test_checked_polish_replaces_the_machine_one_and_tells_each_reader_once(
        world, polish_family, eal_teacher, settings, django_capture_on_commit_callbacks,
        mailoutbox):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    with time_machine.travel(SENT, tick=False):
        _send(world, announcement, django_capture_on_commit_callbacks)
    before = {name: m.pk for name, m in _copies(announcement).items()}
    mailoutbox.clear()
    with time_machine.travel(CHECKED, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            do_approve_review(review=_review(announcement, "subject", "pl"),
                              acting_user=eal_teacher, text=SUBJECT_PL)
        # Half checked is not checked: nothing changes yet.
        assert _copies(announcement)["Anna"].subject == "[pl] School closed tomorrow"
        with django_capture_on_commit_callbacks(execute=True):
            do_approve_review(review=_review(announcement, "body", "pl"),
                              acting_user=eal_teacher, text=BODY_PL)
    copies = _copies(announcement)
    # The same messages, changed in place (no second copy of the announcement).
    assert {name: m.pk for name, m in copies.items()} == before
    anna = copies["Anna"]
    assert (anna.subject, anna.language) == (SUBJECT_PL, "pl")
    assert anna.body.endswith(f"\n\n{BODY_PL}") and "[pl]" not in anna.body
    assert "Zofia" in anna.body.split("\n")[0]
    # Arabic is not checked yet: Layla keeps the machine translation.
    assert copies["Layla"].subject == "[ar] School closed tomorrow"
    # Each Polish reader is told, once, in the app and by email, with a link to read it.
    notices = _copies(announcement, "other")
    assert set(notices) == {"Anna", "Piotr"}
    notice = notices["Anna"]
    # In her language (the interface's Polish words, her checked subject).
    assert notice.language == "pl"
    assert notice.subject == in_language("pl", "Translation checked: %(subject)s") % {
        "subject": SUBJECT_PL}
    changed = in_language("pl", "The translation of “%(subject)s” has been checked by a "
                                "person and has changed. Read it again: %(link)s")
    assert changed.split("%(link)s")[0] % {"subject": SUBJECT_PL} in notice.body
    assert notice.body.endswith(f"http://127.0.0.1:8000/messages/{anna.pk}/")
    assert list(notice.pupils.values_list("legal_first_name", flat=True)) == ["Zofia"]
    assert {d.channel for d in notice.deliveries.all()} == {"app", "email"}
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "anna@nowak.example", "piotr@nowak.example"]
    check = LanguageCheck.objects.get(announcement=announcement, language="pl")
    assert (check.status, check.checked_at, check.checked_by) == (
        LanguageCheck.Status.CHECKED, CHECKED, eal_teacher)
    assert (check.changed, check.replaced, check.told) == (True, 2, 2)
    audit = AuditEvent.objects.get(actor=eal_teacher, object_type="announcement")
    assert audit.summary == ("The checked pl translation of 'School closed tomorrow' "
                             "replaced the machine translation for 2 contacts; it had "
                             "changed, so 2 were told")

    # The approval arriving again (a second signal, a re-approval, the task run twice)
    # changes and sends nothing more.
    review = _review(announcement, "body", "pl")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            receivers.on_review_approved(None, ref=review.ref, language="pl",
                                         review_id=review.pk)
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_review(review=review, acting_user=eal_teacher, text=BODY_PL)
    assert actions.do_replace_with_checked(announcement=announcement, language="pl",
                                           acting_user=eal_teacher) == 0
    assert Message.objects.filter(kind="other").count() == 2
    assert len(mailoutbox) == 2
    assert AuditEvent.objects.filter(actor=eal_teacher, object_type="announcement").count() == 1

    # The report records the replacement and when.
    page = signed_in(world.office).get(reverse(
        "announcements:report", args=[world.school.urn, announcement.pk])).content.decode()
    polish = page[page.index('data-language="pl"'):]
    assert ("The checked translation replaced the machine translation at 24 Nov 2026 10:42."
            in polish)
    assert "It had changed: 2 contacts were told, with a link to read it." in polish
    assert "Message checked by Eda Eal" in polish


def test_an_unchanged_checked_translation_updates_silently(
        world, eal_teacher, settings, django_capture_on_commit_callbacks, mailoutbox):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    _send(world, announcement, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    # The reviewer approves the machine's text as it was (line breaks and spaces aside).
    _approve(announcement, eal_teacher, django_capture_on_commit_callbacks, "ar",
             "[ar] School closed tomorrow",
             "[ar]  The school is closed tomorrow:\nthe heating has failed.")
    layla = _copies(announcement)["Layla"]
    assert layla.subject == "[ar] School closed tomorrow"
    assert "machine" not in layla.body and "Translated by machine" not in layla.body
    assert not Message.objects.filter(kind="other").exists()
    assert mailoutbox == []
    check = LanguageCheck.objects.get(announcement=announcement)
    assert (check.status, check.changed, check.replaced, check.told) == (
        "checked", False, 1, 0)
    assert AuditEvent.objects.filter(
        summary__endswith="it had not changed, so nobody was told again").exists()
    page = signed_in(world.office).get(reverse(
        "announcements:report", args=[world.school.urn, announcement.pk])).content.decode()
    assert "It had not changed, so nobody was told again." in page


def test_checked_line_replaces_the_machine_line_in_the_readers_language(
        world, polish_family, eal_teacher, settings, django_capture_on_commit_callbacks):
    from django.utils import translation
    from django.utils.translation import gettext

    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    _send(world, announcement, django_capture_on_commit_callbacks)
    machine = "Translated by machine from %(language)s."   # not extracted
    checked = "Translated from %(language)s and checked by a person."
    with translation.override("pl"):
        machine_line = gettext(machine) % {"language": "angielski"}
        checked_line = gettext(checked) % {"language": "angielski"}
    assert machine_line in _copies(announcement)["Anna"].body.split("\n")
    _approve(announcement, eal_teacher, django_capture_on_commit_callbacks, "pl",
             SUBJECT_PL, BODY_PL)
    lines = _copies(announcement)["Anna"].body.split("\n")
    assert checked_line in lines and machine_line not in lines


def test_without_a_translation_backend_the_original_goes_at_once_then_the_checked_one(
        world, eal_teacher, django_capture_on_commit_callbacks):
    """With the ``none`` backend (the default) Layla gets the English original at once;
    the checked Arabic then replaces it, and she is told it is now in her language."""
    announcement = _closure(world)
    _send(world, announcement, django_capture_on_commit_callbacks)
    layla = _copies(announcement)["Layla"]
    assert (layla.subject, layla.language) == ("School closed tomorrow", "en")
    check = LanguageCheck.objects.get(announcement=announcement)
    assert (check.language, check.machine) == ("ar", False)
    _approve(announcement, eal_teacher, django_capture_on_commit_callbacks, "ar",
             "المدرسة مغلقة غدا", "المدرسة مغلقة غدا بسبب عطل في التدفئة.")
    layla = _copies(announcement)["Layla"]
    assert (layla.subject, layla.language) == ("المدرسة مغلقة غدا", "ar")
    notice = _copies(announcement, "other")["Layla"]
    now_in_arabic = in_language("ar", "“%(subject)s” has now been translated into your "
                                      "language and checked by a person. Read it: %(link)s")
    assert now_in_arabic.split("%(link)s")[0] % {"subject": "المدرسة مغلقة غدا"} in (
        notice.body)
    client = signed_in(world.parent)
    inbox = client.get(reverse("announcements:inbox")).content.decode()
    assert in_language("ar", "Translation checked: %(subject)s") % {
        "subject": "المدرسة مغلقة غدا"} in inbox
    page = client.get(reverse("announcements:message", args=[notice.pk])).content.decode()
    assert f'<a href="http://127.0.0.1:8000/messages/{layla.pk}/" rel="nofollow">' in page
    page = client.get(reverse("announcements:message", args=[layla.pk])).content.decode()
    assert "المدرسة مغلقة غدا بسبب عطل في التدفئة." in page and "Show the original" in page
    report = signed_in(world.office).get(reverse(
        "announcements:report", args=[world.school.urn, announcement.pk])).content.decode()
    assert "The checked translation replaced the text as written at" in report


def test_a_correction_after_the_replacement_is_noted_not_sent(
        world, eal_teacher, settings, django_capture_on_commit_callbacks):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    _send(world, announcement, django_capture_on_commit_callbacks)
    _approve(announcement, eal_teacher, django_capture_on_commit_callbacks, "ar",
             "مغلقة", "المدرسة مغلقة.")
    with time_machine.travel(datetime.timedelta(minutes=5)):
        with django_capture_on_commit_callbacks(execute=True):
            do_approve_review(review=_review(announcement, "body", "ar"),
                              acting_user=eal_teacher, text="المدرسة مغلقة غدا.")
    assert _copies(announcement)["Layla"].body.endswith("\n\nالمدرسة مغلقة.")
    assert Message.objects.filter(kind="other").count() == 1
    assert selectors.language_statuses(announcement)[0].corrected_after


# Who is never reached ----------------------------------------------------------------------

def test_a_restricted_contact_gets_nothing_anywhere(
        world, polish_family, eal_teacher, settings, django_capture_on_commit_callbacks,
        mailoutbox):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = _closure(world)
    _send(world, announcement, django_capture_on_commit_callbacks)
    # A court order about Zofia is recorded for Piotr after it went out.
    piotr = polish_family[1]
    PupilContact.objects.filter(contact=piotr).update(is_restricted=True)
    withdraw_unentitled(contact_ids=[piotr.pk])
    mailoutbox.clear()
    _approve(announcement, eal_teacher, django_capture_on_commit_callbacks, "pl",
             SUBJECT_PL, BODY_PL)
    copies = _copies(announcement)
    assert copies["Anna"].subject == SUBJECT_PL
    # Piotr's copy is neither changed nor followed by a notice; Rex never had one.
    assert copies["Piotr"].subject == "[pl] School closed tomorrow"
    assert set(_copies(announcement, "other")) == {"Anna"}
    assert [mail.to for mail in mailoutbox] == [["anna@nowak.example"]]
    assert not Message.objects.filter(contact=world.restricted_contact).exists()
    check = LanguageCheck.objects.get(announcement=announcement, language="pl")
    assert (check.contacts, check.replaced, check.told) == (2, 1, 1)
    page = signed_in(world.office).get(reverse(
        "announcements:report", args=[world.school.urn, announcement.pk])).content.decode()
    assert "1 of 2: the others were no longer entitled to it." in page
    assert "Rex Stone" not in page


def test_nobody_waits_whatever_they_read(world, settings, django_capture_on_commit_callbacks):
    """The walk-through's missing mother read Somali at a school with no EAL teacher: nobody
    there could check Somali, so under "important means held" she never got it. Now a
    reader of a language the interface does not speak, of British Sign Language, or of a
    language nobody at the school can check gets it with everyone else."""
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    readers = {}
    for first, language in (("Ifrah", "so"), ("Bea", "bsl"), ("Emre", "tr")):
        contact = ContactFactory(school=world.school, first_name=first, language=language,
                                 email=f"{first.lower()}@x.example",
                                 household=HouseholdFactory(school=world.school))
        PupilContactFactory(pupil=world.pupil_b, contact=contact, relationship="PAM")
        readers[first] = contact
    announcement = _closure(world)
    with time_machine.travel(SENT, tick=False):
        _send(world, announcement, django_capture_on_commit_callbacks)
    copies = _copies(announcement)
    assert {"Ifrah", "Bea", "Emre", "Layla", "Omar"} == set(copies)
    assert {m.created_at for m in copies.values()} == {SENT}
    assert copies["Ifrah"].subject == "[so] School closed tomorrow"
    assert "Translated by machine from English." in copies["Ifrah"].body.split("\n")
    # British Sign Language has no written translation: the text as written, no review.
    assert (copies["Bea"].subject, copies["Bea"].language) == ("School closed tomorrow", "en")
    assert set(LanguageCheck.objects.values_list("language", flat=True)) == {
        "ar", "so", "tr"}
    assert not ReviewRequest.objects.filter(language="bsl").exists()


# Choosing to wait, on the form -----------------------------------------------------------

def test_the_form_offers_waiting_for_the_check_but_not_with_important(world):
    client = signed_in(world.office)
    form = client.get(reverse("announcements:new", args=[world.school.urn])).content.decode()
    assert ("Wait for a person to check each translation before families who read other "
            "languages get it") in form
    assert "It delays those families" in form
    data = {"subject": "Term dates", "body": "The dates for next year.", "audience": "school",
            "language": "en", "important": "on", "wait_for_check": "on"}
    page = client.post(reverse("announcements:new", args=[world.school.urn]), data)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'href="#id_wait_for_check"' in content
    assert "An important announcement goes to everyone at once" in content
    assert not Announcement.objects.exists()
    del data["important"]
    response = client.post(reverse("announcements:new", args=[world.school.urn]), data)
    announcement = Announcement.objects.get()
    assert announcement.wait_for_check and not announcement.important
    preview = client.get(response["Location"]).content.decode()
    assert ("1 contact who reads Arabic will get it only after a person has checked its "
            "translation, because you chose to wait for the check.") in preview
    with pytest.raises(ValueError):
        actions.do_save_draft(school=world.school, acting_user=world.office,
                              announcement=announcement,
                              data={"important": True, "wait_for_check": True})


def test_preview_of_an_important_announcement_says_everyone_gets_it_at_once(
        world, polish_family):
    announcement = _closure(world)
    page = signed_in(world.office).get(reverse(
        "announcements:detail", args=[world.school.urn, announcement.pk])).content.decode()
    assert ("This announcement is important, so everyone gets it at once. The 3 contacts "
            "who read Arabic and Polish get a machine translation") in page
    assert "Polish: 2 contacts" in page and "Arabic: 1 contact" in page
    assert 'id="held-languages"' not in page


# Units ------------------------------------------------------------------------------------

def test_differs_ignores_spacing_only():
    sent = Text(subject="[pl] A", body="[pl] B  c\nd", language="pl", machine=True)
    assert not differs(sent, Checked(language="pl", subject="[pl] A ", body="[pl] B c d"))
    assert differs(sent, Checked(language="pl", subject="[pl] A", body="[pl] B c e"))


def test_a_school_with_no_eal_teacher_still_reaches_everyone(
        world, settings, django_capture_on_commit_callbacks):
    """Oakleigh has a principal and no EAL teacher: its Somali-reading mother gets the
    closure at once all the same."""
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    school = world.other_school
    office = staff(school, Role.OFFICE, full_name="Hollie Ward", email="hollie@oak.example")
    ifrah = ContactFactory(school=school, first_name="Ifrah", language="so",
                           email="ifrah@x.example", household=HouseholdFactory(school=school))
    PupilContactFactory(pupil=world.other_school_pupil, contact=ifrah, relationship="PAM")
    announcement = AnnouncementFactory(school=school, author=office, important=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_send(announcement=announcement, acting_user=office) == 1
    assert Message.objects.get(contact=ifrah).subject == "[so] Sports day"


def test_send_queries_grow_with_languages_not_with_readers(world):
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
        announcement = _closure(world)
        with CaptureQueriesContext(connection) as captured:
            actions.do_send(announcement=announcement, acting_user=world.office)
        return len(captured)

    add_polish_families(3)
    few = queries()
    add_polish_families(20)
    assert queries() == few


def test_a_mother_with_children_at_both_schools_reads_both_closures_in_one_inbox(
        world, django_capture_on_commit_callbacks):
    """One of the walk-through's suspects: a contact at each school, one account."""
    from bridgebook.core.tests.factories import UserFactory

    user = UserFactory(email="mum@two.example", full_name="Mina Two")
    for school, pupil in ((world.school, world.pupil_b),
                          (world.other_school, world.other_school_pupil)):
        contact = ContactFactory(school=school, first_name="Mina", language="pl",
                                 email="mum@two.example", user=user,
                                 household=HouseholdFactory(school=school))
        PupilContactFactory(pupil=pupil, contact=contact, relationship="PAM")
    oakleigh_office = staff(world.other_school, Role.OFFICE, full_name="Hollie Ward",
                            email="hollie@oak.example")
    subjects = []
    for school, office in ((world.school, world.office),
                           (world.other_school, oakleigh_office)):
        announcement = AnnouncementFactory(school=school, author=office, important=True,
                                           subject=f"{school.name} is closed tomorrow")
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_send(announcement=announcement, acting_user=office)
        subjects.append(announcement.subject)
    inbox = signed_in(user).get(reverse("announcements:inbox")).content.decode()
    assert all(subject in inbox for subject in subjects)
