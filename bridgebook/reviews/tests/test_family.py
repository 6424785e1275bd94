"""The family's side of a child's annual review: the review page in plain words, answering
the invitation, giving views (words, pictures, voice), and who may hear a recording.

Amira's mother Layla (Arabic, needs an interpreter) and her father Omar live apart: each is
invited in their own household and neither learns about the other's through the review.
Her stepfather Rex is under a court order and learns nothing.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.tests.queries import FAMILY_FRAME
from bridgebook.reviews import actions, views_family
from bridgebook.reviews.actions import Professional
from bridgebook.reviews.models import Contribution, Invitee, Review

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)         # a Monday
MEETING = datetime.datetime(2026, 3, 17, 10, 0, tzinfo=LONDON)     # two weeks on, Tuesday
# The first bytes of recordings as browsers' recorders write them.
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 200
OGG = b"OggS\x00\x02" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50
SWIMMING, BUS, TRAMPOLINE = "1F3CA", "1F68C", "1F938"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def book(world, *, contacts=None, professionals=None) -> Review:
    if contacts is None:
        contacts = [world.parent_contact, world.separated_contact]
    if professionals is None:
        professionals = [
            Professional(kind=Invitee.Kind.HEAD, name="Pat Principal", role="Head teacher",
                         user_id=world.principal.pk),
            Professional(kind=Invitee.Kind.HEALTH, name="Nia Nurse", role="School nurse",
                         email="nia@nhs.example"),
        ]
    return actions.do_book(acting_user=world.senco, pupil=world.pupil, meets_at=MEETING,
                           place="The meeting room at Mapledown", interpreter_language="ar",
                           contacts=contacts, professionals=professionals)


@pytest.fixture
def review(world) -> Review:
    return book(world)


def hold(world, review, day=datetime.date(2026, 3, 17)) -> Review:
    """The meeting recorded that evening (then back to the test's day)."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(18), tzinfo=LONDON),
                             tick=False):
        return actions.do_record_meeting(acting_user=world.senco, review=review,
                                         held_on=day, attendance={}, family_views="",
                                         pupil_views="", agreed_changes="", progress={})


