"""What the home-school agreement adds to the shared pages (bridgebook/core/registry.py):
"Home-school agreement" in the School part of the staff menu (every member of staff reads
it; its pages hold the draft, the versions, the review record, who might like help and the
admissions pack), the Agreement tab of a child's page (staff: the signatures and the pack;
a family: the agreement and their own signature), a row on a family's landing page only for
a child whose admissions pack was sent to them (the documents are there to find; nothing
about signing is on any landing page), the school's settings for it, the messages families
get, the demo's agreement, and its records in the audit log."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.agreements.access import can_change_settings
from bridgebook.agreements.demo import seed_demo_agreement
from bridgebook.agreements.models import PackDelivery
from bridgebook.agreements.notifications import AGREEMENT_NOTICE, PACK_NOTICE
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


def _pack_documents(viewer, pupil_ids) -> dict[int, int]:
    """How many documents each child's admissions pack sent to the family member holds:
    one query."""
    if not viewer.contacts:
        return {}
    rows = (PackDelivery.objects.filter(pupil_id__in=pupil_ids,
                                        contact_id__in=viewer.contact_ids)
            .values("pupil_id").annotate(count=Count("items")).values_list("pupil_id",
                                                                           "count"))
    return dict(rows)


site.add(
    Urls("agreements", "bridgebook.agreements.urls"),
    MenuEntry(key="agreements.agreement", label=_("Home-school agreement"),
              section=Section.SCHOOL, order=40,
              url=lambda viewer, school: reverse("agreements:overview", args=[school.urn]),
              show=lambda viewer, school: viewer.is_staff_member),
    PupilTab(key="agreements.pupil", label=_("Agreement"), url_name="agreements:pupil",
             order=80),
    FamilyCard(key="agreements.pack", attribute="admissions_pack_documents",
               count=_pack_documents, order=90,
               template="agreements/family/landing_row.html"),
    SettingsPage(key="agreements.settings", label=_("Home-school agreement"), order=60,
                 description=_("whether the NAS required statements are checked, and how "
                               "often the agreement is reviewed"),
                 url=lambda school: reverse("agreements:settings", args=[school.urn]),
                 show=lambda viewer, school: can_change_settings(viewer.user, school)),
    NotificationKind(AGREEMENT_NOTICE, _("Home-school agreement")),
    NotificationKind(PACK_NOTICE, _("Admissions pack")),
    DemoSeeder("agreements", seed_demo_agreement, after=("people",)),
    AuditType("agreement", _("Home-school agreement")),
    AuditType("agreementversion", _("Version of the home-school agreement")),
    AuditType("statement", _("Statement of the home-school agreement")),
    AuditType("reviewview", _("Views gathered for the agreement's review")),
    AuditType("signature", _("Signature of the home-school agreement")),
    AuditType("pupilsigning", _("Pupil who signs the agreement")),
    AuditType("packitem", _("Admissions pack document")),
    AuditType("packdelivery", _("Admissions pack sent")),
)
