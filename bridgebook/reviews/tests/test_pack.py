"""The review's pack: the papers a review keeps (PDFs only), the school's summary of the
pupil's year (what goes in, what stays out), its page and PDF, the report's PDF, and who
may open each paper, checked when it is read.

Neither pypdf nor pdftotext is installed, so what a PDF says is checked on the HTML that
WeasyPrint is given, and that the PDF is real by its header and the title in its
metadata (inside its compressed object stream).
"""

import datetime as dt
import re
import zlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import signed_in
from bridgebook.core import pdf
from bridgebook.core.tests.queries import FAMILY_FRAME, STAFF_FRAME
from bridgebook.diary.models import Entry
from bridgebook.diary.tests.factories import EntryFactory
from bridgebook.people.models import PupilContact
from bridgebook.questionnaires.models import (
    Answer,
    Kind,
    Question,
    QuestionnaireRequest,
    QuestionnaireRound,
    QuestionnaireTemplate,
    Topic,
)
from bridgebook.reviews import pack, papers
from bridgebook.reviews.models import (
    EhcpRecord,
    Invitee,
    OutcomeDiscussion,
    Paper,
    PaperOpening,
    Priority,
    Review,
)
from bridgebook.reviews.tests.factories import circulated, paper_for, review_for
from bridgebook.targets.models import Area, EngagementNote, Evidence, Plan, Progress, Target
from bridgebook.targets.tests.factories import outcome_for, target_for

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
MEETING = dt.date(2026, 3, 20)
LAST_REVIEW = dt.date(2025, 6, 2)
LOCAL = {"BACKEND": "local", "OPTIONS": {}}

HOUSEHOLD_OWN = "At home she asked for the swing with her card"
SHARED = "At the weekend she asked for the park with her card"
SCHOOL_NOTE = "Asked for juice at snack with her symbol card"
OUTCOME = "Will tell adults what she wants and needs"
TARGET = "Will ask for a snack with a symbol card"
PRIVATE_ANSWER = "She wakes at four most nights"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def pdf_metadata(content: bytes) -> bytes:
    """The PDF's object streams, unpacked: where WeasyPrint writes the title and author."""
    found = b""
    for match in re.finditer(rb"stream\r?\n", content):
        end = content.find(b"endstream", match.end())
        try:
            found += zlib.decompress(content[match.end():end])
        except zlib.error:
            continue   # a font or other binary stream
    return found


def home_evidence(world, target, note, *, contact, user, shared: bool, day: dt.date):
    evidence = Evidence.objects.create(
        pupil=world.pupil, source=Evidence.Source.HOME, from_family=True, author=user,
        household=contact.household, shared_with_all=shared, note=note, happened_on=day,
        language="en")
    evidence.targets.add(target)
    return evidence


def school_evidence(world, target, note, *, day: dt.date, source=Evidence.Source.SCHOOL,
                    **fields):
    evidence = Evidence.objects.create(
        pupil=world.pupil, source=source, author=world.class_teacher, note=note,
        happened_on=day, **fields)
    evidence.targets.add(target)
    return evidence


def answered(world, contact, *, name="Spring term baseline", on=dt.date(2026, 1, 12),
             text=PRIVATE_ANSWER) -> QuestionnaireRequest:
    template, _created = QuestionnaireTemplate.objects.get_or_create(
        school=world.school, name="Baseline")
    question = Question.objects.create(template=template, topic=Topic.SLEEP, kind=Kind.TEXT,
                                       text="How does your child sleep?")
    round_, _created = QuestionnaireRound.objects.get_or_create(
        school=world.school, template=template, name=name,
        defaults={"sent_on": on - dt.timedelta(days=5), "question_ids": [question.pk]})
    request = QuestionnaireRequest.objects.create(
        round=round_, pupil=world.pupil, contact=contact,
        status=QuestionnaireRequest.Status.SENT, answered=1,
        submitted_at=timezone.make_aware(dt.datetime.combine(on, dt.time(19, 30))))
    Answer.objects.create(request=request, question=question, text=text)
    return request


