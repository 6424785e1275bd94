"""The demo, with dates frozen: the SENCO sees Amira's review due next month and one overdue
at Oakleigh; books Amira's review with an Arabic interpreter; the papers go out 16 days
before; Layla opens them on her phone in Arabic and records her views by voice; Omar, who
lives apart, has his own invitation; the meeting turns two new priorities into targets; the
report goes out on day 10; the compliance page shows it on time and lists the overdue one.
"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import User
from bridgebook.core.tests.factories import UserFactory
from bridgebook.messaging.models import Message
from bridgebook.people.models import Contact, Pupil
from bridgebook.reviews.models import (
    REVIEW_NOTICE,
    Contribution,
    Invitee,
    PaperOpening,
    Review,
)
from bridgebook.reviews.tests.factories import PDF_BYTES
from bridgebook.targets.models import Target

LONDON = ZoneInfo("Europe/London")
SEEDED = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)        # a Wednesday
MEETING = datetime.date(2027, 1, 12)
OGG = b"OggS\x00\x02" + b"\x00" * 200


def on(day: datetime.date, hour: int = 10):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour),
                                                         tzinfo=LONDON), tick=False)


@pytest.fixture
def demo(db, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    with time_machine.travel(SEEDED, tick=False):
        call_command("seed_demo", "--quiet", stdout=StringIO())


def family_user(first: str) -> User:
    contact = Contact.objects.get(first_name=first, last_name="Hassan")
    if contact.user is None:
        contact.user = UserFactory(email=contact.email or f"{first.lower()}@demo.example",
                                   full_name=contact.full_name)
        contact.save(update_fields=["user"])
    return contact.user


def page(client, name, *args, **kwargs) -> str:
    response = client.get(reverse(name, args=args), **kwargs)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def test_amiras_review_from_the_calendar_to_the_compliance_page(demo, settings,
                                                               django_capture_on_commit_callbacks):
    amira = Pupil.objects.get(legal_first_name="Amira", legal_last_name="Hassan")
    mapledown, oakleigh = amira.school, Pupil.objects.get(
        school__name="Oakleigh School", ehcp_record__last_review_on__lt=datetime.date(
            2025, 12, 2)).school
    rachel = User.objects.get(full_name="Rachel Moore")

    with time_machine.travel(SEEDED, tick=False):
        senco = signed_in(rachel)
        # Amira is due next month; one pupil at Oakleigh is overdue.
        calendar = page(senco, "reviews:calendar", mapledown.urn)
        january = calendar.split("January 2027")[2]
        assert "Amira" in january.split("</table>")[0]
        overdue = page(senco, "reviews:calendar", oakleigh.urn)
        late = overdue.split('id="late"')[1].split("</table>")[0]
        assert late.count("<th scope=\"row\"") == 1
        assert "Overdue: due by" in late
        # Booked with an Arabic interpreter; each parent invited on their own.
        form = page(senco, "reviews:book", amira.pk)
        assert 'value="ar" selected' in form
        layla_contact = Contact.objects.get(first_name="Layla", last_name="Hassan")
        omar_contact = Contact.objects.get(first_name="Omar", last_name="Hassan")
        with django_capture_on_commit_callbacks(execute=True):
            response = senco.post(reverse("reviews:book", args=[amira.pk]), {
                "day_day": "12", "day_month": "1", "day_year": "2027", "time": "14:00",
                "place": "Willow classroom", "interpreter_language": "ar",
                "interpreter_name": "Language Line", "contacts": [layla_contact.pk,
                                                                  omar_contact.pk],
                "professionals": ["0", "1"]})
        assert response.status_code == 302, response.content.decode()[:3000]
    review = Review.objects.get(pupil=amira, stage=Review.Stage.BOOKED)
    assert review.interpreter_language == "ar"
    assert review.due_on == datetime.date(2027, 1, 15)
    invitations = Message.objects.filter(
        kind=REVIEW_NOTICE, source_id=review.notices.get(what="invitation").pk)
    assert set(invitations.values_list("contact_id", flat=True)) == {layla_contact.pk,
                                                                     omar_contact.pk}

    # The papers go out 16 days before the meeting.
    with on(datetime.date(2026, 12, 27)):
        senco = signed_in(rachel)     # signed in again: a session lasts days, not weeks
        added = senco.post(reverse("reviews:paper_add", args=[review.pk]), {
            "title": "Speech and language therapy advice", "author_name": "Imogen Hale",
            "author_role": "Speech and language therapist", "received_on_day": "20",
            "received_on_month": "12", "received_on_year": "2026",
            "file": SimpleUploadedFile("advice.pdf", PDF_BYTES, "application/pdf")})
        assert added.status_code == 302, added.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            sent = senco.post(reverse("reviews:circulate", args=[review.pk]), follow=True)
        assert "The papers have gone to everyone invited." in sent.content.decode()
    review.refresh_from_db()
    assert (MEETING - review.pack_circulated_at.date()).days == 16

    # Layla opens them on her phone in Arabic and records her views by voice.
    with on(datetime.date(2026, 12, 28), 20):
        layla = signed_in(family_user("Layla"), interface_language="ar")
        mine = page(layla, "reviews:review", review.pk)
        assert 'lang="ar"' in mine
        assert "ماذا سيحدث بعد ذلك" in mine               # "What happens next", in Arabic
        assert "Omar" not in mine
        # The pack's papers, the school's summary among them, by titles machine translated
        # into Arabic that say so, with the English after them.
        for title in ("Speech and language therapy advice", "Summary of Amira&#x27;s year"):
            assert f'<span lang="ar" dir="rtl">[ar] {title}</span>' in mine
            assert f'ترجمة آلية: </span>({title})' in mine     # "Machine translation"
        summary = page(layla, "reviews:summary", review.pk)
        assert '<html lang="ar" dir="rtl"' in summary
        response = layla.post(reverse("reviews:give_views", args=[review.pk]), {
            "who": "family", "text": "",
            "recording": SimpleUploadedFile("views.ogg", OGG, "audio/ogg")})
        assert response.status_code == 302
    assert PaperOpening.objects.filter(paper__review=review, user__full_name="Layla Hassan"
                                       ).exists()
    views = Contribution.objects.get(review=review)
    assert views.recording and views.household_id == layla_contact.household_id

    # Omar, who lives apart, has his own invitation and sees his own page, not Layla's views.
    with on(datetime.date(2026, 12, 28), 21):
        omar = signed_in(family_user("Omar"))
        his = page(omar, "reviews:review", review.pk)
        assert "Layla" not in his
        assert omar.get(reverse("reviews:recording", args=[views.token])).status_code == 404
    assert invitations.filter(contact=omar_contact).count() == 1

    # The meeting turns two new priorities into targets.
    with on(MEETING, 16):
        senco = signed_in(rachel)
        invitees = {invitee.pk: "attended" for invitee in review.invitees.all()}
        senco.post(reverse("reviews:meeting", args=[review.pk]), {
            "held_on_day": "12", "held_on_month": "1", "held_on_year": "2027",
            "family_views": "Amira is sleeping better", "pupil_views": "Likes swimming",
            "agreed_changes": "Add signing at home",
            **{f"came_{pk}": value for pk, value in invitees.items()}})
        for text, area in [("Amira will sign 'finished' to end an activity", "communication"),
                           ("Amira will wait for her turn in a group of three", "semh")]:
            senco.post(reverse("reviews:priorities", args=[review.pk]),
                       {"area": area, "text": text})
        with django_capture_on_commit_callbacks(execute=True):
            senco.post(reverse("reviews:make_targets", args=[review.pk]))
    made = Target.objects.filter(pupil=amira, outcome__plan__is_current=True)
    assert set(made.values_list("text", flat=True)) == {
        "Amira will sign 'finished' to end an activity",
        "Amira will wait for her turn in a group of three"}

    # The report goes out on day 10.
    with on(MEETING + datetime.timedelta(days=10)):
        senco, layla = signed_in(rachel), signed_in(family_user("Layla"))
        senco.post(reverse("reviews:report", args=[review.pk]), {
            "report": "Amira has had a good year.", "recommendation": "amend"})
        with django_capture_on_commit_callbacks(execute=True):
            senco.post(reverse("reviews:send_report", args=[review.pk]))
        review.refresh_from_db()
        assert review.stage == Review.Stage.REPORTED
        assert Message.objects.filter(kind=REVIEW_NOTICE, contact=layla_contact).count() == 3
        report = page(layla, "reviews:review", review.pk)
        assert ('<div class="bb-translated" lang="ar" dir="rtl">[ar] Amira has had a good '
                'year.</div>') in report

        # The compliance page: Amira's review on time; the overdue one at Oakleigh listed.
        figures = page(senco, "reviews:compliance")
    assert Invitee.objects.filter(review=review, attendance="attended").count() == 4
    mapledown_row = figures.split("The whole school")[1].split("</tr>")[0]
    # Amira's and Zofia's reviews: held in time, papers out and reports sent on time.
    assert mapledown_row.count("2 of 2 (100%)") == 3
    missed = figures.split('id="missed"')[1]
    assert "Amira" not in missed
    assert "overdue since" in missed and "Oakleigh School" in missed
