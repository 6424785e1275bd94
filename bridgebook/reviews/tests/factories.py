"""Reviews and papers made straight in the tables, for tests that only need something to
read; tests of behaviour make them through the actions."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from bridgebook.reviews.models import Paper, Review

MEETS_AT = datetime.datetime(2026, 3, 20, 10, 0)
# The smallest file that starts as a PDF does: enough for what is only stored and served.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"


def review_for(pupil, *, meets_at: datetime.datetime | None = None, **fields) -> Review:
    """A review of ``pupil`` booked for ``meets_at`` (10am on 20 March 2026 by default;
    a naive time is the school's), due that day unless ``due_on`` says otherwise."""
    meets_at = meets_at or MEETS_AT
    if timezone.is_naive(meets_at):
        meets_at = timezone.make_aware(meets_at)
    fields.setdefault("due_on", timezone.localtime(meets_at).date())
    return Review.objects.create(pupil=pupil, meets_at=meets_at, **fields)


def paper_for(review: Review, *, kind: str = Paper.Kind.ADVICE, content: bytes = PDF_BYTES,
              title: str = "Speech and language advice", **fields) -> Paper:
    paper = Paper(review=review, kind=kind, title=title, size=len(content), **fields)
    paper.file.save("paper.pdf", ContentFile(content), save=False)
    paper.save()
    return paper


def circulated(review: Review, *, content: bytes = PDF_BYTES) -> Paper:
    """The papers gone out with the school's summary, as ``do_circulate`` leaves them."""
    review.pack_circulated_at = timezone.now()
    review.save(update_fields=["pack_circulated_at"])
    return paper_for(review, kind=Paper.Kind.SUMMARY, content=content,
                     title=f"Summary of {review.pupil.first_name}'s year")