def page(user, review) -> str:
    response = signed_in(user).get(reverse("reviews:review", args=[review.pk]))
    assert response.status_code == 200
    return response.content.decode()


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def queries_of(client, url) -> list[str]:
    """The SQL of one request, for a failure to show what changed."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"][:200] for query in queries.captured_queries]


def upload(data: bytes, name="views.webm", content_type="audio/webm"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def views_url(review) -> str:
    return reverse("reviews:give_views", args=[review.pk])


def answer_url(review) -> str:
    return reverse("reviews:answer", args=[review.pk])


def give(world, review, user=None, **data) -> Contribution:
    """Views given through the page; returns the one saved."""
    before = set(Contribution.objects.values_list("pk", flat=True))
    response = signed_in(user or world.parent).post(views_url(review), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Contribution.objects.exclude(pk__in=before).get()


# The review page ---------------------------------------------------------------------------

def test_layla_reads_when_where_the_interpreter_and_her_own_answer_link(world, review):
    html = page(world.parent, review)
    assert "Tuesday 17 March 2026 at 10:00" in html
    assert "The meeting room at Mapledown" in html
    assert "An interpreter for Arabic will be there." in html
    assert answer_url(review) in html
    assert "Tell us if the time suits you." in html
    # Who is coming: Layla herself and everyone who is not family, with their role.
    assert "Layla Hassan" in html and "Pat Principal" in html and "Head teacher" in html
    assert "Nia Nurse" in html and "School nurse" in html
    # The papers are not out yet, and what happens next says when they will be.
    assert "The school will send you the papers by 3 March 2026. Read them before the " \
           "meeting." in html
    assert "the school will send you a report by 31 March 2026" in html
    assert views_url(review) in html


def test_a_separated_parent_learns_nothing_of_the_other_household(world, review):
    layla = page(world.parent, review)
    assert "Omar" not in layla and "omar@" not in layla
    omar = page(world.separated_parent, review)
    assert "Layla" not in omar and "layla@" not in omar
    assert "Omar Hassan" in omar and answer_url(review) in omar
    assert "Pat Principal" in omar


@pytest.mark.parametrize("persona", ["restricted_parent", "outsider", "other_teacher",
                                     "other_school_staff"])
def test_who_may_not_see_amira_gets_404_everywhere(world, review, persona):
    client = signed_in(getattr(world, persona))
    for url in (reverse("reviews:review", args=[review.pk]), answer_url(review),
                views_url(review)):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_the_page_renders_for_the_family_when_called_directly(world, review):
    request = RequestFactory().get("/")
    request.user = world.parent
    response = views_family.family_review(request, review)
    assert response.status_code == 200
    assert "Omar" not in response.content.decode()


# Answering the invitation ------------------------------------------------------------------

def test_layla_asks_for_another_time_and_staff_see_it(world, review):
    client = signed_in(world.parent)
    form = client.get(answer_url(review))
    assert form.status_code == 200
    assert "Does the time suit you?" in form.content.decode()
    response = client.post(answer_url(review), {"suits": "no",
                                                "proposed_times": "Tuesday or Thursday "
                                                                  "after 2pm"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:review", args=[review.pk])
    invitee = Invitee.objects.get(review=review, contact=world.parent_contact)
    assert invitee.answer == Invitee.Answer.OTHER_TIME
    assert invitee.proposed_times == "Tuesday or Thursday after 2pm"
    assert invitee.answered_at is not None
    # Omar's answer is his own, untouched.
    assert Invitee.objects.get(review=review, contact=world.separated_contact).answer == ""
    assert "Tuesday or Thursday after 2pm" in page(world.senco, review)
    html = page(world.parent, review)
    assert "You asked for another time" in html and "Change your answer" in html


def test_the_time_suits(world, review):
    response = signed_in(world.separated_parent).post(answer_url(review), {"suits": "yes"})
    assert response.status_code == 302
    invitee = Invitee.objects.get(review=review, contact=world.separated_contact)
    assert invitee.answer == Invitee.Answer.SUITS and invitee.proposed_times == ""
    assert "The time suits you" in page(world.separated_parent, review)


def test_another_time_needs_the_times(world, review):
    response = signed_in(world.parent).post(answer_url(review), {"suits": "no",
                                                                 "proposed_times": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Tell us which days and times would suit you" in html
    assert 'href="#id_proposed_times"' in html
    assert Invitee.objects.get(review=review, contact=world.parent_contact).answer == ""


def test_only_a_parent_invited_answers(world):
    review = book(world, contacts=[world.parent_contact])
    # Omar sees the review but was not invited to it; staff do not answer for families.
    for user in (world.separated_parent, world.senco, world.class_teacher, world.office):
        assert signed_in(user).get(answer_url(review)).status_code == 403
        assert signed_in(user).post(answer_url(review), {"suits": "yes"}).status_code == 403


def test_after_the_meeting_answering_says_so_clearly(world, review):
    hold(world, review)
    client = signed_in(world.parent)
    shown = client.get(answer_url(review))
    assert shown.status_code == 200
    assert "The meeting has happened" in shown.content.decode()
    response = client.post(answer_url(review), {"suits": "yes"})
    assert response.status_code == 409
    assert "You cannot change your answer now" in response.content.decode()
    assert Invitee.objects.get(review=review, contact=world.parent_contact).answer == ""
    assert answer_url(review) not in page(world.parent, review)


# Views before the meeting ------------------------------------------------------------------

def test_layla_gives_her_views_in_words_pictures_and_her_voice(world, review):
    form = signed_in(world.parent).get(views_url(review) + "?who=family")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'accept="audio/*"' in html and "capture" in html
    assert reverse("diary:symbol", args=[SWIMMING]) in html and "swimming" in html
    contribution = give(world, review, who="family", text="Amira loves the swimming pool",
                        likes=[SWIMMING], dislikes=[BUS], recording=upload(WEBM))
    assert contribution.who == Contribution.Who.FAMILY
    assert contribution.from_family and contribution.author == world.parent
    assert contribution.household_id == world.parent_contact.household_id
    assert contribution.likes == [SWIMMING] and contribution.dislikes == [BUS]
    assert contribution.content_type == "audio/webm" and contribution.extension == "webm"
    shown = page(world.parent, review)
    assert "What you think" in shown and "Amira loves the swimming pool" in shown
    assert reverse("diary:symbol", args=[SWIMMING]) in shown and "swimming" in shown
    assert "bus" in shown
    assert reverse("reviews:recording", args=[contribution.token]) in shown


def test_what_my_child_thinks_with_pictures_only(world, review):
    contribution = give(world, review, who="pupil", likes=[TRAMPOLINE])
    assert contribution.who == Contribution.Who.PUPIL and contribution.text == ""
    assert "What Amira thinks" in page(world.parent, review)


def test_views_need_something(world, review):
    response = signed_in(world.parent).post(views_url(review), {"who": "family"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write something, choose some pictures or record your views" in html
    assert 'href="#id_text"' in html
    assert not Contribution.objects.exists()


def test_a_file_that_is_not_a_recording_is_refused_and_nothing_typed_is_lost(world, review):
    earlier = give(world, review, who="family", text="Written before")
    response = signed_in(world.parent).post(views_url(review), {
        "who": "family", "text": "What I typed", "likes": [SWIMMING],
        "recording": upload(PNG, "photo.webm")})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The file must be a sound recording" in html
    assert 'href="#id_recording"' in html
    assert "What I typed" in html
    assert f'value="{SWIMMING}" checked' in html
    # Nothing new is saved, and what was saved before is still there.
    assert list(Contribution.objects.all()) == [earlier]


def test_an_ogg_recording_is_kept(world, review):
    contribution = give(world, review, who="pupil",
                        recording=upload(OGG, "views.ogg", "audio/ogg"))
    assert contribution.content_type == "audio/ogg"


def test_a_household_s_views_are_its_own_but_staff_read_them(world, review):
    contribution = give(world, review, who="family", text="Only for our household",
                        recording=upload(WEBM))
    url = reverse("reviews:recording", args=[contribution.token])
    played = signed_in(world.parent).get(url)
    assert played.status_code == 200
    assert played["Content-Type"] == "audio/webm"
    assert played["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in played["Cache-Control"] and "private" in played["Cache-Control"]
    assert b"".join(played.streaming_content).startswith(WEBM[:4])
    for user in (world.separated_parent, world.restricted_parent, world.outsider,
                 world.other_teacher, world.other_school_staff):
        assert signed_in(user).get(url).status_code == 404
    for user in (world.senco, world.class_teacher, world.principal):
        assert signed_in(user).get(url).status_code == 200
    assert "Only for our household" not in page(world.separated_parent, review)
    assert "Only for our household" in page(world.senco, review)


def test_a_contribution_without_a_recording_plays_nothing(world, review):
    contribution = give(world, review, who="family", text="Words only")
    url = reverse("reviews:recording", args=[contribution.token])
    assert signed_in(world.parent).get(url).status_code == 404
    assert signed_in(world.parent).get(
        reverse("reviews:recording", args=["no-such-token"])).status_code == 404


def test_the_office_may_not_give_views(world, review):
    client = signed_in(world.office)
    assert client.get(views_url(review)).status_code == 403
    assert client.post(views_url(review), {"who": "pupil", "text": "x"}).status_code == 403


def test_the_class_teacher_writes_down_amira_s_views_for_every_household(world, review):
    form = signed_in(world.class_teacher).get(views_url(review))
    assert form.status_code == 200
    html = form.content.decode()
    assert "What Amira thinks" in html and "What I think" not in html
    # Staff record the child's views, whatever the form is sent with.
    contribution = give(world, review, user=world.class_teacher, who="family",
                        text="I like the trampoline", likes=[TRAMPOLINE])
    assert contribution.who == Contribution.Who.PUPIL
    assert not contribution.from_family and contribution.household_id is None
    for parent in (world.parent, world.separated_parent):
        shown = page(parent, review)
        assert "I like the trampoline" in shown and "written down by the school" in shown


def test_views_are_given_before_the_meeting(world, review):
    hold(world, review)
    client = signed_in(world.parent)
    assert "The meeting has happened" in client.get(views_url(review)).content.decode()
    response = client.post(views_url(review), {"who": "family", "text": "Late"})
    assert response.status_code == 409
    assert not Contribution.objects.exists()


# What happens next -------------------------------------------------------------------------

def test_after_the_meeting_the_family_reads_when_the_report_comes(world, review):
    hold(world, review)
    html = page(world.parent, review)
    assert "The meeting was on 17 March 2026." in html
    assert "The school will send you a report of the meeting by 31 March 2026." in html
    assert "Then the local authority will decide by 14 April 2026" in html


def test_the_report_shows_once_it_is_sent_with_the_new_targets(world, review):
    hold(world, review)
    actions.do_write_report(acting_user=world.senco, review=review,
                            report="Amira has made good progress with her talking.",
                            recommendation=Review.Decision.KEEP)
    assert "made good progress" not in page(world.parent, review)
    actions.do_make_targets(acting_user=world.senco, review=review)
    actions.do_send_report(acting_user=world.senco, review=review,
                           report_pdf=b"%PDF-1.4\n%%EOF\n")
    html = page(world.parent, review)
    assert "The report of the meeting" in html
    assert "Amira has made good progress with her talking." in html
    assert 'data-target="report-' in html    # read aloud
    assert reverse("targets:pupil", args=[world.pupil.pk]) in html
    assert "The school sent you the report of the meeting on 2 March 2026." in html


@pytest.mark.parametrize(("stage", "fields", "expected"), [
    ("decided", {"decision": "amend", "amendment_proposed_on": datetime.date(2026, 4, 1)},
     ["Tell them what you think by 16 April 2026.",
      "They will send you the final plan by 27 May 2026."]),
    ("finished", {"decision": "keep"},
     ["decided to keep Amira’s plan as it is", "The next review is due by 17 March 2027."]),
    ("cancelled", {}, ["This meeting was cancelled."]),
])
def test_what_happens_next_at_each_stage(world, review, stage, fields, expected):
    Review.objects.filter(pk=review.pk).update(stage=stage, held_on=datetime.date(2026, 3, 17),
                                               **fields)
    review.refresh_from_db()
    steps = " ".join(views_family.next_steps(review))
    for text in expected:
        assert text in steps


def test_once_the_papers_are_out_the_family_reads_them(world, review):
    actions.do_circulate(acting_user=world.senco, review=review,
                         summary_pdf=b"%PDF-1.4\n%%EOF\n")
    html = page(world.parent, review)
    assert "The papers for the meeting are ready." in html
    assert reverse("reviews:summary", args=[review.pk]) in html
    paper = review.papers.get()
    assert reverse("reviews:paper", args=[paper.pk]) in html


# The child's Annual review tab -------------------------------------------------------------

def test_the_family_tab_says_what_a_review_is_and_when_the_next_is_due(world, review):
    actions.do_save_record(acting_user=world.senco, pupil=world.pupil, data={
        "local_authority": None, "plan_issued_on": datetime.date(2025, 4, 1),
        "last_review_on": None, "transfer": ""})
    actions.do_cancel(acting_user=world.senco, review=review)
    booked = book(world)
    response = signed_in(world.parent).get(reverse("reviews:pupil", args=[world.pupil.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What is an annual review?" in html
    assert "The next review is due by 1 April 2026." in html
    assert reverse("reviews:review", args=[booked.pk]) in html
    assert reverse("reviews:review", args=[review.pk]) not in html     # cancelled


# Queries -----------------------------------------------------------------------------------

def test_the_family_page_costs_the_same_for_one_invitee_or_many(world,
                                                                django_assert_num_queries):
    review = book(world, contacts=[world.parent_contact], professionals=[])
    actions.do_circulate(acting_user=world.senco, review=review,
                         summary_pdf=b"%PDF-1.4\n%%EOF\n")
    give(world, review, who="family", text="One", likes=[SWIMMING], recording=upload(WEBM))
    url = reverse("reviews:review", args=[review.pk])
    client = signed_in(world.parent)
    # The frame; the review (access_review); its invitees; the papers the family may open;
    # the views they may read.
    with django_assert_num_queries(FAMILY_FRAME + 4):
        assert client.get(url).status_code == 200
    actions.do_invite(acting_user=world.senco, review=review, contact=world.separated_contact)
    for i in range(4):
        actions.do_invite(acting_user=world.senco, review=review, professional=Professional(
            kind=Invitee.Kind.OTHER, name=f"Pro {i}", role="Physiotherapist"))
        give(world, review, who="pupil", text=f"More {i}", likes=[SWIMMING, BUS],
             recording=upload(WEBM))
    give(world, review, user=world.class_teacher, who="pupil", text="From school")
    with django_assert_num_queries(FAMILY_FRAME + 4):
        assert client.get(url).status_code == 200


def test_the_family_page_costs_the_same_in_another_language(world, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}   # Layla reads Arabic
    # One of each kind of text the page translates for her, then more of each: what is
    # translated costs the same however much of it there is.
    review = book(world, contacts=[world.parent_contact], professionals=[Professional(
        kind=Invitee.Kind.OTHER, name="Pro", role="Occupational therapist")])
    give(world, review, who="family", text="One")
    url = reverse("reviews:review", args=[review.pk])
    client = signed_in(world.parent)
    client.get(url)                                 # the translations are kept
    small = queries_of(client, url)
    for i in range(4):
        actions.do_invite(acting_user=world.senco, review=review, professional=Professional(
            kind=Invitee.Kind.OTHER, name=f"Pro {i}", role="Physiotherapist"))
        give(world, review, who="pupil", text=f"More {i}")
    client.get(url)
    many = queries_of(client, url)
    assert len(many) == len(small), "\n".join(["before:", *small, "after:", *many])


def test_the_family_tab_costs_the_same_for_one_review_or_many(world,
                                                              django_assert_num_queries):
    first = book(world)
    hold(world, first, datetime.date(2025, 3, 17))
    url = reverse("reviews:pupil", args=[world.pupil.pk])
    client = signed_in(world.parent)
    # The frame; the pupil (access_reviews); the child's reviews; the review clock (the
    # plan's record, the reviews, their invitees).
    with django_assert_num_queries(FAMILY_FRAME + 5):
        assert client.get(url).status_code == 200
    for _i in range(3):
        Review.objects.filter(pk=first.pk).update(stage=Review.Stage.FINISHED)
        hold(world, book(world), datetime.date(2025, 3, 17))
    book(world)
    with django_assert_num_queries(FAMILY_FRAME + 5):
        assert client.get(url).status_code == 200
