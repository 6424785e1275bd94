"""Reading reviews: each pupil's review clock (when the next review is due, what is booked,
what is late and why), the SENCO's calendar, the compliance figures, and who may be
invited. A fixed number of queries however many pupils and reviews.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bridgebook.core.access import visible_pupils
from bridgebook.people.models import Contact, Pupil, PupilContact
from bridgebook.reviews.models import EhcpRecord, Invitee, Review
from bridgebook.reviews.schedule import Schedule, schedule, school_year_start

Stage = Review.Stage
LATE = "late"
WARN = "warn"


@dataclass
class Problem:
    """Something late (``LATE``) or coming up (``WARN``), in words that say why; a ``gap``
    is something the school has not recorded yet (no dates, no local authority)."""
    level: str
    text: str
    gap: bool = False


@dataclass
class Clock:
    """A pupil's review clock on a day."""
    pupil: Pupil
    record: EhcpRecord | None
    since: datetime.date | None = None
    since_label: str = ""
    due_on: datetime.date | None = None
    status: str = ""
    transfer: str = ""
    transfer_deadline: datetime.date | None = None
    months: int = 12
    booked: Review | None = None
    # Every review but the cancelled ones, oldest first; those not finished.
    reviews: list[Review] = field(default_factory=list)
    open_reviews: list[Review] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def key_date(self) -> datetime.date | None:
        """The date the calendar files the pupil under."""
        if self.booked is not None:
            return self.booked.meeting_day
        return self.due_on

    @property
    def is_late(self) -> bool:
        return any(problem.level == LATE for problem in self.problems)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))


STATUS_LABELS = {
    "booked": gettext_lazy("Booked"),
    "overdue": gettext_lazy("Overdue"),
    "due": gettext_lazy("Due soon"),
    "later": gettext_lazy("Not due yet"),
    "unknown": gettext_lazy("Due date not known"),
    "after": gettext_lazy("After the meeting"),
}
# How far ahead a review counts as due soon (booking needs the invitations 2 weeks ahead
# and the advice before that).
DUE_SOON_DAYS = 91


def invitable_contacts(pupil) -> list[Contact]:
    """Who is invited from the family: every contact with parental responsibility who is
    entitled to the pupil (never a restricted one), each in their own household."""
    links = (PupilContact.objects.entitled()
             .filter(pupil=pupil, parental_responsibility=True)
             .select_related("contact").order_by("priority", "pk"))
    return [link.contact for link in links]


def long_date(day: datetime.date) -> str:
    """A date as the review pages write it (3 March 2027), in the active language."""
    return date_format(day, "j F Y")


def invitation_notice(review: Review, rules: Schedule, today: datetime.date) -> int | None:
    """How many days' notice of its meeting a booked review gave, where that is less than
    the law asks (reg 20(3): invitations at least 2 weeks before), else None. Invitations
    never sent count from ``today``, once the meeting is less than 2 weeks away. Uses the
    review's pupil and school, with no query."""
    day = review.meeting_day
    if review.invitations_sent_at is None:
        sent = today
    else:
        sent = timezone.localtime(review.invitations_sent_at, review.pupil.school.tz).date()
    if sent <= rules.invitations_by(day):
        return None
    return (day - sent).days


