"""What announcements do when other apps report something."""

from bridgebook.announcements import tasks
from bridgebook.announcements.models import parse_review_ref


def on_review_approved(sender, *, ref: str, language: str, review_id: int, **kwargs) -> None:
    """``translation.signals.review_approved`` (sent after the approval committed): when it
    is one of an announcement's reviews, give that language's readers the checked text in
    the background (replacing the machine translation they got at once, or releasing it to
    those who waited). Both are idempotent, so a correction approved later, or an approval
    arriving twice, changes and sends nothing twice."""
    announcement_id = parse_review_ref(ref)
    if announcement_id is None:
        return

    tasks.release_checked_language.enqueue(announcement_id=announcement_id,
                                           language=language, review_id=review_id)