@pytest.fixture
def year(world):
    """Amira's year before her review of 20 March 2026 (the last one was on 2 June 2025):
    the book, a plan with progress and evidence from school and both homes, Engagement
    Model notes and a questionnaire, with things from before the period and hidden ones
    that must not count."""
    EhcpRecord.objects.create(pupil=world.pupil, last_review_on=LAST_REVIEW,
                              plan_issued_on=dt.date(2023, 9, 1))
    for day, mood in ((dt.date(2025, 9, 8), 4), (dt.date(2025, 9, 9), 5),
                      (dt.date(2026, 2, 2), 2)):
        EntryFactory(pupil=world.pupil, author=world.class_teacher, date=day, mood=mood)
    EntryFactory(pupil=world.pupil, author=world.class_teacher, date=dt.date(2025, 9, 9),
                 origin=Entry.Origin.PUPIL, note="")
    EntryFactory(pupil=world.pupil, author=world.parent, origin=Entry.Origin.HOME,
                 date=dt.date(2025, 9, 8), home_news="We went to the beach",
                 household=world.parent_contact.household, note="")
    # Not counted: before the period, a draft, a removed entry.
    EntryFactory(pupil=world.pupil, author=world.class_teacher, date=dt.date(2025, 5, 1))
    EntryFactory(pupil=world.pupil, author=world.class_teacher, date=dt.date(2025, 10, 1),
                 status=Entry.Status.DRAFT, published_at=None)
    EntryFactory(pupil=world.pupil, author=world.class_teacher, date=dt.date(2025, 10, 2),
                 deleted_at=NOW)

    plan = Plan.objects.create(pupil=world.pupil, title="2025 to 2026",
                               starts_on=dt.date(2025, 6, 2), engagement_model=True)
    outcome = outcome_for(world.pupil, text=OUTCOME)
    target = target_for(world.pupil, outcome=outcome, text=TARGET)
    achieved = target_for(world.pupil, outcome=outcome, text="Will wait for a turn",
                          status=Target.Status.ACHIEVED)
    outcome_for(world.pupil, area=Area.SENSORY, text="Will walk to the hall")
    Progress.objects.create(target=target, step=1, recorded_on=dt.date(2025, 5, 1))
    Progress.objects.create(target=target, step=2, recorded_on=dt.date(2025, 11, 3))
    Progress.objects.create(target=target, step=3, recorded_on=dt.date(2026, 2, 10))
    Progress.objects.create(target=achieved, step=4, recorded_on=dt.date(2026, 1, 5))

    school_evidence(world, target, SCHOOL_NOTE, day=dt.date(2026, 1, 10))
    school_evidence(world, target, "An older note", day=dt.date(2025, 10, 1))
    school_evidence(world, target, "Before the period", day=dt.date(2025, 4, 1))
    draft = EntryFactory(pupil=world.pupil, author=world.class_teacher,
                         date=dt.date(2026, 1, 20), status=Entry.Status.DRAFT,
                         published_at=None, note="A draft that is evidence")
    school_evidence(world, target, "", day=dt.date(2026, 1, 20), entry=draft,
                    source=Evidence.Source.BOOK)
    home_evidence(world, target, HOUSEHOLD_OWN, contact=world.parent_contact,
                  user=world.parent, shared=False, day=dt.date(2026, 2, 20))
    home_evidence(world, target, SHARED, contact=world.separated_contact,
                  user=world.separated_parent, shared=True, day=dt.date(2025, 12, 1))

    for area in ("exploration", "exploration", "initiation"):
        EngagementNote.objects.create(pupil=world.pupil, area=area, note="Explored the sand",
                                      noticed_on=dt.date(2025, 11, 1))
    EngagementNote.objects.create(pupil=world.pupil, area="persistence", note="Too early",
                                  noticed_on=dt.date(2025, 1, 1))
    answered(world, world.parent_contact)
    answered(world, world.separated_contact, on=dt.date(2026, 1, 14))
    answered(world, world.parent_contact, name="Last year's baseline",
             on=dt.date(2025, 3, 1))
    review = review_for(world.pupil, meets_at=dt.datetime(2026, 3, 20, 10, 0))
    return {"review": review, "plan": plan, "target": target, "achieved": achieved}


# The papers ------------------------------------------------------------------------------

def test_a_real_pdf_is_kept_whatever_it_is_called():
    content = pdf.html_to_pdf("<p>Advice from the speech and language therapist</p>",
                              what="A test")
    upload = SimpleUploadedFile("advice.bin", content, content_type="application/octet-stream")
    checked = papers.check_pdf(upload)
    assert checked.read() == content
    assert checked.name == "paper.pdf"


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    b"<html><script>alert(1)</script></html>",
    b"PK\x03\x04 a Word document",
])
def test_anything_but_a_pdf_is_refused_even_when_it_says_it_is_one(content):
    upload = SimpleUploadedFile("advice.pdf", content, content_type="application/pdf")
    with pytest.raises(papers.PaperError) as refused:
        papers.check_pdf(upload)
    assert refused.value.message.startswith("The file must be a PDF.")


