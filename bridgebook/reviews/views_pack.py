"""The review's pack: the school's summary of the pupil's year as a page, its PDF for staff
to check before the papers go out, and each paper of the pack.

Staff who see the pupil read the summary at any time; a family member once the papers have
gone out (before that, and for anyone who may not see the pupil, 404). Each paper is
checked when it is read (``access.access_paper``), so a parent restricted by a court order
after the papers went out opens nothing; who opened which paper is noted for staff.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from bridgebook.core.access import viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.reviews import actions, pack
from bridgebook.reviews.access import access_paper, access_review
from bridgebook.reviews.models import Paper
from bridgebook.translation.display import translate_sources


def _pdf_headers(response, filename: str):
    """A PDF shown in the browser, never guessed as anything else, never kept by a cache
    (a shared computer's or a proxy's)."""
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _summary_paper(review) -> Paper | None:
    """The summary kept when the papers went out (the newest, should there be two)."""
    if review.pack_circulated_at is None:
        return None
    return (Paper.objects.filter(review=review, kind=Paper.Kind.SUMMARY)
            .order_by("-uploaded_at", "-pk").first())


@login_required
def summary(request, pk: int):
    review = access_review(request.user, pk)
    is_staff = viewer_for(request.user).is_staff_member
    if not is_staff and review.pack_circulated_at is None:
        raise Http404   # the family reads the summary once the papers have gone out
    pupil = review.pupil
    show_school(request, pupil.school)
    found = pack.summary_for(review)
    paper = _summary_paper(review)
    if paper is not None and not is_staff:
        actions.do_open_paper(user=request.user, paper=paper)
    # Every text staff (and a family, where shared) wrote, translated for the reader at once.
    translate_sources(request, found.sources(), school=pupil.school)
    return render(request, "reviews/summary.html", {
        "review": review, "pupil": pupil, "summary": found, "paper": paper,
        "is_family": not is_staff})


@login_required
def summary_pdf(request, pk: int):
    """The summary's PDF as it would go out, for those who run the review to check."""
    review = access_review(request.user, pk, run=True)
    content = pack.summary_pdf(review)
    name = f"summary-{slugify(review.pupil.display_name)}-{review.meeting_day:%Y-%m-%d}.pdf"
    return _pdf_headers(HttpResponse(content, content_type="application/pdf"), name)


@login_required
def paper(request, pk: int):
    found = access_paper(request.user, pk)
    actions.do_open_paper(user=request.user, paper=found)
    response = FileResponse(found.file.open("rb"), content_type="application/pdf")
    return _pdf_headers(response, f"{slugify(found.title) or 'paper'}.pdf")