def _problems(clock: Clock, rules: Schedule, today: datetime.date) -> list[Problem]:
    problems = []

    def deadline(day: datetime.date | None, done, late_text: str, warn_text: str):
        if day is None or done:
            return
        if today > day:
            problems.append(Problem(LATE, late_text % {"date": long_date(day)}))
        elif rules.warns(day, today):
            problems.append(Problem(WARN, warn_text % {"date": long_date(day),
                                                       "days": (day - today).days}))

    if clock.since is None:
        problems.append(Problem(WARN, _("No plan date or last review is recorded, so the "
                                        "due date is not known."), gap=True))
    if clock.record is None or clock.record.local_authority_id is None:
        problems.append(Problem(WARN, _("No local authority is recorded."), gap=True))
    if clock.status == "overdue":
        problems.append(Problem(LATE, _("Overdue: due by %(due)s, %(months)s months after "
                                        "%(since)s on %(date)s, and no meeting is booked.") % {
            "due": long_date(clock.due_on), "since": clock.since_label, "months": clock.months,
            "date": long_date(clock.since)}))
    for review in clock.open_reviews:
        day = review.meeting_day
        if review.stage == Stage.BOOKED:
            if review.due_on and day > review.due_on:
                problems.append(Problem(LATE, _("The meeting on %(day)s is after the date "
                                                "the review was due, %(due)s.") % {
                    "day": long_date(day), "due": long_date(review.due_on)}))
            late_notice = invitation_notice(review, rules, today)
            if late_notice is not None and review.invitations_sent_at is None:
                problems.append(Problem(LATE, _("The invitations have not gone out: they "
                                                "were due by %(date)s.") % {
                    "date": long_date(rules.invitations_by(day))}))
            elif late_notice is not None:
                problems.append(Problem(LATE, ngettext(
                    "The invitations went out %(days)s day before the meeting on %(day)s: "
                    "the law asks for at least two weeks. Agree the date with everyone "
                    "invited.",
                    "The invitations went out %(days)s days before the meeting on %(day)s: "
                    "the law asks for at least two weeks. Agree the date with everyone "
                    "invited.", late_notice) % {"days": late_notice, "day": long_date(day)}))
            deadline(rules.papers_by(day), review.pack_circulated_at,
                     _("The papers have not gone out: they were due by %(date)s."),
                     _("The papers must go out by %(date)s (in %(days)s days)."))
            if day < today:
                problems.append(Problem(LATE, _("The meeting on %(day)s has not been "
                                                "recorded.") % {"day": long_date(day)}))
            for invitee in review.invitees.all():
                if invitee.answer == Invitee.Answer.OTHER_TIME:
                    problems.append(Problem(WARN, _("%(name)s asked for another time.")
                                            % {"name": invitee.name}))
        held = review.held_on
        if held is None:
            continue
        deadline(rules.report_by(held), review.report_sent_at,
                 _("The report has not gone out: it was due by %(date)s."),
                 _("The report must go out by %(date)s (in %(days)s days)."))
        deadline(rules.decision_by(held), review.decision_on,
                 _("The local authority's decision was due by %(date)s: chase them."),
                 _("The local authority's decision is due by %(date)s."))
        if review.decision == Review.Decision.AMEND and review.amendment_proposed_on:
            deadline(rules.final_plan_by(review.amendment_proposed_on), review.final_plan_on,
                     _("The final amended plan was due by %(date)s: chase the local "
                       "authority."),
                     _("The final amended plan is due by %(date)s."))
    if clock.transfer_deadline is not None:
        # Only a plan amended in the school year of the move counts, not one from before.
        starts = datetime.date(school_year_start(clock.transfer_deadline), 9, 1)
        amended = any(review.final_plan_on
                      and starts <= review.final_plan_on <= clock.transfer_deadline
                      for review in clock.reviews)
        deadline(clock.transfer_deadline, amended,
                 _("Moving on at the end of the year: the plan had to be amended by "
                   "%(date)s."),
                 _("Moving on at the end of the year: the plan must be amended by "
                   "%(date)s."))
    return problems