def test_an_empty_file_is_refused():
    with pytest.raises(papers.PaperError) as refused:
        papers.check_pdf(SimpleUploadedFile("advice.pdf", b"", content_type="application/pdf"))
    assert "empty" in refused.value.message


def test_a_pdf_over_20_mb_is_refused_by_its_size_and_by_what_it_holds():
    content = b"%PDF-1.7\n" + b"0" * papers.MAX_BYTES
    with pytest.raises(papers.PaperError) as refused:
        papers.check_pdf(SimpleUploadedFile("big.pdf", content))
    assert refused.value.message.startswith("The file must be smaller than 20 MB.")

    class Understated(SimpleUploadedFile):
        size = 1000   # what the upload claims; what it holds decides

    with pytest.raises(papers.PaperError):
        papers.check_pdf(Understated("big.pdf", content))


# The summary -----------------------------------------------------------------------------

def test_the_period_runs_from_the_last_review_to_the_meeting(world, year):
    assert pack.period(year["review"]) == (LAST_REVIEW, MEETING, "review")
    EhcpRecord.objects.filter(pupil=world.pupil).update(last_review_on=dt.date(2024, 6, 1))
    assert pack.period(year["review"]) == (dt.date(2025, 3, 20), MEETING, "year")


def test_a_held_review_counts_its_year_not_from_its_own_meeting(world, year):
    review = year["review"]
    Review.objects.filter(pk=review.pk).update(held_on=MEETING, stage=Review.Stage.HELD)
    review.refresh_from_db()
    review_for(world.pupil, meets_at=dt.datetime(2025, 11, 1, 10, 0),
               held_on=dt.date(2025, 11, 1), stage=Review.Stage.FINISHED)
    assert pack.period(review) == (dt.date(2025, 11, 1), MEETING, "review")


def test_the_summary_counts_the_book_over_the_period(world, year):
    book = pack.summary_for(year["review"]).book
    assert (book.from_school, book.from_home, book.from_pupil) == (3, 1, 1)
    assert book.entries == 5
    assert book.days == 3
    assert dict(book.moods) == {"Very upset": 0, "Upset": 1, "OK": 0, "Happy": 1,
                                "Very happy": 1}


def test_the_summary_has_each_target_with_its_progress_and_evidence(world, year):
    summary = pack.summary_for(year["review"])
    assert summary.plan == year["plan"]
    assert [area.label for area in summary.areas] == ["Communication and interaction",
                                                      "Sensory and/or physical"]
    [outcome] = summary.areas[0].outcomes
    assert outcome.outcome.text == OUTCOME
    first, achieved = outcome.targets
    assert first.target == year["target"]
    assert (first.first_label, first.latest_label) == ("Emerging", "Secure")
    assert first.latest_on == dt.date(2026, 2, 10)
    # School: two notes in the period (not the one before it, nor the draft entry); home:
    # both households' evidence counts.
    assert (first.from_school, first.from_home) == (2, 2)
    assert achieved.target.status == Target.Status.ACHIEVED
    assert (achieved.first_label, achieved.latest_label) == ("Generalised", "Generalised")
    assert summary.areas[1].outcomes[0].targets == []
    assert summary.engagement == [("Exploration", 2), ("Realisation", 0),
                                  ("Anticipation", 0), ("Persistence", 0),
                                  ("Initiation", 1)]


def test_only_evidence_every_household_may_read_is_quoted(world, year):
    # Staff made Layla's questionnaire answer evidence: it stays her household's.
    Evidence.objects.create(
        pupil=world.pupil, source=Evidence.Source.QUESTIONNAIRE, from_family=True,
        household=world.parent_contact.household, author=world.senco,
        note=f"How does your child sleep? Layla Hassan: {PRIVATE_ANSWER}",
        happened_on=dt.date(2026, 3, 1)).targets.add(year["target"])
    [outcome] = pack.summary_for(year["review"]).areas[0].outcomes
    notes = outcome.targets[0].notes
    # The newest two that everyone may read: the school's of January and Omar's, which he
    # shared; Layla's, newer, is her household's own and stays out (counted, not quoted).
    assert [(note.text, note.from_home) for note in notes] == [(SCHOOL_NOTE, False),
                                                               (SHARED, True)]
    assert outcome.targets[0].from_home == 3
    html = pack.summary_html(year["review"])
    assert HOUSEHOLD_OWN not in html and PRIVATE_ANSWER not in html


