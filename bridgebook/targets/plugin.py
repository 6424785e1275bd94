"""What targets add to the shared pages (bridgebook/core/registry.py): the Targets tab of a
child's page, a row on each child's card on a family's landing page, one-tap tagging of book
entries as evidence, the school's progress scale, the message families get when a target is
set, changed or achieved, the demo's plans, and their records in the audit log."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import viewer_for
from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    EntryExtra,
    FamilyCard,
    NotificationKind,
    PupilTab,
    SettingsPage,
    Urls,
    site,
)
from bridgebook.diary.models import Entry
from bridgebook.people.models import Pupil
from bridgebook.targets import selectors
from bridgebook.targets.access import SCALE_ROLES, can_contribute
from bridgebook.targets.demo import seed_demo_targets
from bridgebook.targets.models import TARGET_NOTICE, Target


def _open_targets(viewer, pupil_ids) -> dict[int, int]:
    """How many targets each child's current plan is working on: one query."""
    return dict(Target.objects.filter(pupil_id__in=pupil_ids, status=Target.Status.OPEN,
                                      outcome__plan__is_current=True)
                .values("pupil_id").annotate(n=Count("pk")).values_list("pupil_id", "n"))


def _entry_tags(user, entries) -> dict[int, list[dict]]:
    """Staff who record evidence tag any entry of a pupil they work with; a family member
    tags their own entries from home. Two queries (``selectors.entry_tags``)."""
    viewer = viewer_for(user)
    if viewer.is_staff_member:
        # The pages hand over their entries with pupil and school (else one query).
        if all(Entry.pupil.is_cached(entry) for entry in entries):
            pupils = {entry.pupil_id: entry.pupil for entry in entries}
        else:
            pupils = Pupil.objects.select_related("school").in_bulk(
                {entry.pupil_id for entry in entries})
        entries = [entry for entry in entries
                   if entry.pupil_id in pupils and can_contribute(user, pupils[entry.pupil_id])]
    elif viewer.is_family:
        entries = [entry for entry in entries if entry.author_id == user.pk]
    else:
        return {}
    return selectors.entry_tags(entries)


site.add(
    Urls("targets", "bridgebook.targets.urls"),
    PupilTab(key="targets.targets", label=_("Targets"), url_name="targets:pupil", order=25),
    FamilyCard(key="targets.open", attribute="open_targets", count=_open_targets, order=20,
               template="targets/landing/family_row.html"),
    EntryExtra(key="targets.evidence", template="targets/_entry_tags.html",
               collect=_entry_tags),
    SettingsPage(key="targets.scale", label=_("Progress scale"), order=30,
                 description=_("the steps staff record each target's progress on"),
                 url=lambda school: reverse("targets:scale", args=[school.urn]),
                 show=lambda viewer, school: viewer.has_role(school, SCALE_ROLES)),
    NotificationKind(TARGET_NOTICE, _("Targets")),
    DemoSeeder("targets", seed_demo_targets, after=("people", "diary")),
    AuditType("plan", _("Plan of targets")),
    AuditType("outcome", _("EHCP outcome")),
    AuditType("target", _("Target")),
    AuditType("progress", _("Progress on a target")),
    AuditType("engagementnote", _("Engagement Model note")),
    AuditType("progressscale", _("Progress scale")),
    AuditType("strategy", _("Strategy for home")),
    AuditType("evidence", _("Evidence for a target")),
)
