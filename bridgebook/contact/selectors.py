"""Reads for the contact pages: the term, each class's families and whether they were
reached this term, coverage per class, a pupil's log, and the visits of the day.

A "family" to reach is a (pupil, household) pair for each household with a contact who has
parental responsibility for the pupil or is named to receive information and is not
restricted: separated parents are two families, a restricted contact is never one. A contact
with no known household is a family of their own (keyed ("contact", id), as
``messaging.recipients.households`` counts them). A family is reached this term when a
``ContactRecord`` of the pupil dated in the term names that household (or, for a contact with
no household, that contact). Messages never count.

Every list shown to a member of staff leaves out the pupils a court order keeps from them
(``Viewer.restricted_pupil_ids``: their account is a restricted contact's, or has its email
address): pass ``viewer`` (the reader, a User) to the coverage selectors.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from bridgebook.contact.models import ContactRecord, ContactSettings, FollowUp, HomeVisit
from bridgebook.core.access import users_kept_from, viewer_for
from bridgebook.core.models import Role, StaffRole, Term, User
from bridgebook.diary.day import school_today
from bridgebook.people.models import ClassStaff, Household, Pupil, PupilContact, SchoolClass


def settings_for(school) -> ContactSettings:
    """The school's settings, or the defaults (unsaved) where it has none."""
    found = ContactSettings.objects.filter(school=school).first()
    return found or ContactSettings(school=school)


@dataclass(frozen=True)
class TermNow:
    term: Term | None
    today: datetime.date

    @property
    def start(self) -> datetime.date | None:
        return self.term.starts_on if self.term else None

    def bounds(self, tz) -> tuple[datetime.datetime, datetime.datetime] | None:
        """The term from the first moment of its first day to the end of its last, where
        the school is."""
        if self.term is None:
            return None
        start = datetime.datetime.combine(self.term.starts_on, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(self.term.ends_on + datetime.timedelta(days=1),
                                        datetime.time.min, tzinfo=tz)
        return start, end

    def weeks_left(self) -> int | None:
        if self.term is None:
            return None
        return max(0, (self.term.ends_on - self.today).days) // 7

    def ends_within(self, weeks: int) -> bool:
        return (self.term is not None
                and (self.term.ends_on - self.today) <= datetime.timedelta(weeks=weeks))


def current_term(school, today: datetime.date | None = None) -> TermNow:
    """The core Term containing the school's today (one query), or none."""
    today = today or school_today(school)
    term = (Term.objects.filter(academic_year__school=school, starts_on__lte=today,
                                ends_on__gte=today).order_by("starts_on").first())
    return TermNow(term=term, today=today)


def on_roll(pupils, today: datetime.date):
    return pupils.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))


def kept_from(user) -> set[int]:
    """The pupils a court order keeps from ``user`` (none for no user)."""
    return viewer_for(user).restricted_pupil_ids if user is not None else set()


def family_key(household_id: int | None, contact_id: int | None):
    """A family within a pupil's: its household, or the contact alone when they have no
    known household (``None`` for a record naming neither: it reaches no family)."""
    if household_id is not None:
        return household_id
    if contact_id is not None:
        return ("contact", contact_id)
    return None


@dataclass
class Family:
    pupil: Pupil
    household: Household | None
    contacts: list = field(default_factory=list)
    last_contact: datetime.datetime | None = None
    this_term: int = 0
    follow_ups: list = field(default_factory=list)

    @property
    def reached(self) -> bool:
        return self.this_term > 0

    @property
    def household_id(self) -> int | None:
        return self.household.pk if self.household else None

    @property
    def key(self):
        return family_key(self.household_id, self.contacts[0].pk if self.contacts else None)