def test_questionnaires_are_counted_never_quoted(world, year):
    summary = pack.summary_for(year["review"])
    [found] = summary.questionnaires
    assert found.name == "Spring term baseline"
    assert found.dates == [dt.date(2026, 1, 12), dt.date(2026, 1, 14)]
    html = pack.summary_html(year["review"])
    assert "2 questionnaires answered by the family." in html
    assert "12 January 2026" not in html      # when one household answered is its own
    assert PRIVATE_ANSWER not in html
    assert "Last year" not in html


def test_once_the_meeting_made_the_next_plan_the_summary_is_of_the_years_plan(world, year):
    from bridgebook.targets import actions as target_actions

    new = target_actions.do_copy_plan(acting_user=world.senco, plan=year["plan"],
                                      title="After the review", starts_on=MEETING)
    Review.objects.filter(pk=year["review"].pk).update(new_plan=new)
    year["review"].refresh_from_db()
    assert pack.summary_for(year["review"]).plan == year["plan"]


def test_the_summary_costs_the_same_however_much_the_year_holds(world, year):
    review = Review.objects.select_related("pupil__school").get(pk=year["review"].pk)
    # The period's start, the book, the plan, its outcomes, their targets, the progress,
    # the school's scale, the evidence, the Engagement Model notes, the questionnaires.
    with CaptureQueriesContext(connection) as queries:
        pack.summary_for(review)
    assert len(queries) == 10
    grow(world, year, 4)
    with CaptureQueriesContext(connection) as queries:
        pack.summary_for(review)
    assert len(queries) == 10


def grow(world, year, n: int) -> None:
    """``n`` more outcomes, each with three targets with progress and evidence, and more
    entries, notes and questionnaires."""
    for i in range(n):
        outcome = outcome_for(world.pupil, text=f"Outcome {i}")
        for j in range(3):
            target = target_for(world.pupil, outcome=outcome, text=f"Target {i}.{j}")
            Progress.objects.create(target=target, step=j, recorded_on=dt.date(2025, 12, 1))
            school_evidence(world, target, f"Seen at school {i}.{j}", day=dt.date(2026, 1, 2))
            home_evidence(world, target, f"Seen at home {i}.{j}", contact=world.parent_contact,
                          user=world.parent, shared=True, day=dt.date(2026, 1, 3))
        EntryFactory(pupil=world.pupil, author=world.class_teacher,
                     date=dt.date(2025, 12, 1 + i), mood=3)
        EngagementNote.objects.create(pupil=world.pupil, area="realisation", note="More",
                                      noticed_on=dt.date(2025, 12, 1))
    answered(world, world.parent_contact, name="Another round", on=dt.date(2026, 2, 1))


# The PDFs --------------------------------------------------------------------------------

def test_the_summary_pdf_is_a_real_pdf_of_the_summary_in_english(world, year, monkeypatch):
    fed = []
    real = pack.html_to_pdf
    monkeypatch.setattr(pack, "html_to_pdf",
                        lambda html, what: fed.append(html) or real(html, what=what))
    content = pack.summary_pdf(year["review"])
    assert content.startswith(b"%PDF-")
    assert b"/Title (Summary of the year: Amira Hassan)" in pdf_metadata(content)
    assert b"/Author (Mapledown School)" in pdf_metadata(content)
    [html] = fed
    for text in ("Mapledown School", "Amira Hassan", world.pupil.date_of_birth.strftime(
            "%-d %B %Y"), "Friday 20 March 2026, 10:00", "2 June 2025 to 20 March 2026",
                 OUTCOME, TARGET, "from Emerging to Secure", SCHOOL_NOTE, SHARED,
                 "Communication and interaction", "Working on it",
                 "5 entries on 3 days: 3 from school, 1 from home and 1 from Amira"):
        assert text in html, text
    assert 'lang="en-GB"' in html


def test_the_pdfs_are_in_english_whatever_the_language_of_the_request(world, year):
    from django.utils import translation

    with translation.override("ar"):
        html = pack.summary_html(year["review"])
    assert "Communication and interaction" in html
    assert "Working on it" in html


