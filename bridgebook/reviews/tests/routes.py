"""Who gets what from the reviews app's routes (merged into core's route × persona table,
bridgebook/core/tests/route_rules.py).

Amira's review is read by everyone who sees her (her class's staff, the whole-school staff,
her mother and her father in his own household) and nobody else: the restricted stepfather
gets 404 everywhere. It is run by the SENCO, the principal and the trust administrator;
advice is added by everyone who works with her but the office. Each parent answers their
own invitation; what Layla records is her household's.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from bridgebook.core.tests.route_rules import (
    AMIRA_FAMILY,
    OAKLEIGH,
    OK,
    SEE_AMIRA,
    SEE_AMIRA_STAFF,
    STAFF_HERE,
    Records,
    amira,
    expect,
    get,
    oakleigh,
    post,
    school,
)
from bridgebook.reviews.models import Contribution, Invitee, LocalAuthority, Paper, Review

RUN = frozenset({"principal", "senco", "trust_admin"})
ADVISE = SEE_AMIRA_STAFF - {"office"}
COMPLIANCE = RUN | {"other_school_staff"}


def booked(r: Records) -> Review:
    """Amira's review, booked for next month, with both her parents invited (a POST case
    makes one per persona: the one before is cancelled, as a pupil has one booked)."""
    def build(w):
        Review.objects.filter(pupil=w.pupil, stage=Review.Stage.BOOKED).update(
            stage=Review.Stage.CANCELLED)
        meets = timezone.now() + datetime.timedelta(days=30)
        review = Review.objects.create(pupil=w.pupil, due_on=meets.date(), meets_at=meets,
                                       place="School", invitations_sent_at=timezone.now())
        for contact in (w.parent_contact, w.separated_contact):
            Invitee.objects.create(review=review, kind=Invitee.Kind.FAMILY, contact=contact,
                                   household=contact.household, name=contact.full_name)
        return review
    return r.make("reviews.booked", build)


def circulated(r: Records) -> Review:
    def build(w):
        review = booked(r)
        Review.objects.filter(pk=review.pk).update(pack_circulated_at=timezone.now())
        review.refresh_from_db()
        return review
    return r.make("reviews.circulated", build)


def advice(r: Records) -> Paper:
    def build(w):
        paper = Paper(review=circulated(r), title="Speech and language advice",
                      author_name="Tia Therapist", size=20)
        paper.file.save("advice.pdf", ContentFile(b"%PDF-1.4\n% advice\n%%EOF\n"), save=False)
        paper.save()
        return paper
    return r.make("reviews.advice", build)


def laylas_views(r: Records) -> Contribution:
    def build(w):
        contribution = Contribution(review=booked(r), who=Contribution.Who.FAMILY,
                                    author=w.parent, household=w.parent_contact.household)
        contribution.extension, contribution.content_type = "ogg", "audio/ogg"
        contribution.recording.save("views.ogg", ContentFile(b"OggS" + b"\0" * 60),
                                    save=False)
        contribution.save()
        return contribution
    return r.make("reviews.laylas_views", build)


def authority(r: Records) -> LocalAuthority:
    return r.make("reviews.authority", lambda w: LocalAuthority.objects.create(
        school=w.school, name="Northmere Council"))


def review_id(r: Records) -> list:
    return [booked(r).pk]


RULES = {
    "reviews:calendar": (
        get("Mapledown", school, expect(STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "reviews:authorities": (
        get("Mapledown", school, expect(RUN, STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "reviews:authority_edit": (
        get("Mapledown's", lambda r: [authority(r).pk], expect(RUN, STAFF_HERE)),
    ),
    "reviews:compliance": (
        get("across the schools", lambda r: [], expect(COMPLIANCE, STAFF_HERE)),
    ),
    "reviews:pupil": (get("Amira", amira, expect(SEE_AMIRA)),),
    "reviews:record_edit": (get("Amira", amira, expect(RUN, SEE_AMIRA)),),
    "reviews:book": (get("Amira", amira, expect(RUN, SEE_AMIRA)),),
    "reviews:review": (get("Amira's", review_id, expect(SEE_AMIRA)),),
    "reviews:edit": (get("Amira's", review_id, expect(RUN, SEE_AMIRA)),),
    "reviews:invite": (get("Amira's", review_id, expect(RUN, SEE_AMIRA)),),
    "reviews:cancel": (
        get("asks first", review_id, expect(RUN, SEE_AMIRA)),
        post("Amira's", review_id, expect(RUN, SEE_AMIRA, code=OK)),
    ),
    "reviews:paper_add": (get("Amira's", review_id, expect(ADVISE, SEE_AMIRA)),),
    "reviews:circulate": (post("Amira's", review_id, expect(RUN, SEE_AMIRA, code=OK)),),
    "reviews:meeting": (get("Amira's", review_id, expect(RUN, SEE_AMIRA)),),
    "reviews:priorities": (get("Amira's", review_id, expect(RUN, SEE_AMIRA)),),
    # Before the meeting nothing becomes a target: those who run it are told so.
    "reviews:make_targets": (post("Amira's", review_id, expect(RUN, SEE_AMIRA, code=OK)),),
    "reviews:report": (get("Amira's", review_id, expect(RUN, SEE_AMIRA)),),
    "reviews:send_report": (post("Amira's", review_id, expect(RUN, SEE_AMIRA, code=OK)),),
    "reviews:decision": (get("Amira's", review_id, expect(RUN, SEE_AMIRA)),),
    "reviews:chase": (post("Amira's", review_id, expect(RUN, SEE_AMIRA, code=OK)),),
    # The pack: families read it once it has gone out.
    "reviews:summary": (
        get("before it goes out", review_id, expect(SEE_AMIRA_STAFF)),
        get("once it has gone out", lambda r: [circulated(r).pk], expect(SEE_AMIRA)),
    ),
    "reviews:summary_pdf": (get("Amira's", review_id, expect(RUN, SEE_AMIRA)),),
    "reviews:paper": (get("advice", lambda r: [advice(r).pk], expect(SEE_AMIRA)),),
    # Each parent answers their own invitation; staff may see it but not answer.
    "reviews:answer": (get("Amira's", review_id, expect(AMIRA_FAMILY, SEE_AMIRA)),),
    "reviews:give_views": (
        get("Amira's", review_id, expect(AMIRA_FAMILY | ADVISE, SEE_AMIRA)),
    ),
    # Layla's spoken views are her household's: Omar may not know they exist.
    "reviews:recording": (
        get("Layla's", lambda r: [laylas_views(r).token],
            expect(SEE_AMIRA_STAFF | {"parent"})),
    ),
}
