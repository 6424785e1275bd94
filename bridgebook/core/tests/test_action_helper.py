"""``verify_action`` (actions.py) over an action of each app, and proof that it catches an
action that is not audited or that sends before its transaction commits."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction

from bridgebook.accounts import actions as account_actions
from bridgebook.announcements import actions as announcement_actions
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.core import actions as core_actions
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.diary import actions as diary_actions
from bridgebook.diary.models import Entry
from bridgebook.diary.tests.factories import EntryFactory
from bridgebook.imports import actions as import_actions
from bridgebook.imports.csv_reader import read_pupils_csv
from bridgebook.messaging import actions as messaging_actions
from bridgebook.messaging.backends.base import send_sms
from bridgebook.messaging.models import Message
from bridgebook.people import actions as people_actions
from bridgebook.people.models import Pupil
from bridgebook.translation import actions as translation_actions
from bridgebook.translation.models import ReviewRequest

Action = AuditEvent.Action
PUPILS_CSV = Path(__file__).resolve().parents[2] / "imports" / "tests" / "fixtures" / "pupils.csv"
# Tuesday 24 November 2026, 10:00 in London: inside everyone's default working hours, so
# email and text are sent on commit rather than held until the morning.
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _in_working_hours():
    with time_machine.travel(TUESDAY_10, tick=True):
        yield


# An action of each app -------------------------------------------------------------------

def test_people_create_and_change_a_pupil(world):
    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        pupil = people_actions.do_create_pupil(school=world.school, acting_user=world.office, data={
            "legal_first_name": "Zara", "legal_last_name": "Khan",
            "date_of_birth": datetime.date(2016, 2, 3), "school_class": world.class_a})
    assert [event.pupil_id for event in result.audit_events] == [pupil.pk]

    with verify_action(actor=world.senco, event_type=Action.UPDATE) as result:
        people_actions.do_update_pupil(pupil=pupil, acting_user=world.senco,
                                       data={"legal_first_name": "Zahra"})
    assert result.audit_events[0].changes == {"legal_first_name": ["Zara", "Zahra"]}


def test_core_add_a_lesson(world):
    with verify_action(actor=world.principal, event_type=Action.CREATE):
        core_actions.do_add_lessons(school=world.school, acting_user=world.principal,
                                    weekdays=[0, 2], name="Swimming",
                                    starts_at=datetime.time(10), ends_at=datetime.time(11))


def test_diary_publish_an_entry_announces_it_on_commit(world):
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        entry = diary_actions.do_create_entry(
            pupil=world.pupil, author=world.class_teacher, origin=Entry.Origin.SCHOOL,
            date=TUESDAY_10.date(), data={"note": "Swam a width."}, publish=True)
    assert entry.is_published
    assert result.callbacks  # the announcement of the entry waited for the commit


def test_diary_a_parent_replies(world):
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    with verify_action(actor=world.parent, event_type=Action.CREATE):
        diary_actions.do_reply(entry=entry, author=world.parent, text="Thank you!")


def test_messaging_staff_start_a_conversation_and_the_email_goes_on_commit(world):
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        started = messaging_actions.do_start_conversation(
            pupil=world.pupil, author=world.class_teacher, subject="Swimming",
            body="Please bring a towel on Friday.", contact_ids=[world.parent_contact.pk])
    assert Message.objects.filter(source_id=started.pk, contact=world.parent_contact).exists()
    assert result.sent_on_commit


def test_messaging_a_parent_replies_in_a_conversation(world):
    started = messaging_actions.do_start_conversation(
        pupil=world.pupil, author=world.class_teacher, subject="Swimming",
        body="Please bring a towel.", contact_ids=[world.parent_contact.pk])
    with verify_action(actor=world.parent, event_type=Action.CREATE):
        messaging_actions.do_reply(conversation=started.conversation, author=world.parent,
                               body="Of course.")


def test_messaging_the_school_settings(world):
    with verify_action(actor=world.principal):
        messaging_actions.do_set_school_messaging_settings(
            school=world.school, acting_user=world.principal, fallback_sms_after_hours=0,
            hours={0: (datetime.time(8), datetime.time(16))})


def test_announcements_send_and_the_emails_go_on_commit(world):
    announcement = AnnouncementFactory(school=world.school, author=world.office)
    with verify_action(actor=world.office, event_type=Action.UPDATE) as result:
        sent = announcement_actions.do_send(announcement=announcement,
                                            acting_user=world.office)
    assert sent >= 2
    assert result.sent_on_commit


def test_accounts_invite_a_contact_and_the_email_goes_on_commit(world):
    with verify_action(actor=world.office, event_type=Action.INVITE) as result:
        channel = account_actions.do_invite_contact(contact=world.parent_contact,
                                                    acting_user=world.office)
    assert channel == "email"
    assert result.sent_on_commit.emails == 1
    assert mail.outbox[-1].to == [world.parent_contact.email]


def test_accounts_a_restricted_address_asking_to_sign_in_is_refused_by_nobody(world):
    with verify_action(actor=None, event_type=Action.REFUSE) as result:
        account_actions.do_request_family_sign_in(address=world.restricted_contact.email)
    assert not result.callbacks and not result.sent_on_commit


def test_translation_approve_a_review(world):
    review = ReviewRequest.objects.create(school=world.school, language="ar", ref="test:1",
                                          source_text="Sports day", source_language="en")
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        translation_actions.do_approve_review(review=review, acting_user=world.principal,
                                              text="يوم الرياضة")
    assert result.callbacks  # review_approved is sent once it is committed


def test_imports_import_a_file(world):
    parsed = read_pupils_csv(PUPILS_CSV.read_bytes())
    with verify_action(actor=world.office, event_type=Action.UPDATE):
        run = import_actions.do_import(school=world.school, parsed=parsed,
                                       acting_user=world.office, filename="pupils.csv")
    assert run.status == run.Status.COMMITTED


# Actions that once wrote no audit row -------------------------------------------------------

def test_imports_remember_the_columns(world):
    with verify_action(actor=world.office):
        import_actions.do_save_column_mapping(school=world.school, file_kind="pupils",
                                              mapping={"upn": "UPN"}, acting_user=world.office)


def test_messaging_a_family_chooses_book_notifications(world):
    with verify_action(actor=world.parent):
        messaging_actions.do_set_book_preferences(contact_ids=[world.parent_contact.pk],
                                              book="instant", acting_user=world.parent)


# The helper catches what is wrong ---------------------------------------------------------

def _rename(pupil, name: str) -> None:
    pupil.legal_first_name = name
    pupil.save(update_fields=["legal_first_name"])


def test_an_action_without_an_audit_event_fails(world):
    with pytest.raises(AssertionError, match="wrote no audit event"):
        with verify_action(actor=world.office):
            _rename(world.pupil, "Amina")


def test_an_audit_event_by_someone_else_or_of_another_type_fails(world):
    def rename_audited():
        _rename(world.pupil, "Amina")
        audit.record(actor=world.principal, action=Action.UPDATE, obj=world.pupil,
                     summary="Renamed")

    with pytest.raises(AssertionError, match="no audit event by Olive Office"):
        with verify_action(actor=world.office):
            rename_audited()
    with pytest.raises(AssertionError, match="of type 'create'"):
        with verify_action(actor=world.principal, event_type=Action.CREATE):
            rename_audited()


def test_an_action_that_emails_inside_its_transaction_fails(world):
    with pytest.raises(AssertionError, match="before its transaction committed"):
        with verify_action(actor=world.office):
            with transaction.atomic():
                audit.record(actor=world.office, action=Action.UPDATE, obj=world.pupil,
                             summary="Told the family")
                send_mail("Hello", "Amira had a good day.", None, [world.parent_contact.email])


def test_an_action_that_texts_inside_its_transaction_fails(world):
    with pytest.raises(AssertionError, match="before its transaction committed"):
        with verify_action(actor=world.office):
            audit.record(actor=world.office, action=Action.UPDATE, obj=world.pupil,
                         summary="Texted the family")
            send_sms(to=world.parent_contact.mobile, body="Amira had a good day.")


def test_an_action_that_emails_on_commit_passes_and_the_email_goes_after(world):
    def tell_family():
        audit.record(actor=world.office, action=Action.UPDATE, obj=world.pupil,
                     summary="Told the family")
        transaction.on_commit(lambda: send_mail("Hello", "Amira had a good day.", None,
                                                [world.parent_contact.email]))

    with verify_action(actor=world.office, event_type=Action.UPDATE, execute=False) as held:
        tell_family()
    assert len(held.callbacks) == 1 and not held.sent_on_commit   # not run: nothing sent

    with verify_action(actor=world.office) as result:
        tell_family()
    assert result.sent_in_transaction.emails == 0
    assert result.sent_on_commit.emails == 1
    assert [event.summary for event in result.audit_events] == ["Told the family"]


def test_an_error_in_the_action_is_raised_as_it_is(world):
    with pytest.raises(Pupil.DoesNotExist):
        with verify_action(actor=world.office):
            Pupil.objects.get(pk=0)
