"""What the concern pages read, each with a fixed number of queries however many concerns,
entries or staff there are."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from bridgebook.concerns.access import LEADER_ROLES, addressed_staff_ids, visible_concerns
from bridgebook.concerns.deadlines import SchoolCalendar
from bridgebook.concerns.models import (
    OPEN_STATUSES,
    Concern,
    ConcernEntry,
    ConcernSettings,
    Status,
)
from bridgebook.core.access import class_staff_ids, group_staff_ids, users_kept_from
from bridgebook.core.models import Role, StaffRole
from bridgebook.diary.day import school_today

User = get_user_model()


def settings_for(school) -> ConcernSettings:
    """The school's settings, or the defaults (unsaved) when it has none: one query."""
    return (ConcernSettings.objects.filter(school=school).first()
            or ConcernSettings(school=school))


# Who -------------------------------------------------------------------------------------

def _allowed(users, pupil):
    """Nobody a court order keeps from the child (a subquery: no query of its own)."""
    return users.exclude(pk__in=users_kept_from(pupil))


def leaders(school, pupil=None) -> list:
    """The school's senior leaders, then its principals, each by name: two queries (the
    people, their leading roles)."""
    rows = StaffRole.objects.filter(school=school, role__in=LEADER_ROLES,
                                    user__is_active=True)
    users = User.objects.filter(pk__in=rows.values("user_id"))
    if pupil is not None:
        users = _allowed(users, pupil)
    found = list(users.prefetch_related(Prefetch(
        "staff_roles", queryset=StaffRole.objects.filter(school=school, role__in=LEADER_ROLES),
        to_attr="leading_roles")).order_by("full_name", "pk"))
    # Senior leaders before principals: escalating to the head is the last resort.
    found.sort(key=lambda user: all(role.role == Role.PRINCIPAL
                                    for role in user.leading_roles))
    return found


def escalation_lead(school, pupil=None, rules: ConcernSettings | None = None,
                    choices: list | None = None):
    """Who a concern is escalated to unless someone else is chosen: the school's choice
    while they still lead it, else its first senior leader, else its principal. ``choices``:
    ``leaders`` already read."""
    rules = rules or settings_for(school)
    choices = leaders(school, pupil) if choices is None else choices
    chosen = next((user for user in choices if user.pk == rules.senior_leader_id), None)
    return chosen or (choices[0] if choices else None)


def team_choices(concern: Concern) -> list:
    """Who may be named as dealing with a concern: the staff it was raised with and the
    school's leaders, never someone a court order keeps from the child. Two queries."""
    ids = addressed_staff_ids(concern) | {concern.handler_id} - {None}
    leading = StaffRole.objects.filter(school=concern.school, role__in=LEADER_ROLES)
    users = User.objects.filter(Q(pk__in=ids) | Q(pk__in=leading.values("user_id")),
                                is_active=True, staff_roles__school=concern.school)
    return list(_allowed(users, concern.pupil).distinct().order_by("full_name", "pk"))


def addressed_people(pupil) -> tuple[list, list]:
    """The child's class staff and the care staff of their residential group (none when in
    no group), each holding the role that lets them see the child (``core.access``), by
    name, as the family chooses whom to raise a concern with: two queries at most."""
    class_staff = []
    if pupil.school_class_id:
        class_staff = list(_allowed(User.objects.filter(
            class_memberships__school_class_id=pupil.school_class_id,
            pk__in=class_staff_ids(pupil.school_class_id), is_active=True),
            pupil).order_by("-class_memberships__is_class_teacher", "full_name", "pk"))
    residential = []
    if pupil.residential_group_id:
        residential = list(_allowed(User.objects.filter(
            pk__in=group_staff_ids(pupil.residential_group_id), is_active=True),
            pupil).order_by("full_name", "pk"))
    return class_staff, residential


# Pages -----------------------------------------------------------------------------------

def pupil_concerns(user, pupil) -> list[Concern]:
    """A child's concerns the reader sees, newest first, with who raised and deals with
    each: one query."""
    return list(visible_concerns(user).filter(pupil=pupil)
                .select_related("contact", "handler").order_by("-raised_at", "-pk"))


