"""What annual reviews add to the shared pages (bridgebook/core/registry.py): the SENCO's
calendar and the compliance page in the staff menu, the Annual review tab of a child's page,
a row on each child's card on a family's landing page while a review is under way, the
school's local authorities in its settings, the messages families get about their child's
review, the demo's reviews, and their records in the audit log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    FamilyCard,
    MenuEntry,
    NotificationKind,
    PupilTab,
    Section,
    SettingsPage,
    Urls,
    site,
)
from bridgebook.reviews.access import COMPLIANCE_ROLES, REVIEW_ROLES
from bridgebook.reviews.demo import seed_demo_reviews
from bridgebook.reviews.models import REVIEW_NOTICE, Review


def _reviews_under_way(viewer, pupil_ids) -> dict[int, int]:
    """1 for each child with a review booked or under way: one query."""
    return dict.fromkeys(
        Review.objects.filter(pupil_id__in=pupil_ids)
        .exclude(stage__in=[Review.Stage.FINISHED, Review.Stage.CANCELLED])
        .values_list("pupil_id", flat=True).distinct(), 1)


def _runs_reviews(viewer, school) -> bool:
    return viewer.is_staff_member and viewer.has_role(school, REVIEW_ROLES)


site.add(
    Urls("reviews", "bridgebook.reviews.urls"),
    MenuEntry(key="reviews.calendar", label=_("Annual reviews"), section=Section.PUPILS,
              url=lambda viewer, school: reverse("reviews:calendar", args=[school.urn]),
              show=lambda viewer, school: viewer.is_staff_member, order=40,
              paths=("/reviews/",)),
    MenuEntry(key="reviews.compliance", label=_("Reviews on time"), section=Section.OVERSIGHT,
              url=lambda viewer, school: reverse("reviews:compliance"),
              show=lambda viewer, school: viewer.has_role(school, COMPLIANCE_ROLES),
              order=40),
    PupilTab(key="reviews.reviews", label=_("Annual review"), url_name="reviews:pupil",
             show=lambda viewer, pupil: pupil.has_ehcp, order=30),
    FamilyCard(key="reviews.under_way", attribute="review_under_way",
               count=_reviews_under_way, order=30,
               template="reviews/landing/family_row.html"),
    SettingsPage(key="reviews.authorities", label=_("Local authorities"), order=40,
                 description=_("the local authorities that maintain pupils' plans, and "
                               "their contacts for annual reviews"),
                 url=lambda school: reverse("reviews:authorities", args=[school.urn]),
                 show=_runs_reviews),
    NotificationKind(REVIEW_NOTICE, _("Annual reviews")),
    DemoSeeder("reviews", seed_demo_reviews, after=("people", "targets")),
    AuditType("review", _("Annual review")),
    AuditType("localauthority", _("Local authority")),
    AuditType("ehcprecord", _("EHC plan dates")),
    AuditType("paper", _("Review paper")),
    AuditType("contribution", _("Views for a review")),
    AuditType("priority", _("Priority from a review")),
)