def test_the_report_pdf_says_what_the_meeting_said(world, year):
    review = year["review"]
    Review.objects.filter(pk=review.pk).update(
        stage=Review.Stage.HELD, held_on=MEETING, covers_adulthood=True,
        family_views="Layla wants Amira to travel to school on the bus.",
        pupil_views="Amira chose the swing and music.",
        agreed_changes="More speech and language therapy.",
        report="Amira has made good progress.", recommendation=Review.Decision.AMEND)
    review.refresh_from_db()
    Invitee.objects.create(review=review, kind=Invitee.Kind.FAMILY,
                           contact=world.parent_contact, name="Layla Hassan",
                           attendance=Invitee.Attendance.ATTENDED)
    Invitee.objects.create(review=review, kind=Invitee.Kind.HEALTH, name="Dr Green",
                           role="Community paediatrician",
                           attendance=Invitee.Attendance.ADVICE)
    outcome = year["target"].outcome
    OutcomeDiscussion.objects.create(review=review, outcome=outcome,
                                     progress="She now asks with a card every day.")
    Priority.objects.create(review=review, area=Area.ADULTHOOD,
                            text="Will make a drink on her own",
                            success_criteria="Three times a week at home and school")
    html = pack.report_html(review)
    # Every household reads the report: parents are not named in it.
    assert "Layla Hassan" not in html
    for text in ("Annual review report: Amira Hassan", "Friday 20 March 2026",
                 "A parent or carer", "Came", "Dr Green", "Health: Community paediatrician",
                 "Sent advice instead", "Layla wants Amira to travel to school on the bus.",
                 "What Amira said", "Amira chose the swing and music.", OUTCOME,
                 "She now asks with a card every day.", "More speech and language therapy.",
                 "Will make a drink on her own", "Three times a week at home and school",
                 "Preparing for adulthood", "Amira has made good progress.",
                 "Change (amend) the plan"):
        assert text in html, text
    content = pack.report_pdf(review)
    assert content.startswith(b"%PDF-")
    assert b"/Title (Annual review report: Amira Hassan)" in pdf_metadata(content)


@pytest.mark.parametrize("address", [
    "https://example.org/tracker.png", "http://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo=",
])
def test_the_pdfs_fetch_nothing_at_all(address):
    with pytest.raises(ValueError):
        pdf.closed_fetcher("A review's PDF").fetch(address)


def test_what_staff_write_cannot_make_the_pdf_fetch_anything(world, year, monkeypatch):
    asked = []
    real = pdf.closed_fetcher

    def spy(what):
        fetcher = real(what)
        original = fetcher.fetch
        fetcher.fetch = lambda url, headers=None: asked.append(url) or original(url, headers)
        return fetcher

    monkeypatch.setattr(pdf, "closed_fetcher", spy)
    Target.objects.filter(pk=year["target"].pk).update(
        text='<img src="https://example.org/x.png"> Asks for more')
    pack.summary_pdf(year["review"])
    assert asked == []   # escaped, so there is no image to fetch


# The summary page ------------------------------------------------------------------------

def summary_url(review) -> str:
    return reverse("reviews:summary", args=[review.pk])


