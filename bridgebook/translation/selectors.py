"""Reads for the glossary and review pages, and what other apps ask of the review queue."""

from django.db.models import Count, Q

from bridgebook.people.codes import LANGUAGES, language_name_here
from bridgebook.translation.models import ReviewRequest
from bridgebook.translation.services import base_language


def approved_text(ref: str, language: str) -> str | None:
    """The human-approved translation for ``ref`` in ``language``, or None (not asked for,
    or still waiting). One query."""
    return ReviewRequest.objects.filter(
        ref=ref, language=base_language(language), status=ReviewRequest.Status.APPROVED,
    ).values_list("reviewed_text", flat=True).first()


def review_statuses(ref: str) -> list[ReviewRequest]:
    """Every language's review for one ref, for the sender. One query."""
    return list(ReviewRequest.objects.filter(ref=ref).select_related("reviewer").order_by(
        "language"))


def queue_languages(school) -> list[dict]:
    """Languages with reviews at the school and how many wait, commonest first. One query."""
    rows = ReviewRequest.objects.filter(school=school).values("language").annotate(
        pending=Count("pk", filter=Q(status=ReviewRequest.Status.PENDING)),
        total=Count("pk"))
    order = {code: index for index, (code, _e, _o) in enumerate(LANGUAGES)}
    result = [{"code": row["language"], "name": language_name_here(row["language"]),
               "pending": row["pending"], "total": row["total"]} for row in rows]
    return sorted(result, key=lambda row: order.get(row["code"], 999))


def review_queue(school, language: str | None, *, status: str = ReviewRequest.Status.PENDING):
    """The reviews for one language (or all) at a school. One query."""
    reviews = ReviewRequest.objects.filter(school=school, status=status).select_related(
        "requested_by", "reviewer")
    if language:
        reviews = reviews.filter(language=language)
    return list(reviews.order_by("requested_at", "id"))