def families_of(pupils, term: TermNow, tz) -> list[Family]:
    """Every family of ``pupils`` (a list), with its last contact ever, how many this term
    and its open follow-ups. Three queries however many pupils and families: the entitled
    links with their contacts and households, the records grouped by (pupil, household,
    contact), the open follow-ups."""
    by_pupil = {pupil.pk: pupil for pupil in pupils}
    families: dict[tuple, Family] = {}
    links = (PupilContact.objects.entitled().filter(pupil_id__in=list(by_pupil))
             .select_related("contact", "contact__household")
             .order_by("pupil_id", "priority", "pk"))
    for link in links:
        key = (link.pupil_id, family_key(link.contact.household_id, link.contact_id))
        family = families.get(key)
        if family is None:
            family = families[key] = Family(pupil=by_pupil[link.pupil_id],
                                            household=link.contact.household)
        family.contacts.append(link.contact)
    bounds = term.bounds(tz)
    in_term = (Q(happened_at__gte=bounds[0], happened_at__lt=bounds[1]) if bounds
               else Q(pk__in=[]))
    rows = (ContactRecord.objects.filter(pupil_id__in=list(by_pupil))
            .values("pupil_id", "household_id", "contact_id")
            .annotate(last=Max("happened_at"), this_term=Count("pk", filter=in_term))
            .order_by())
    for row in rows:
        family = families.get((row["pupil_id"],
                               family_key(row["household_id"], row["contact_id"])))
        if family is not None:
            if family.last_contact is None or row["last"] > family.last_contact:
                family.last_contact = row["last"]
            family.this_term += row["this_term"]
    open_follow_ups = (FollowUp.objects.filter(record__pupil_id__in=list(by_pupil),
                                               done_at__isnull=True)
                       .select_related("owner", "record").order_by("due_on", "pk"))
    for follow_up in open_follow_ups:
        record = follow_up.record
        family = families.get((record.pupil_id,
                               family_key(record.household_id, record.contact_id)))
        if family is not None:
            family.follow_ups.append(follow_up)
    order = {pupil.pk: position for position, pupil in enumerate(pupils)}
    return sorted(families.values(),
                  key=lambda f: (order[f.pupil.pk], f.household_id is None,
                                 f.household_id or 0, f.contacts[0].pk if f.contacts else 0))


@dataclass
class ClassCoverage:
    school_class: SchoolClass
    term: TermNow
    families: list[Family]
    notice_weeks: int

    @property
    def reached(self) -> list[Family]:
        return [family for family in self.families if family.reached]

    @property
    def not_reached(self) -> list[Family]:
        return [family for family in self.families if not family.reached]

    @property
    def remind(self) -> bool:
        """The term ends within the school's notice weeks and families remain."""
        return bool(self.not_reached) and self.term.ends_within(self.notice_weeks)


def class_coverage(school_class: SchoolClass, viewer=None) -> ClassCoverage:
    """The class's families this term, as ``viewer`` (a User) may read them: never a pupil
    a court order keeps from them. Queries: the settings, the term, the pupils, then
    ``families_of``'s three."""
    school = school_class.school
    rules = settings_for(school)
    term = current_term(school)
    pupils = list(on_roll(Pupil.objects.filter(school_class=school_class), term.today)
                  .exclude(pk__in=kept_from(viewer))
                  .order_by("legal_last_name", "legal_first_name", "pk"))
    return ClassCoverage(school_class=school_class, term=term,
                         families=families_of(pupils, term, school.tz),
                         notice_weeks=rules.remind_weeks_before)


@dataclass
class ClassCount:
    school_class: SchoolClass
    total: int = 0
    reached: int = 0
    teachers: list = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return round(100 * self.reached / self.total) if self.total else None


def school_coverage(school, classes, viewer=None) -> tuple[TermNow, list[ClassCount],
                                                           ClassCount]:
    """Reached and total families per class this term, and the school's total (of the
    classes given), leaving out the pupils a court order keeps from ``viewer``. Queries: the
    term, the class teachers, the families (pupil, household or contact), the families
    reached: constant however many classes and pupils."""
    term = current_term(school)
    counts = {school_class.pk: ClassCount(school_class=school_class) for school_class in classes}
    for member in (ClassStaff.objects.filter(school_class_id__in=list(counts),
                                             is_class_teacher=True)
                   .select_related("user").order_by("user__full_name")):
        counts[member.school_class_id].teachers.append(member.user)
    pupils = (on_roll(Pupil.objects.filter(school_class_id__in=list(counts)), term.today)
              .exclude(pk__in=kept_from(viewer)))
    pairs = {(class_id, pupil_id, family_key(household_id, contact_id))
             for class_id, pupil_id, household_id, contact_id
             in PupilContact.objects.entitled().filter(pupil__in=pupils)
             .values_list("pupil__school_class_id", "pupil_id", "contact__household_id",
                          "contact_id").distinct()}
    reached: set[tuple] = set()
    bounds = term.bounds(school.tz)
    if bounds:
        reached = {(pupil_id, family_key(household_id, contact_id))
                   for pupil_id, household_id, contact_id in ContactRecord.objects.filter(
                       pupil__in=pupils, happened_at__gte=bounds[0],
                       happened_at__lt=bounds[1])
                   .values_list("pupil_id", "household_id", "contact_id").distinct()}
    for class_id, pupil_id, key in pairs:
        count = counts[class_id]
        count.total += 1
        count.reached += (pupil_id, key) in reached
    rows = [counts[school_class.pk] for school_class in classes]
    total = ClassCount(school_class=None, total=sum(row.total for row in rows),
                       reached=sum(row.reached for row in rows))
    return term, rows, total


