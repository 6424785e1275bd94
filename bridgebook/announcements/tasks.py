"""Background work for announcements. Tasks take ids, never model instances."""

from django.tasks import task


@task()
def release_checked_language(*, announcement_id: int, language: str, review_id: int) -> int:
    """A translation review of an announcement was approved: send that language's held
    messages if both its subject and message are now approved (once, however often this
    runs). The reviewer is recorded as the one who released them."""
    from bridgebook.announcements import actions
    from bridgebook.announcements.models import Announcement
    from bridgebook.translation.models import ReviewRequest

    announcement = (Announcement.objects.select_related("school", "sent_by")
                    .filter(pk=announcement_id).first())
    if announcement is None:
        return 0
    review = ReviewRequest.objects.select_related("reviewer").filter(pk=review_id).first()
    return actions.do_release_language(announcement=announcement, language=language,
                                       acting_user=review.reviewer if review else None)
