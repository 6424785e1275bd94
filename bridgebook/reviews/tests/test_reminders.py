"""The daily reminder to those who run reviews: what is late and coming up, once a day."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command

from bridgebook.reviews.models import EhcpRecord, ReminderSent
from bridgebook.reviews.reminders import send_reminders
from bridgebook.reviews.tests.factories import review_for

TODAY = datetime.date(2026, 12, 2)


def test_the_senco_and_principal_hear_once_a_day_of_what_is_late_and_coming_up(world):
    for pupil in (world.pupil, world.pupil_b):
        type(pupil).objects.filter(pk=pupil.pk).update(has_ehcp=True)
    EhcpRecord.objects.create(pupil=world.pupil_b, last_review_on=datetime.date(2025, 11, 1))
    EhcpRecord.objects.create(pupil=world.pupil, last_review_on=datetime.date(2026, 1, 5))
    review_for(world.pupil, meets_at=datetime.datetime(2026, 12, 20, 10, 0),
               due_on=datetime.date(2027, 1, 5))
    assert send_reminders(TODAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["pat@mapledown.example",
                                                   "sam@mapledown.example"]
    body = mail.outbox[0].body
    assert "1 late, 1 coming up" in body
    assert "LATE: Ben Jones: Overdue: due by 1 November 2026" in body
    assert "Soon: Amira Hassan: The papers must go out by 6 December 2026 (in 4 days)." in body
    assert body.index("LATE:") < body.index("Soon:")
    # A second run the same day sends nothing; the next day's does.
    assert send_reminders(TODAY) == 0
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert ReminderSent.objects.filter(day=TODAY).count() == 2


def test_nothing_late_or_coming_up_sends_nothing(world):
    type(world.pupil).objects.filter(pk=world.pupil.pk).update(has_ehcp=True)
    EhcpRecord.objects.create(pupil=world.pupil, last_review_on=datetime.date(2026, 9, 1))
    assert send_reminders(TODAY) == 0
    assert mail.outbox == []
