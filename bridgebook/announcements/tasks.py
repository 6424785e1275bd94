"""Background work for announcements. Tasks take ids, never model instances."""

from django.tasks import task

from bridgebook.announcements import actions
from bridgebook.announcements.models import Announcement
from bridgebook.translation.models import ReviewRequest


@task()
def release_checked_language(*, announcement_id: int, language: str, review_id: int) -> int:
    """A translation review of an announcement was approved: once both its subject and
    message are approved, give that language's readers the checked text (replacing what
    they were sent at once, or sending it to those who waited for the check), once,
    however often this runs. The reviewer is recorded as the one who did it."""

    announcement = (Announcement.objects.select_related("school", "sent_by")
                    .filter(pk=announcement_id).first())
    if announcement is None:
        return 0
    review = ReviewRequest.objects.select_related("reviewer").filter(pk=review_id).first()
    return actions.do_use_checked_translation(
        announcement=announcement, language=language,
        acting_user=review.reviewer if review else None)