def clocks(pupils, *, today: datetime.date | None = None) -> list[Clock]:
    """The review clock of each pupil (three queries however many)."""
    today = today or timezone.localdate()
    rules = schedule()
    pupils = list(pupils)
    records = {record.pupil_id: record for record in
               EhcpRecord.objects.filter(pupil__in=pupils).select_related("local_authority")}
    reviews = defaultdict(list)
    for review in (Review.objects.filter(pupil__in=pupils).exclude(stage=Stage.CANCELLED)
                   .prefetch_related(Prefetch("invitees",
                                              queryset=Invitee.objects.order_by("pk")))
                   .order_by("meets_at")):
        reviews[review.pupil_id].append(review)
    result = []
    for pupil in pupils:
        record = records.get(pupil.pk)
        clock = Clock(pupil=pupil, record=record, reviews=reviews[pupil.pk])
        for review in clock.reviews:
            review.pupil = pupil           # the school's time zone, with no more queries
        # 12 months from the last review; from the plan's first issue until there is one
        # (an amended plan's date does not restart the clock: reg 18).
        held = [review.held_on for review in clock.reviews if review.held_on]
        if record is not None and record.last_review_on:
            held.append(record.last_review_on)
        if held:
            clock.since, clock.since_label = max(held), _("the last review")
        elif record is not None and record.plan_issued_on:
            clock.since, clock.since_label = record.plan_issued_on, _("the plan was issued")
        if clock.since:
            clock.months = rules.interval(clock.since, pupil.date_of_birth)
            clock.due_on = rules.due(clock.since, pupil.date_of_birth)
        clock.open_reviews = [review for review in clock.reviews
                              if review.stage != Stage.FINISHED]
        clock.booked = next((review for review in clock.open_reviews
                             if review.stage == Stage.BOOKED), None)
        if clock.booked is not None:
            clock.status = "booked"
        elif clock.due_on is None:
            clock.status = "unknown"
        elif clock.due_on < today:
            clock.status = "overdue"
        elif clock.due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            clock.status = "due"
        else:
            clock.status = "later"
        clock.transfer = rules.transfer(pupil.date_of_birth, today,
                                        record.transfer if record else "")
        clock.transfer_deadline = rules.transfer_deadline_for(clock.transfer, today)
        clock.problems = _problems(clock, rules, today)
        result.append(clock)
    return result


def clock_for(pupil, *, today: datetime.date | None = None) -> Clock:
    return clocks([pupil], today=today)[0]


def on_roll_with_plan(pupils):
    """Of ``pupils``, those with an EHC plan who have not left."""
    return (pupils.filter(has_ehcp=True)
            .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=timezone.localdate()))
            .select_related("school_class", "school"))


def ehcp_pupils(user, school, *, school_class=None):
    """The pupils with an EHC plan at ``school`` the user sees, still on roll."""
    pupils = on_roll_with_plan(visible_pupils(user).filter(school=school))
    if school_class is not None:
        pupils = pupils.filter(school_class=school_class)
    return pupils.order_by("legal_last_name", "legal_first_name", "pk")


@dataclass
class Month:
    label: str
    clocks: list[Clock]


@dataclass
class Calendar:
    late: list[Clock]
    months: list[Month]
    unknown: list[Clock]
    counts: dict[str, int]


def calendar(user, school, *, school_class=None, today: datetime.date | None = None
             ) -> Calendar:
    """Every EHC plan pupil's review by the month of its meeting (booked) or due date, what
    is late first, with the phase-transfer deadlines."""
    today = today or timezone.localdate()
    found = clocks(ehcp_pupils(user, school, school_class=school_class), today=today)
    dated = sorted((clock for clock in found if clock.key_date),
                   key=lambda clock: (clock.key_date, clock.pupil.display_name))
    months: dict[tuple[int, int], Month] = {}
    for clock in dated:
        key = (clock.key_date.year, clock.key_date.month)
        if key not in months:
            months[key] = Month(label=date_format(clock.key_date, "F Y"), clocks=[])
        months[key].clocks.append(clock)
    counts = {status: sum(1 for clock in found if clock.status == status)
              for status in STATUS_LABELS}
    counts["transfer"] = sum(1 for clock in found if clock.transfer_deadline)
    counts["late"] = sum(1 for clock in found if clock.is_late)
    return Calendar(late=[clock for clock in found if clock.is_late],
                    months=list(months.values()),
                    unknown=[clock for clock in found if not clock.key_date], counts=counts)


def review_page(review: Review) -> Review:
    """A review with its invitees, papers (with who opened each) and priorities."""
    from bridgebook.reviews.models import Paper, PaperOpening

    return (Review.objects.filter(pk=review.pk)
            .select_related("pupil", "pupil__school", "pupil__school_class", "new_plan")
            .prefetch_related(
                Prefetch("invitees", queryset=Invitee.objects.select_related("contact")
                         .order_by("pk")),
                Prefetch("papers", queryset=Paper.objects.select_related("uploaded_by")
                         .prefetch_related(Prefetch("openings",
                                                    queryset=PaperOpening.objects
                                                    .select_related("user")
                                                    .order_by("opened_at")))),
                "priorities", "priorities__outcome", "discussions")
            .get())
