"""Background emails to the professionals and staff invited to a review. Tasks take ids,
never model instances."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation

from bridgebook.reviews import notifications
from bridgebook.reviews.access import kept_from
from bridgebook.reviews.models import Invitee, Paper, Review, ReviewNotice
from bridgebook.reviews.schedule import schedule

What = ReviewNotice.What


def _attachments(review: Review, what: str) -> list[Paper]:
    if what == What.PACK:
        return list(review.papers.filter(kind__in=[Paper.Kind.ADVICE, Paper.Kind.SUMMARY]))
    if what == What.REPORT:
        return list(review.papers.filter(kind=Paper.Kind.REPORT))
    return []


def professional_email(invitee: Invitee, what: str) -> EmailMessage:
    review = invitee.review
    pupil = review.pupil
    url = settings.BRIDGEBOOK_BASE_URL + reverse("reviews:review", args=[review.pk])
    with translation.override("en"):
        _subject, body = notifications.family_message(review, what, url)
    subject = {
        What.CANCELLED: f"Cancelled: annual review of {pupil.display_name}",
        What.INVITATION: f"Annual review of {pupil.display_name}, {pupil.school.name}",
        What.PACK: f"Papers for the annual review of {pupil.display_name}",
        What.REPORT: f"Annual review report: {pupil.display_name}, {pupil.school.name}",
    }[what]
    body = "\n\n".join([
        f"Dear {invitee.name},",
        body.rsplit("\n", 1)[0],  # all but the family's link
        f"Date of birth: {pupil.date_of_birth:%d %B %Y}. School: {pupil.school.name}.",
        "Staff of the school can see everything about the review in Bridgebook: " + url,
    ])
    message = EmailMessage(subject=subject, body=body, to=[invitee.email])
    for paper in _attachments(review, what):
        with paper.file.open("rb") as handle:
            message.attach(f"{paper.title}.pdf", handle.read(), "application/pdf")
    return message


@task()
def email_invitee(*, invitee_id: int, what: str) -> bool:
    """Email one invitee about the review, once: the sending is stamped before it goes (a
    second run finds the stamp and sends nothing), and unstamped if it fails, so the next
    attempt sends it."""
    stamp = notifications.STAMPS[what]
    claimed = Invitee.objects.filter(pk=invitee_id, **{f"{stamp}__isnull": True}).update(
        **{stamp: timezone.now()})
    if not claimed:
        return False
    invitee = Invitee.objects.select_related("review__pupil__school", "user").get(
        pk=invitee_id)
    if kept_from(invitee.review.pupil, user=invitee.user, email=invitee.email):
        return False          # a court order recorded since: nothing goes to them
    try:
        professional_email(invitee, what).send()
    except Exception:
        Invitee.objects.filter(pk=invitee_id).update(**{stamp: None})
        raise
    return True


@task()
def chase_decision(*, review_id: int) -> bool:
    """Remind the local authority's SEN officer that the decision is due."""
    review = (Review.objects.select_related("pupil__school",
                                            "pupil__ehcp_record__local_authority")
              .get(pk=review_id))
    authority = review.pupil.ehcp_record.local_authority
    pupil = review.pupil
    rules = schedule()
    if review.stage == Review.Stage.DECIDED and review.amendment_proposed_on:
        due = rules.final_plan_by(review.amendment_proposed_on)
        subject, ask = "the final amended plan is due", (
            f"You proposed amendments on {review.amendment_proposed_on:%d %B %Y}; the final "
            f"plan is due within {rules.final_plan_weeks} weeks, by {due:%d %B %Y}. Please "
            "send it to the school and the family.")
    else:
        due = rules.decision_by(review.held_on)
        subject, ask = "your decision is due", (
            "The local authority's decision whether to keep, amend or cease the plan is due "
            f"within {rules.decision_days // 7} weeks of the meeting, by {due:%d %B %Y}. "
            "Please let the school and the family know it.")
    EmailMessage(
        subject=f"Annual review of {pupil.display_name}: {subject}",
        body="\n\n".join([
            f"Dear {authority.contact_name or authority.name},",
            f"The annual review of {pupil.display_name} (born {pupil.date_of_birth:%d %B %Y})"
            f" at {pupil.school.name} was held on {review.held_on:%d %B %Y}, and the report "
            f"was sent to you on {timezone.localtime(review.report_sent_at):%d %B %Y}.",
            ask,
        ]),
        to=[authority.contact_email]).send()
    return True
