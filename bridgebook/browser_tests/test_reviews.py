"""Annual reviews in the browser, every page checked with axe: the SENCO, at a desktop,
finds Amira's review due soon and Ben's late on the calendar (at a phone's width too),
books Amira's with an Arabic interpreter, adds advice, sends the papers, records the
meeting, turns a priority into a target, sends the report and records the local
authority's decision, then reads the compliance page; Layla, in Arabic on her phone, asks
for another time, gives her views in words and pictures and reads the school's summary;
Omar, who lives apart, sees his own page without Layla on it; the principal adds a local
authority."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import PHONE, check_axe
from bridgebook.people.models import Pupil
from bridgebook.reviews import actions
from bridgebook.reviews.models import (
    Contribution,
    EhcpRecord,
    Invitee,
    LocalAuthority,
    PaperOpening,
    Review,
)
from bridgebook.reviews.schedule import add_months
from bridgebook.reviews.tests.factories import PDF_BYTES
from bridgebook.targets.models import Target

pytestmark = pytest.mark.django_db(transaction=True)

CIRCULATING = 30_000           # milliseconds
PROPOSED = "الثلاثاء أو الخميس بعد الساعة الثانية"
VIEWS = "أميرة تنام بشكل أفضل وتحب السباحة"


def _plans(world) -> LocalAuthority:
    """Amira's last review 11 months ago (due next month), Ben's 13 (overdue)."""
    today = timezone.localdate()
    authority = LocalAuthority.objects.create(
        school=world.school, name="Northmere Council", contact_name="Priya Shah",
        contact_email="send@northmere.example")
    Pupil.objects.filter(pk__in=[world.pupil.pk, world.pupil_b.pk]).update(has_ehcp=True)
    EhcpRecord.objects.create(pupil=world.pupil, local_authority=authority,
                              last_review_on=add_months(today, -11))
    EhcpRecord.objects.create(pupil=world.pupil_b, local_authority=authority,
                              last_review_on=add_months(today, -13))
    return authority


def _meeting_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=21)


def _booked(world) -> Review:
    meets_at = datetime.datetime.combine(_meeting_day(), datetime.time(14),
                                         tzinfo=world.school.tz)
    return actions.do_book(
        acting_user=world.senco, pupil=world.pupil, meets_at=meets_at,
        place="Willow classroom", interpreter_language="ar",
        interpreter_name="Language Line",
        contacts=[world.parent_contact, world.separated_contact],
        professionals=actions.suggested_professionals(world.pupil))


def _phone(browser, live_server, sign_in_as, user, **kwargs):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    sign_in_as(tab, user, **kwargs)
    return tab


def _right_to_left(page) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("main")).to_have_css("direction", "rtl")


def _flash(page, text: str, *, timeout: float | None = None) -> None:
    """The message at the top of the page after something is done."""
    expect(page.locator("main").get_by_text(text).first).to_be_visible(timeout=timeout)


@pytest.mark.parametrize("width", ["desktop"])
def test_the_senco_runs_amiras_review_from_the_calendar_to_the_compliance_page(
        page, browser, live_server, world, sign_in_as, tmp_path):
    authority = _plans(world)
    amira, ben = world.pupil, world.pupil_b
    sign_in_as(page, world.senco)

    # The calendar: Ben late, Amira due soon; then Class A only.
    page.goto(f"/schools/{world.school.urn}/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reviews")
    late = page.get_by_role("table", name="Late reviews")
    expect(late.get_by_role("rowheader", name=ben.display_name)).to_be_visible()
    expect(late).to_contain_text("Overdue: due by")
    expect(late.get_by_role("rowheader", name=amira.display_name)).to_have_count(0)
    amira_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=amira.display_name))
    expect(amira_row).to_contain_text("Due soon")
    check_axe(page)
    page.get_by_label("Class").select_option(label="Class A")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"\?class={world.class_a.pk}$"))
    expect(page.get_by_role("rowheader", name=amira.display_name)).to_be_visible()
    expect(page.get_by_role("rowheader", name=ben.display_name)).to_have_count(0)
    # The calendar on a phone, tables scrolling sideways.
    phone = _phone(browser, live_server, sign_in_as, world.senco)
    phone.goto(f"/schools/{world.school.urn}/reviews/")
    expect(phone.get_by_role("table", name="Late reviews")).to_contain_text(ben.display_name)
    check_axe(phone)
    phone.context.close()

    # Amira's Annual review tab.
    page.goto(f"/pupils/{amira.pk}/")
    page.get_by_role("navigation", name="Amira’s pages").get_by_role(
        "link", name="Annual review").click()
    expect(page).to_have_url(re.compile(rf"/pupils/{amira.pk}/reviews/$"))
    expect(page.get_by_text("Northmere Council")).to_be_visible()
    check_axe(page)

    # Booking: the interpreter's language filled in, both parents ticked, never Rex.
    page.get_by_role("link", name="Book the annual review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book the annual review")
    expect(page.get_by_label("Interpreter for")).to_have_value("ar")
    expect(page.get_by_label("Layla Hassan")).to_be_checked()
    expect(page.get_by_label("Omar Hassan")).to_be_checked()
    expect(page.get_by_label("Rex Stone")).to_have_count(0)
    expect(page.get_by_label("Priya Shah (Northmere Council)")).to_be_checked()
    check_axe(page)
    page.get_by_role("button", name="Book and invite").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_axe(page)                     # the error summary and the fields in error
    day = _meeting_day()
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_label("Time", exact=True).fill("14:00")
    page.get_by_label("Where").fill("Willow classroom")
    page.get_by_label("Interpreter booked").fill("Language Line")
    page.get_by_role("button", name="Book and invite").click()

    # The review page: the timeline and who is invited.
    _flash(page, "The review is booked and everyone is invited.")
    review = Review.objects.get(pupil=amira, stage=Review.Stage.BOOKED)
    assert review.interpreter_language == "ar"
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/$"))
    timeline = page.get_by_role("table", name="The review's deadlines")
    for step in ("Due by", "Invitations out by", "Papers out by", "Meeting", "Report out by",
                 "Local authority decides by"):
        expect(timeline.get_by_role("rowheader", name=step, exact=True)).to_be_visible()
    invited = page.get_by_role("table", name="Invited to the review")
    for name in ("Layla Hassan", "Omar Hassan", "Pat Principal", "Priya Shah"):
        expect(invited).to_contain_text(name)
    expect(invited).not_to_contain_text("Rex Stone")
    expect(invited.get_by_text("Needs an interpreter")).to_have_count(1)
    check_axe(page)
    # The pages around it, before anything is sent.
    for link in ("Change the meeting", "Invite someone", "Record the pupil's views"):
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("link", name="Back", exact=True)).to_be_visible()
        check_axe(page)
        page.go_back()
    # Cancelling asks first; keeping it goes back with nothing changed.
    page.get_by_role("link", name="Cancel the meeting").click()
    expect(page.get_by_role("heading", name="Cancel the meeting?")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Keep the meeting").click()
    page.goto(f"/pupils/{amira.pk}/reviews/plan/")
    expect(page.get_by_label("Local authority")).to_have_value(str(authority.pk))
    check_axe(page)
    page.goto(f"/reviews/{review.pk}/")

    # Advice for the pack, a PDF from the computer.
    page.get_by_role("link", name="Add advice or a report").click()
    expect(page.get_by_label("Written by")).to_have_value("Sam Senco")
    check_axe(page)
    advice = tmp_path / "advice.pdf"
    advice.write_bytes(PDF_BYTES)
    page.get_by_label("Title").fill("Speech and language therapy advice")
    page.get_by_label("Written by").fill("Imogen Hale")
    page.get_by_label("Their role").fill("Speech and language therapist")
    page.get_by_label("The paper, as a PDF").set_input_files(advice)
    page.get_by_role("button", name="Add to the pack").click()
    _flash(page, "The paper is added to the pack.")
    expect(page.get_by_role("link", name="Speech and language therapy advice")).to_be_visible()
    # Sending builds the summary's PDF before the page answers: slow on a busy machine.
    page.get_by_role("button", name="Send the papers to everyone invited").click(
        timeout=CIRCULATING)
    _flash(page, "The papers have gone to everyone invited.", timeout=CIRCULATING)
    expect(page.get_by_role("button", name="Send the papers to everyone invited")
           ).to_have_count(0)
    check_axe(page)
    page.get_by_role("link", name="The school's summary of the year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary of Amira’s year")
    check_axe(page)

    # The day of the meeting: it is recorded, a new priority agreed and made a target.
    meeting = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)),
                                  world.school.tz)
    with time_machine.travel(meeting, tick=True):
        sign_in_as(page, world.senco)       # signed in again: a session lasts hours
        page.goto(f"/reviews/{review.pk}/")
        page.get_by_role("link", name="Record the meeting").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The meeting")
        check_axe(page)
        page.get_by_label("Layla Hassan").select_option("attended")
        page.get_by_label("Pat Principal").select_option("attended")
        page.get_by_label("What the family said").fill("Amira is sleeping better.")
        page.get_by_label("Changes agreed").fill("Add signing at home.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("New priorities")
        _flash(page, "The meeting is recorded.")
        check_axe(page)
        page.get_by_label("Or a new outcome in the area").select_option("communication")
        page.get_by_label("The new priority, in plain words").fill(
            "Amira will sign finished to end an activity")
        page.get_by_role("button", name="Add the priority").click()
        _flash(page, "Priority added.")
        expect(page.get_by_text("Amira will sign finished to end an activity")).to_be_visible()
        page.get_by_role("button", name="Make the new priorities targets").click()
        _flash(page, "in the plan started from this review")
        assert Target.objects.filter(pupil=amira,
                                     text="Amira will sign finished to end an activity").exists()

        # The report, written and sent; the local authority's decision.
        page.goto(f"/reviews/{review.pk}/")
        page.get_by_role("link", name="Write the report").click()
        check_axe(page)
        page.get_by_label("The report").fill("Amira has had a good year.")
        page.get_by_label("Keep the plan as it is").check()
        page.get_by_role("button", name="Save").click()
        _flash(page, "The report is saved.")
        page.get_by_role("button", name="Send the report to everyone invited").click()
        _flash(page, "The report has gone to the local authority and everyone invited.")
        check_axe(page)
        page.get_by_role("link", name="Record the local authority's decision").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The local authority’s decision")
        check_axe(page)
        page.get_by_label("Keep the plan as it is").check()
        page.get_by_role("button", name="Save").click()
        _flash(page, "The local authority's decision is recorded.")
        review.refresh_from_db()
        assert review.stage == Review.Stage.FINISHED and review.decision == "keep"

        # The compliance page, from the calendar: Ben's overdue review listed.
        page.goto(f"/schools/{world.school.urn}/reviews/")
        page.get_by_role("link", name="Reviews on time").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Reviews on time")
        missed = page.get_by_role("table", name="Cases that missed a deadline")
        expect(missed.get_by_role("rowheader", name=ben.display_name)).to_be_visible()
        expect(missed.get_by_role("rowheader", name=amira.display_name)).to_have_count(0)
        check_axe(page)


@pytest.mark.parametrize("width", ["phone"])
def test_layla_answers_and_gives_her_views_in_arabic_and_omar_sees_his_own_page(
        page, browser, live_server, world, sign_in_as):
    _plans(world)
    review = _booked(world)
    sign_in_as(page, world.parent, interface_language=None)   # Layla reads Arabic

    # From her landing page to Amira's Annual review tab, and the review.
    page.goto("/")
    _right_to_left(page)
    page.locator(f"main a[href='/pupils/{world.pupil.pk}/reviews/']").first.click()
    expect(page).to_have_url(re.compile(rf"/pupils/{world.pupil.pk}/reviews/$"))
    _right_to_left(page)
    check_axe(page)
    page.locator(f"main a[href='/reviews/{review.pk}/']").first.click()
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/$"))
    _right_to_left(page)
    expect(page.locator("#coming")).to_be_visible()
    assert "Omar" not in page.locator("main").inner_text()
    check_axe(page)

    # The time does not suit her: she says which would, in Arabic.
    page.locator(f"a[href='/reviews/{review.pk}/answer/']").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/answer/$"))
    _right_to_left(page)
    check_axe(page)
    page.locator("input[name=suits][value=no]").check()
    expect(page.locator("#id_proposed_times")).to_be_visible()
    page.locator("#id_proposed_times").fill(PROPOSED)
    check_axe(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/$"))
    expect(page.locator("#your-answer")).to_contain_text(PROPOSED)
    invitee = Invitee.objects.get(review=review, contact=world.parent_contact)
    assert invitee.answer == Invitee.Answer.OTHER_TIME and invitee.proposed_language == "ar"
    check_axe(page)

    # Her views, in words and pictures.
    page.locator(f"a[href='/reviews/{review.pk}/views/?who=family']").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/views/"))
    _right_to_left(page)
    expect(page.locator("input[name=who][value=family]")).to_be_checked()
    check_axe(page)
    page.locator("#id_text").fill(VIEWS)
    likes = page.locator("fieldset").filter(has=page.locator("#id_likes_0"))
    likes.locator("summary").first.click()
    page.locator("#id_likes_0").check()
    dislikes = page.locator("fieldset").filter(has=page.locator("#id_dislikes_0"))
    dislikes.locator("summary").first.click()
    page.locator("#id_dislikes_1").check()
    check_axe(page)                     # with a group of pictures open in each list
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/$"))
    views = Contribution.objects.get(review=review)
    assert views.household_id == world.parent_contact.household_id
    assert len(views.likes) == 1 and len(views.dislikes) == 1
    expect(page.get_by_text(VIEWS)).to_be_visible()
    expect(page.locator("#views ~ div img")).to_have_count(2)
    check_axe(page)

    # The papers go out; she opens the school's summary of Amira's year.
    actions.do_circulate(acting_user=world.senco, review=review, summary_pdf=PDF_BYTES)
    page.reload()
    page.locator(f"main a[href='/reviews/{review.pk}/summary/']").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{review.pk}/summary/$"))
    _right_to_left(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_axe(page)
    assert PaperOpening.objects.filter(paper__review=review, user=world.parent).exists()

    # Omar, in his own home, has his own invitation and sees nothing of Layla.
    omar = _phone(browser, live_server, sign_in_as, world.separated_parent,
                  interface_language=None)
    omar.goto(f"/reviews/{review.pk}/")
    expect(omar.locator("#your-answer")).to_be_visible()
    main = omar.locator("main").inner_text()
    assert "Omar Hassan" in main
    assert "Layla" not in main and PROPOSED not in main and VIEWS not in main
    assert "Layla" not in omar.content()
    check_axe(omar)
    omar.context.close()

    # After the meeting: the report on her page, and nothing left to answer.
    with time_machine.travel(review.meets_at + datetime.timedelta(hours=2), tick=True):
        actions.do_record_meeting(
            acting_user=world.senco, review=review, held_on=review.meeting_day,
            attendance={}, family_views="", pupil_views="", agreed_changes="", progress={})
        actions.do_write_report(acting_user=world.senco, review=review,
                                report="Amira has had a good year.", recommendation="keep")
        actions.do_send_report(acting_user=world.senco, review=review, report_pdf=PDF_BYTES)
        sign_in_as(page, world.parent, interface_language=None)
        page.goto(f"/reviews/{review.pk}/")
        _right_to_left(page)
        expect(page.locator("#report")).to_be_visible()
        expect(page.get_by_text("Amira has had a good year.")).to_be_visible()
        expect(page.locator(f"a[href='/reviews/{review.pk}/answer/']")).to_have_count(0)
        check_axe(page)
        for path in (f"/reviews/{review.pk}/answer/", f"/reviews/{review.pk}/views/"):
            page.goto(path)
            _right_to_left(page)
            expect(page.get_by_role("status")).to_be_visible()
            expect(page.locator("main form")).to_have_count(0)
            check_axe(page)


@pytest.mark.parametrize("width", ["desktop"])
def test_the_principal_adds_a_local_authority(page, world, sign_in_as):
    _plans(world)
    sign_in_as(page, world.principal)
    page.goto(f"/schools/{world.school.urn}/reviews/authorities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Local authorities")
    expect(page.get_by_role("term")).to_have_text(["Northmere Council"])
    check_axe(page)
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_axe(page)
    page.get_by_label("Name").fill("Eastbrook Borough Council")
    page.get_by_label("Local authority number").fill("202")
    page.get_by_label("SEN officer for reviews").fill("Dev Patel")
    page.get_by_label("Their email address").fill("send@eastbrook.example")
    page.get_by_role("button", name="Add").click()
    _flash(page, "Local authority added.")
    expect(page.get_by_role("term")).to_have_text(["Eastbrook Borough Council (202)",
                                                   "Northmere Council"])
    assert LocalAuthority.objects.filter(school=world.school, name="Eastbrook Borough Council",
                                         contact_name="Dev Patel").exists()
    check_axe(page)
    page.get_by_role("link", name="Change Eastbrook Borough Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eastbrook Borough Council")
    check_axe(page)
