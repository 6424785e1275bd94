"""The daily reminder to those who run a school's annual reviews: what is late (a review
overdue, papers not out, the report or the local authority's decision past its date) and
what is coming up within the schedule's warning days, with a link to each review, so
nothing waits on someone remembering to open the calendar. ``manage.py
send_review_reminders`` runs it once a day; each person gets at most one a day per school,
however often it runs (a ``ReminderSent`` row is written before the email goes, and taken
away again if sending fails, so the next run tries again).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bridgebook.core.access import viewer_for
from bridgebook.core.models import Role, School, StaffRole
from bridgebook.people.models import Pupil
from bridgebook.reviews.models import ReminderSent
from bridgebook.reviews.selectors import LATE, clocks, on_roll_with_plan

RUNS_REVIEWS = (Role.SENCO, Role.PRINCIPAL)


def items_for(school, today) -> list[tuple[str, str, str, int]]:
    """(level, pupil and problem, link, pupil id) for each thing late or coming up at
    ``school``."""
    base = settings.BRIDGEBOOK_BASE_URL
    found = []
    for clock in clocks(on_roll_with_plan(Pupil.objects.filter(school=school)), today=today):
        link = base + (reverse("reviews:review", args=[clock.booked.pk]) if clock.booked
                       else reverse("reviews:pupil", args=[clock.pupil.pk]))
        for problem in clock.problems:
            if problem.gap:
                continue          # what is not recorded yet is on the calendar, not daily
            found.append((problem.level, f"{clock.pupil.display_name}: {problem.text}", link,
                          clock.pupil.pk))
    return sorted(found, key=lambda item: item[0] != LATE)


def _email(school, user, items) -> EmailMessage:
    late = [item for item in items if item[0] == LATE]
    lines = [f"Dear {user.full_name},", "",
             f"Annual reviews at {school.name} today: {len(late)} late, "
             f"{len(items) - len(late)} coming up.", ""]
    for level, text, link, _pupil in items:
        lines += [("LATE: " if level == LATE else "Soon: ") + text, link, ""]
    lines.append("The calendar: " + settings.BRIDGEBOOK_BASE_URL
                 + reverse("reviews:calendar", args=[school.urn]))
    return EmailMessage(subject=f"Annual reviews at {school.name}: {len(late)} late",
                        body="\n".join(lines), to=[user.email])


def send_reminders(today=None) -> int:
    """Email each SENCO and principal the day's list for each school; returns how many
    went."""
    today = today or timezone.localdate()
    sent = 0
    for school in School.objects.order_by("pk"):
        roles = list(StaffRole.objects.filter(school=school, role__in=RUNS_REVIEWS)
                     .select_related("user").order_by("user_id"))
        if not roles:
            continue
        items = items_for(school, today)
        if not items:
            continue
        for user in {role.user_id: role.user for role in roles}.values():
            # Nothing about a pupil a court order keeps from them, over their role.
            kept = viewer_for(user).restricted_pupil_ids
            theirs = [item for item in items if item[3] not in kept]
            if not user.email or not user.is_active or not theirs:
                continue
            try:
                with transaction.atomic():
                    row = ReminderSent.objects.create(school=school, user=user, day=today,
                                                      items=len(theirs))
            except IntegrityError:
                continue              # already reminded today
            try:
                _email(school, user, theirs).send()
            except Exception:
                row.delete()
                raise
            sent += 1
    return sent