def pupil_log(pupil):
    """A pupil's contact records, newest first, with who, whom and follow-ups (three
    queries), and their home visits (one)."""
    records = (ContactRecord.objects.filter(pupil=pupil)
               .select_related("staff", "contact", "household")
               .prefetch_related("follow_ups", "follow_ups__owner"))
    visits = (HomeVisit.objects.filter(pupil=pupil)
              .select_related("lead", "second", "buddy").order_by("-starts_at"))
    return list(records), list(visits)


def household_choices(pupil):
    """The households of the pupil's contacts who are not restricted (where a visit may
    go; a household with only a restricted contact is never offered)."""
    return Household.objects.filter(
        pk__in=PupilContact.objects.filter(pupil=pupil, is_restricted=False)
        .values("contact__household_id")).order_by("address_line_1", "pk")


def staff_choices(school, pupil=None):
    """The school's staff, but anyone a court order keeps from the pupil."""
    users = User.objects.filter(
        pk__in=StaffRole.objects.filter(school=school).values("user_id"), is_active=True)
    if pupil is not None:
        users = users.exclude(pk__in=users_kept_from(pupil))
    return users.order_by("full_name", "pk")


def principals(school, pupil=None):
    """The school's principals (active), but anyone a court order keeps from ``pupil``."""
    heads = (StaffRole.objects.filter(school=school, role=Role.PRINCIPAL, user__is_active=True)
             .values("user_id"))
    return list(staff_choices(school, pupil).filter(pk__in=heads))


def may_be_named(user, school, pupil) -> bool:
    """``user`` may be named on (or alerted about) a visit to ``pupil``: one of the
    school's staff whom no court order keeps from the pupil."""
    return user is not None and staff_choices(school, pupil).filter(pk=user.pk).exists()


def my_follow_ups(user, school=None) -> list[FollowUp]:
    """The user's own open follow-ups (at ``school``), soonest due first, never about a
    pupil a court order keeps from them: one query."""
    follow_ups = (FollowUp.objects.filter(owner=user, done_at__isnull=True)
                  .exclude(record__pupil_id__in=kept_from(user))
                  .select_related("record", "record__pupil", "record__staff")
                  .order_by("due_on", "pk"))
    if school is not None:
        follow_ups = follow_ups.filter(record__school=school)
    return list(follow_ups)


VISIT_RELATED = ("pupil", "school", "household", "lead", "second", "buddy")


def my_visits_today(user) -> list[HomeVisit]:
    """The visits the user makes today (lead or second), not cancelled, or still checked
    in from before: one query."""
    now = timezone.now()
    start = now - datetime.timedelta(hours=18)
    end = now + datetime.timedelta(hours=18)
    visits = (HomeVisit.objects.filter(Q(lead=user) | Q(second=user), cancelled_at__isnull=True)
              .exclude(pupil_id__in=kept_from(user))
              .filter(Q(starts_at__gte=start, starts_at__lt=end)
                      | Q(checked_in_at__isnull=False, checked_out_at__isnull=True))
              .select_related(*VISIT_RELATED).order_by("starts_at", "pk"))
    return [visit for visit in visits
            if timezone.localtime(visit.starts_at, visit.school.tz).date()
            == timezone.localtime(now, visit.school.tz).date() or visit.is_out]


def alerts_for(user) -> list[HomeVisit]:
    """Overdue visits whose alert is for the user, not acknowledged yet: they are the
    buddy, the senior leader it escalated to, or a principal of the school. One query for
    the visits and one for the user's principal roles (through the Viewer)."""
    viewer = viewer_for(user)
    head_of = [school_id for school_id, roles in viewer.roles.items()
               if Role.PRINCIPAL in roles]
    condition = Q(buddy=user) | Q(escalated_to=user) | Q(school_id__in=head_of)
    condition |= Q(school__trust_id__in=viewer.trust_ids)
    visits = (HomeVisit.objects.filter(condition, alerted_at__isnull=False,
                                       acknowledged_at__isnull=True, checked_out_at__isnull=True,
                                       cancelled_at__isnull=True)
              .exclude(pupil_id__in=viewer.restricted_pupil_ids)
              .select_related(*VISIT_RELATED).order_by("ends_at", "pk"))
    return list(visits)