def entries(concern: Concern, *, shared_only: bool) -> list[ConcernEntry]:
    """The concern's steps and writing in order (the family reads all but notes): one
    query."""
    rows = concern.entries.select_related("author", "named")
    if shared_only:
        rows = rows.exclude(kind=ConcernEntry.Kind.NOTE)
    return list(rows.order_by("created_at", "pk"))


def family_open_counts(viewer, pupil_ids) -> dict[int, int]:
    """Each child's open concerns the family member raised: one query."""
    if not viewer.contacts:
        return {}
    rows = (Concern.objects.filter(pupil_id__in=pupil_ids, contact_id__in=viewer.contact_ids,
                                   status__in=OPEN_STATUSES)
            .values("pupil_id").annotate(count=Count("pk")).values_list("pupil_id", "count"))
    return dict(rows)


@dataclass
class Times:
    """Response times of the concerns raised in a period, in school days."""

    raised: int = 0
    acknowledged: int = 0
    acknowledged_in_time: int = 0
    resolved: int = 0
    median_days_to_acknowledge: float | None = None
    median_days_to_resolve: float | None = None


@dataclass
class Overview:
    open: list[Concern] = field(default_factory=list)
    overdue: list[Concern] = field(default_factory=list)
    times: Times | None = None
    # Outcome → how many, of the concerns raised in the period.
    outcomes: dict[str, int] = field(default_factory=dict)
    since: datetime.date | None = None


OUTCOMES = ["resolved", "resolved_after_escalation", "not_resolved_after_escalation",
            "complaints_procedure", "open"]


def _outcome(status: str, escalated: bool) -> str:
    if status == Status.RESOLVED:
        return "resolved_after_escalation" if escalated else "resolved"
    if status == Status.COMPLAINTS:
        return "complaints_procedure"
    if status == Status.NOT_RESOLVED and escalated:
        return "not_resolved_after_escalation"
    return "open"


def school_overview(user, school, *, with_times: bool, days: int = 365) -> Overview:
    """The school's open concerns the reader sees (overdue acknowledgements first), and for
    the leaders the response times and outcomes of the concerns raised in the last
    ``days``. Two queries (the open concerns; the period's), three with the school's terms
    for the school days."""
    today = school_today(school)
    open_concerns = list(
        visible_concerns(user).filter(school=school, status__in=OPEN_STATUSES)
        .select_related("pupil", "pupil__school_class", "pupil__residential_group",
                        "contact", "handler")
        .order_by("acknowledge_by", "raised_at", "pk"))
    overview = Overview(open=open_concerns,
                        overdue=[c for c in open_concerns if c.is_overdue(today)])
    if not with_times:
        return overview
    since = today - datetime.timedelta(days=days)
    overview.since = since
    rows = list(Concern.objects.filter(school=school, raised_at__date__gte=since)
                .values_list("raised_at", "acknowledge_by", "acknowledged_at", "resolved_at",
                             "status", "escalated_at"))
    calendar = SchoolCalendar.for_school(school)
    times = Times(raised=len(rows))
    to_acknowledge, to_resolve = [], []
    outcomes = dict.fromkeys(OUTCOMES, 0)

    def local(moment) -> datetime.date:
        return timezone.localtime(moment, school.tz).date()

    for raised_at, due, acknowledged_at, resolved_at, status, escalated_at in rows:
        outcomes[_outcome(status, escalated_at is not None)] += 1
        if acknowledged_at is not None:
            times.acknowledged += 1
            times.acknowledged_in_time += local(acknowledged_at) <= due
            to_acknowledge.append(calendar.between(local(raised_at), local(acknowledged_at)))
        if resolved_at is not None:
            times.resolved += 1
            to_resolve.append(calendar.between(local(raised_at), local(resolved_at)))
    if to_acknowledge:
        times.median_days_to_acknowledge = statistics.median(to_acknowledge)
    if to_resolve:
        times.median_days_to_resolve = statistics.median(to_resolve)
    overview.times = times
    overview.outcomes = outcomes
    return overview