@pytest.mark.parametrize("who", ["senco", "class_teacher", "principal", "office", "therapist"])
def test_staff_who_see_the_pupil_read_the_summary_at_any_time(world, year, who):
    response = signed_in(getattr(world, who)).get(summary_url(year["review"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert OUTCOME in page and SCHOOL_NOTE in page and SHARED in page
    assert HOUSEHOLD_OWN not in page and PRIVATE_ANSWER not in page
    assert reverse("reviews:summary_pdf", args=[year["review"].pk]) in page
    assert not PaperOpening.objects.exists()


@pytest.mark.parametrize("who", ["other_teacher", "other_school_staff", "restricted_parent",
                                 "outsider"])
def test_who_may_not_see_the_pupil_gets_404(world, year, who):
    circulated(year["review"])
    assert signed_in(getattr(world, who)).get(summary_url(year["review"])).status_code == 404


def test_the_family_reads_the_summary_once_the_papers_have_gone_out(world, year, settings):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL   # Layla reads Arabic
    client = signed_in(world.parent)
    assert client.get(summary_url(year["review"])).status_code == 404
    paper = circulated(year["review"])
    response = client.get(summary_url(year["review"]))
    assert response.status_code == 200
    page = response.content.decode()
    # What staff wrote, machine translated for her and marked, the original one tap away.
    assert f"[ar] {OUTCOME}" in page and f"[ar] {TARGET}" in page
    assert f"[ar] {SCHOOL_NOTE}" in page
    assert 'data-module="bb-read-aloud"' in page
    assert f'data-target="summary-targets-{year["review"].pk}"' in page
    assert HOUSEHOLD_OWN not in page and PRIVATE_ANSWER not in page
    assert reverse("reviews:paper", args=[paper.pk]) in page
    assert reverse("reviews:summary_pdf", args=[year["review"].pk]) not in page
    # Staff see that she opened the pack.
    assert PaperOpening.objects.filter(paper=paper, user=world.parent).count() == 1
    client.get(summary_url(year["review"]))
    assert PaperOpening.objects.filter(paper=paper, user=world.parent).count() == 1


def test_the_father_in_his_own_household_reads_it_too_without_layla_s_own(world, year):
    circulated(year["review"])
    page = signed_in(world.separated_parent).get(summary_url(year["review"])).content.decode()
    assert SHARED in page and SCHOOL_NOTE in page
    assert HOUSEHOLD_OWN not in page


def test_the_summary_page_costs_the_same_however_much_the_year_holds(world, year, settings):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL   # Layla reads what staff wrote in Arabic
    paper = circulated(year["review"])
    url = summary_url(year["review"])
    layla, senco = signed_in(world.parent), signed_in(world.senco)

    def count(client) -> int:
        client.get(url)   # her first opening, and the first translation of new texts
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    # The review (access), the summary (10: see summary_for), the summary paper; for
    # Layla her opening of it (there already), the school's glossary and the cached
    # translations of what staff wrote.
    assert count(senco) == STAFF_FRAME + 1 + 10 + 1
    assert count(layla) == FAMILY_FRAME + 1 + 10 + 1 + 1 + 2
    grow(world, year, 4)
    assert count(senco) == STAFF_FRAME + 12
    assert count(layla) == FAMILY_FRAME + 15
    assert PaperOpening.objects.filter(paper=paper).count() == 1


# The PDF of the summary, for staff -------------------------------------------------------

def test_those_who_run_the_review_check_the_pdf_before_it_goes_out(world, year):
    url = reverse("reviews:summary_pdf", args=[year["review"].pk])
    response = signed_in(world.senco).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    assert signed_in(world.class_teacher).get(url).status_code == 403
    assert signed_in(world.parent).get(url).status_code == 403   # she sees the review
    assert signed_in(world.restricted_parent).get(url).status_code == 404
    assert signed_in(world.outsider).get(url).status_code == 404


# Papers ----------------------------------------------------------------------------------

def paper_url(paper) -> str:
    return reverse("reviews:paper", args=[paper.pk])


def test_a_paper_is_served_as_a_pdf_and_who_opened_it_is_noted(world, year):
    advice = paper_for(year["review"])
    response = signed_in(world.senco).get(paper_url(advice))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="speech-and-language-advice.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert PaperOpening.objects.filter(paper=advice, user=world.senco).exists()


def test_the_family_opens_the_papers_once_they_have_gone_out(world, year):
    advice = paper_for(year["review"])
    report = paper_for(year["review"], kind=Paper.Kind.REPORT, title="The report")
    client = signed_in(world.parent)
    assert client.get(paper_url(advice)).status_code == 404
    summary = circulated(year["review"])
    for paper in (advice, summary):
        response = client.get(paper_url(paper))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(paper_url(report)).status_code == 404   # the report once it is sent
    assert set(PaperOpening.objects.filter(user=world.parent)
               .values_list("paper_id", flat=True)) == {advice.pk, summary.pk}
    for who in ("restricted_parent", "outsider", "other_teacher"):
        assert signed_in(getattr(world, who)).get(paper_url(advice)).status_code == 404


def test_a_parent_restricted_after_the_papers_went_out_opens_nothing(world, year):
    summary = circulated(year["review"])
    client = signed_in(world.separated_parent)
    assert client.get(paper_url(summary)).status_code == 200
    PupilContact.objects.filter(pupil=world.pupil, contact=world.separated_contact).update(
        is_restricted=True)   # a court order
    assert client.get(paper_url(summary)).status_code == 404
    assert client.get(summary_url(year["review"])).status_code == 404
    assert PaperOpening.objects.filter(user=world.separated_parent).count() == 1
