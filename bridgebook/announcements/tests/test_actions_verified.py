"""Announcements' actions run through ``verify_action``: a draft written and changed, a held
language released (checked, or without the check), an important one's checked text
replacing what was sent, and letters printed. Each is audited by the person who acted,
and email goes only once the transaction has committed."""

from django.test import TestCase

from bridgebook.announcements import actions
from bridgebook.announcements.models import (
    Announcement,
    HeldLanguage,
    LanguageCheck,
    LetterBatch,
    review_ref,
)
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Delivery, Message
from bridgebook.translation.actions import do_approve_review
from bridgebook.translation.models import ReviewRequest

Action = AuditEvent.Action
LOCAL = {"BACKEND": "local", "OPTIONS": {}}
SUBJECT_AR = "يوم الرياضة"
BODY_AR = "يوم الرياضة يوم الجمعة. يرجى إرسال قبعة."


def _approve_without_releasing(announcement, reviewer):
    """Both Arabic reviews approved, without the release the approval schedules on commit
    (so the test runs the release itself)."""
    for part, text in (("subject", SUBJECT_AR), ("body", BODY_AR)):
        review = ReviewRequest.objects.get(ref=review_ref(announcement.pk, part), language="ar")
        with TestCase.captureOnCommitCallbacks(execute=False):
            do_approve_review(review=review, acting_user=reviewer, text=text)


def _layla(world, announcement) -> Message:
    return Message.objects.get(kind="announcement", source_id=announcement.pk,
                               contact=world.parent_contact)


def test_writing_and_changing_a_draft(world):
    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        announcement = actions.do_save_draft(
            school=world.school, acting_user=world.office,
            data={"subject": "Trip", "body": "The farm trip is on Friday.",
                  "audience": Announcement.Audience.CLASSES, "classes": [world.class_a]})
    assert result.audit_events[-1].summary == "Wrote a draft announcement: Trip"
    assert list(announcement.classes.all()) == [world.class_a]
    assert not result.callbacks                    # a draft goes to nobody

    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_save_draft(school=world.school, acting_user=world.principal,
                              announcement=announcement, data={"subject": "Farm trip"})
    assert Announcement.objects.get(pk=announcement.pk).subject == "Farm trip"


def test_a_checked_translation_releases_the_held_language_once(world, eal_teacher, mailoutbox):
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       wait_for_check=True)
    actions.do_send(announcement=announcement, acting_user=world.office)
    _approve_without_releasing(announcement, eal_teacher)
    with verify_action(actor=eal_teacher, event_type=Action.UPDATE) as result:
        assert actions.do_use_checked_translation(announcement=announcement, language="ar",
                                                  acting_user=eal_teacher) == 1
    assert "checked translation" in result.audit_events[-1].summary
    assert _layla(world, announcement).subject == SUBJECT_AR
    assert result.sent_on_commit.emails == 1
    assert [mail.to for mail in mailoutbox] == [["layla@family.example"]]


def test_the_sender_releases_a_held_language_without_the_check(world, settings):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       wait_for_check=True)
    actions.do_send(announcement=announcement, acting_user=world.office)
    with verify_action(actor=world.office, event_type=Action.UPDATE) as result:
        assert actions.do_release_language(announcement=announcement, language="ar",
                                           acting_user=world.office, unchecked=True) == 1
    assert "without the translation check" in result.audit_events[-1].summary
    assert HeldLanguage.objects.get(announcement=announcement).status == (
        HeldLanguage.Status.UNCHECKED)
    assert result.sent_on_commit.emails == 1


def test_the_checked_text_replaces_an_important_announcements_machine_translation(
        world, eal_teacher, settings):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    announcement = AnnouncementFactory(school=world.school, author=world.office, important=True)
    actions.do_send(announcement=announcement, acting_user=world.office)
    _approve_without_releasing(announcement, eal_teacher)
    with verify_action(actor=eal_teacher, event_type=Action.UPDATE) as result:
        assert actions.do_replace_with_checked(announcement=announcement, language="ar",
                                               acting_user=eal_teacher) == 1
    assert result.audit_events[-1].changes["replaced"] == 1
    assert _layla(world, announcement).subject == SUBJECT_AR
    assert LanguageCheck.objects.get(announcement=announcement, language="ar").status == (
        LanguageCheck.Status.CHECKED)
    # The machine translation differed, so Layla is told, by email once it has committed.
    assert result.sent_on_commit.emails == 1


def test_printing_the_queued_letters(world):
    for contact in (world.parent_contact, world.separated_contact):
        contact.preferred_channels = ["letter"]
        contact.save(update_fields=["preferred_channels"])
    announcement = AnnouncementFactory(school=world.school, author=world.office)
    actions.do_send(announcement=announcement, acting_user=world.office)
    with verify_action(actor=world.office, event_type=Action.EXPORT) as result:
        batch = actions.do_print_letters(school=world.school, acting_user=world.office)
    assert (batch.letters, batch.households) == (2, 2)
    assert result.audit_events[-1].object_id == str(batch.pk)
    assert LetterBatch.objects.get(pk=batch.pk).pdf.name
    assert set(Delivery.objects.filter(channel="letter").values_list("status", flat=True)) == {
        Delivery.Status.SENT}
