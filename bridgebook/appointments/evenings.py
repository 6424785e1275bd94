"""Parents' evenings: the grid of meeting times, the times still free, back-to-back
suggestions for a family with several children, booking several meetings at once, setting
an evening up, and what staff read on the evening (their schedule, the overview). Who may
run an evening, book at it and open its meetings is in access.py.

The grid. From each session's start, a member of staff meets a family for their meeting
length (``EveningStaff.minutes``), then has the evening's gap before the next; a break (for
them or for everyone) moves the next meeting to the break's end; no meeting runs past the
session's end. A family member who needs an interpreter needs a longer meeting
(``booking.meeting_minutes``): it starts at a grid time and must fit before the next
booked meeting (with the gap), any break and the session's end.

Booking goes through ``booking.book`` (the lead's), which locks the member of staff's row
and checks for a clash inside the lock; ``book_together`` books a family's meetings in one
transaction, so either all of them are booked or none.

Reads cost a fixed number of queries however many staff, slots and bookings: the evening
with its sessions, breaks and staff (``access.load_evening``), then one query for every booked
meeting of the evening's staff in the evening's hours.
"""

from __future__ import annotations

import datetime
import itertools
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgebook.appointments import booking
from bridgebook.appointments.access import booker_side
from bridgebook.appointments.booking import NotBookable
from bridgebook.appointments.models import (
    Appointment,
    EveningBreak,
    EveningSession,
    EveningStaff,
    ParentsEvening,
)
from bridgebook.core import audit
from bridgebook.core.access import viewer_for
from bridgebook.core.models import AuditEvent
from bridgebook.people.models import ClassStaff, Contact, Pupil, PupilContact
from bridgebook.targets.models import Target

Action = AuditEvent.Action
Booked = Appointment.Status.BOOKED
Interval = tuple[datetime.datetime, datetime.datetime]

# How many back-to-back suggestions a family is offered.
SUGGESTIONS = 3
# Families with more children than this get suggestions in one order only (the children's
# order), not every order.
MAX_ORDERS = 5


def bookable_children(contact_id: int, school, *, exclude=()):
    """The children a family member books for at a school: those they have parental
    responsibility for and are not restricted from (nor kept from, ``exclude``: the
    Viewer's ``restricted_pupil_ids``), still on roll (today at the school)."""
    today = timezone.localdate(timezone=school.tz)
    pupils = Pupil.objects.filter(
        school_id=school.pk,
        contact_links__contact_id=contact_id,
        contact_links__parental_responsibility=True,
        contact_links__is_restricted=False).filter(
        Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
    if exclude:
        pupils = pupils.exclude(pk__in=exclude)
    return pupils.select_related("school_class").order_by("legal_first_name", "pk")


def kept_from(pupil_ids) -> dict[int, tuple[set[int], set[str]]]:
    """For each pupil, who a court order keeps from them, as core.access matches it: the
    accounts of their restricted contacts and those contacts' email addresses (upper
    case). One query."""
    found = defaultdict(lambda: (set(), set()))
    for pupil_id, user_id, email in PupilContact.objects.filter(
            pupil_id__in=list(pupil_ids), is_restricted=True).values_list(
            "pupil_id", "contact__user_id", "contact__email"):
        users, emails = found[pupil_id]
        if user_id is not None:
            users.add(user_id)
        if email:
            emails.add(email.upper())
    return found


def is_kept(kept, pupil_id: int, user_id: int | None, *emails: str) -> bool:
    """Whether the person (an account, email addresses) is kept from the pupil
    (``kept_from``): by their account or by any of their email addresses."""
    users, restricted_emails = kept.get(pupil_id, (set(), set()))
    if user_id is not None and user_id in users:
        return True
    return any(email and email.upper() in restricted_emails for email in emails)


def _staff_kept(kept, pupil_id: int, staff) -> bool:
    return is_kept(kept, pupil_id, staff.pk, staff.email)


def _contact_kept(kept, pupil_id: int, contact: Contact) -> bool:
    return is_kept(kept, pupil_id, contact.user_id, contact.email)


# The grid ------------------------------------------------------------------------------------

def _breaks_for(evening_staff: EveningStaff) -> list[Interval]:
    return [(item.starts_at, item.ends_at) for item in evening_staff.evening.breaks.all()
            if item.staff_id in (None, evening_staff.staff_id)]


def _overlaps(start, end, intervals) -> Interval | None:
    return next(((s, e) for s, e in intervals if s < end and e > start), None)


def _grid(evening_staff: EveningStaff, breaks: list[Interval] | None = None,
          ) -> list[tuple[EveningSession, datetime.datetime]]:
    """Each meeting start of the member of staff's grid, with its session (with
    ``breaks`` instead of their breaks, when given)."""
    evening = evening_staff.evening
    length = datetime.timedelta(minutes=evening_staff.minutes)
    gap = datetime.timedelta(minutes=evening.gap_minutes)
    breaks = _breaks_for(evening_staff) if breaks is None else breaks
    starts = []
    for session in evening.sessions.all():
        start = session.starts_at
        while start + length <= session.ends_at:
            clash = _overlaps(start, start + length, breaks)
            if clash:
                start = clash[1]
                continue
            starts.append((session, start))
            start = start + length + gap
    return starts


def slots(evening_staff: EveningStaff) -> list[Interval]:
    """The member of staff's meeting times, booked or not, in order."""
    length = datetime.timedelta(minutes=evening_staff.minutes)
    return [(start, start + length) for _session, start in _grid(evening_staff)]


def booked_times(evening: ParentsEvening) -> dict[int, list[Interval]]:
    """Booked meetings of the evening's staff in its hours (this evening's or any other
    meeting they have then), by member of staff: one query."""
    sessions = list(evening.sessions.all())
    staff_ids = [item.staff_id for item in evening.staff.all()]
    if not sessions or not staff_ids:
        return {}
    found = defaultdict(list)
    for staff_id, starts_at, ends_at in Appointment.objects.filter(
            status=Booked, staff_id__in=staff_ids, starts_at__lt=sessions[-1].ends_at,
            ends_at__gt=sessions[0].starts_at).values_list("staff_id", "starts_at",
                                                           "ends_at"):
        found[staff_id].append((starts_at, ends_at))
    return found


def free_starts(evening_staff: EveningStaff, *, minutes: int | None = None,
                busy: list[Interval] | None = None, also_busy: list[Interval] = (),
                now: datetime.datetime | None = None) -> list[Interval]:
    """The times a meeting of ``minutes`` (the member of staff's own length unless given)
    can start: a grid time still to come from which the meeting fits before the session
    ends, clear of breaks, and, with the gap after each, clear of the member of staff's
    booked meetings (``busy``, from ``booked_times``; one query when not given) and of
    ``also_busy`` (the family's own meetings)."""
    evening = evening_staff.evening
    if busy is None:
        busy = booked_times(evening).get(evening_staff.staff_id, [])
    now = now or timezone.now()
    length = datetime.timedelta(minutes=minutes or evening_staff.minutes)
    gap = datetime.timedelta(minutes=evening.gap_minutes)
    breaks = _breaks_for(evening_staff)
    taken = [(start, end + gap) for start, end in busy]
    theirs = list(also_busy)
    free = []
    for session, start in _grid(evening_staff):
        end = start + length
        if start <= now or end > session.ends_at or _overlaps(start, end, breaks):
            continue
        if _overlaps(start, end + gap, taken) or _overlaps(start, end, theirs):
            continue
        free.append((start, end))
    return free


def free_slots(evening_staff: EveningStaff) -> list[Interval]:
    """The member of staff's meeting times nobody has booked yet."""
    return free_starts(evening_staff)


def valid_start(evening_staff: EveningStaff, start: datetime.datetime, minutes: int) -> bool:
    """Whether a meeting of ``minutes`` may start at ``start`` on the grid (whether or not
    it is booked: ``booking.book`` decides that, inside its lock)."""
    length = datetime.timedelta(minutes=minutes)
    breaks = _breaks_for(evening_staff)
    return any(at == start and start + length <= session.ends_at
               and not _overlaps(start, start + length, breaks)
               for session, at in _grid(evening_staff))


# What a family books ------------------------------------------------------------------------

@dataclass
class Offer:
    """A member of staff a family may meet about a child, and the times still free."""

    pupil: Pupil
    evening_staff: EveningStaff
    is_class_teacher: bool
    times: list[Interval] = field(default_factory=list)

    @property
    def staff(self):
        return self.evening_staff.staff

    @property
    def choices(self) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
        """Each free time as the form sends it, with its start and end."""
        return [(choice_value(self.pupil, self, start), start, end)
                for start, end in self.times]


@dataclass
class ChildPlan:
    pupil: Pupil
    offers: list[Offer]
    booked: list[Appointment]

    @property
    def default(self) -> Offer | None:
        """Whom the child's family meets unless they choose: the class teacher."""
        return next((offer for offer in self.offers if offer.is_class_teacher),
                    self.offers[0] if self.offers else None)

    def booked_with(self, staff_id: int) -> Appointment | None:
        return next((item for item in self.booked if item.staff_id == staff_id), None)

    @property
    def to_book(self) -> Offer | None:
        """The default meeting when it is not booked yet."""
        offer = self.default
        if offer is None or self.booked_with(offer.evening_staff.staff_id):
            return None
        return offer


@dataclass
class Suggestion:
    """Meetings back to back, one for each child: [(child, offer, (start, end))]."""

    meetings: list[tuple[Pupil, Offer, Interval]]
    waiting: datetime.timedelta

    @property
    def starts_at(self):
        return self.meetings[0][2][0]

    @property
    def values(self) -> list[str]:
        return [choice_value(pupil, offer, times[0]) for pupil, offer, times in self.meetings]

    @property
    def ends_at(self):
        return self.meetings[-1][2][1]


@dataclass
class FamilyPlan:
    evening: ParentsEvening
    contact: Contact
    # Who may come with them: anyone else of their own household with parental
    # responsibility for a child they book for, not restricted (nor kept from the child by
    # account or email). Never a parent of another household (a separated parent): one
    # parent may not pull the other into a meeting alone; each books their own. Nobody
    # comes unless chosen: separate meetings stay the default.
    together: list[Contact]
    coming: list[Contact]            # who is coming with them this time
    minutes_extra: int               # longer meetings with an interpreter
    interpreter_language: str
    children: list[ChildPlan]
    suggestions: list[Suggestion]
    # The children each person in ``together`` may come to a meeting about (contact id →
    # pupil ids): someone comes only to meetings about a child of theirs.
    entitled: dict[int, set[int]] = field(default_factory=dict)

    def coming_for(self, pupil_id: int) -> list[Contact]:
        return [person for person in self.coming if pupil_id in self.entitled.get(person.pk, ())]

    @property
    def booked(self) -> list[Appointment]:
        return sorted((item for child in self.children for item in child.booked),
                      key=lambda item: item.starts_at)

    def offer(self, pupil_id: int, evening_staff_id: int) -> tuple[Pupil, Offer] | None:
        for child in self.children:
            if child.pupil.pk == pupil_id:
                for offer in child.offers:
                    if offer.evening_staff.pk == evening_staff_id:
                        return child.pupil, offer
        return None


def _offers(evening: ParentsEvening, children: list[Pupil],
            kept=None) -> dict[int, list[Offer]]:
    """Whom each child's family may meet: the child's class teacher and the class's other
    staff among those taking part, then those taking part who work across the school
    (therapists, the SENCO...); never anyone a court order keeps from the child (by
    account or email, ``kept_from``). One query (two without ``kept``)."""
    if kept is None:
        kept = kept_from([child.pk for child in children])
    taking_part = {item.staff_id: item for item in evening.staff.all()}
    memberships = list(ClassStaff.objects.filter(
        user_id__in=list(taking_part), school_class__school_id=evening.school_id)
        .values_list("user_id", "school_class_id", "is_class_teacher"))
    with_a_class = {user_id for user_id, _class_id, _teacher in memberships}
    found = {}
    for child in children:
        offers = [Offer(child, taking_part[user_id], teacher)
                  for user_id, class_id, teacher in memberships
                  if class_id == child.school_class_id]
        offers.sort(key=lambda offer: (not offer.is_class_teacher,
                                       offer.staff.full_name))
        offers += [Offer(child, item, False) for staff_id, item in taking_part.items()
                   if staff_id not in with_a_class]
        found[child.pk] = [offer for offer in offers
                           if not _staff_kept(kept, child.pk, offer.staff)]
    return found


def family_plan(evening: ParentsEvening, contact: Contact, *, coming_ids=(),
                now=None, exclude=()) -> FamilyPlan:
    """What a family member can book at the evening: for each child they book for, whom
    they may meet and when, what their household has booked (and the meetings they were
    asked to), and back-to-back suggestions. A fixed number of queries (the children, who
    is kept from them, who else has parental responsibility, whom each child may meet, the
    booked times, the family's meetings and who comes to them, the school's interpreter
    time). ``exclude``: children kept from the family member (their Viewer's
    ``restricted_pupil_ids``)."""
    children = list(bookable_children(contact.pk, evening.school, exclude=exclude))
    kept = kept_from([child.pk for child in children])
    children = [child for child in children if not _contact_kept(kept, child.pk, contact)]
    entitled = defaultdict(set)
    people_by_id = {}
    # Their own household only (none without a household): a parent living apart is never
    # offered, so nobody books them into a meeting they did not choose.
    links = (PupilContact.objects.none() if contact.household_id is None else
             PupilContact.objects.filter(
                 pupil_id__in=[child.pk for child in children], parental_responsibility=True,
                 is_restricted=False, contact__household_id=contact.household_id)
             .exclude(contact_id=contact.pk).select_related("contact"))
    for link in links:
        if not _contact_kept(kept, link.pupil_id, link.contact):
            entitled[link.contact_id].add(link.pupil_id)
            people_by_id[link.contact_id] = link.contact
    together = sorted(people_by_id.values(), key=lambda person: (person.first_name, person.pk))
    coming = [person for person in together if person.pk in set(coming_ids)]
    people = [contact, *coming]
    language = booking.interpreter_language(people)
    extra = booking.meeting_minutes(0, people, evening.school) if language else 0
    offers = _offers(evening, children, kept)
    busy = booked_times(evening)
    contact_ids = [person.pk for person in people]
    sessions = list(evening.sessions.all())
    mine = []
    theirs = []
    if sessions:
        around = Appointment.objects.filter(status=Booked,
                                            starts_at__lt=sessions[-1].ends_at,
                                            ends_at__gt=sessions[0].starts_at)
        # The booker's household's meetings, and those of the people coming with them (as
        # booking.book checks): never the rest of another household's, which are not the
        # booker's to know of.
        family = Q(contact_id__in=contact_ids) | Q(with_contacts__in=contact_ids)
        if contact.household_id:
            family |= Q(household_id=contact.household_id)
        for item in (around.filter(family).distinct()
                     .select_related("staff", "pupil").prefetch_related("with_contacts")
                     .order_by("starts_at")):
            theirs.append((item.starts_at, item.ends_at))
            own = (item.household_id == contact.household_id if contact.household_id
                   else item.contact_id == contact.pk)
            own = own or any(person.pk == contact.pk for person in item.with_contacts.all())
            if item.evening_id == evening.pk and own:
                # Only asked to come (from another household): theirs to see, not to
                # cancel (``access.may_cancel``).
                item.cancellable = booker_side(item, contact.pk, contact.household_id)
                mine.append(item)
    plans = []
    for child in children:
        child_offers = offers[child.pk]
        for offer in child_offers:
            offer.times = free_starts(
                offer.evening_staff, minutes=offer.evening_staff.minutes + extra,
                busy=busy.get(offer.evening_staff.staff_id, []), also_busy=theirs, now=now)
        plans.append(ChildPlan(child, child_offers,
                               [item for item in mine if item.pupil_id == child.pk]))
    plan = FamilyPlan(evening, contact, together, coming, extra, language, plans, [],
                      dict(entitled))
    plan.suggestions = suggestions(plan)
    return plan


def suggestions(plan: FamilyPlan, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """For a family with several children to book, meetings one after another, one for each
    child with whom they meet by default (the class teacher), with the least waiting
    between them, on one day: the best ``limit``, earliest first among equals."""
    wanted = [(child.pupil, child.to_book) for child in plan.children if child.to_book]
    wanted = [(pupil, offer) for pupil, offer in wanted if offer.times]
    if len(wanted) < 2:
        return []
    orders = (itertools.permutations(wanted) if len(wanted) <= MAX_ORDERS else [wanted])
    gap = datetime.timedelta(minutes=plan.evening.gap_minutes)
    tz = plan.evening.school.tz
    found = {}
    for order in orders:
        first_pupil, first_offer = order[0]
        for first in first_offer.times:
            meetings = [(first_pupil, first_offer, first)]
            for pupil, offer in order[1:]:
                previous_end = meetings[-1][2][1]
                starts = [start for start, _end in offer.times]
                # The next meeting starts when the last has ended (a gap to walk to the
                # next room is the evening's own gap; straight after is fine too).
                at = bisect_left(starts, previous_end)
                if at == len(starts) or (starts[at].astimezone(tz).date()
                                         != first[0].astimezone(tz).date()):
                    meetings = None
                    break
                meetings.append((pupil, offer, offer.times[at]))
            if meetings is None:
                continue
            waiting = sum(((meetings[i + 1][2][0] - meetings[i][2][1])
                           for i in range(len(meetings) - 1)), datetime.timedelta())
            if waiting > gap * len(meetings) * 3:
                continue  # not back to back
            key = tuple((pupil.pk, offer.evening_staff.pk, times[0])
                        for pupil, offer, times in meetings)
            found[key] = Suggestion(meetings, waiting)
    ranked = sorted(found.values(), key=lambda item: (item.waiting, item.starts_at))
    return ranked[:limit]


def choice_value(pupil, offer: Offer, start: datetime.datetime) -> str:
    """How a chosen meeting travels in a form: child, member of staff, start."""
    return f"{pupil.pk}:{offer.evening_staff.pk}:{int(start.timestamp())}"


def read_choice(plan: FamilyPlan, value: str):
    """A chosen meeting from a form (``choice_value``), checked against the plan: (child,
    offer, (start, end)), or None when it is not one the family may choose."""
    try:
        pupil_id, evening_staff_id, stamp = (int(part) for part in value.split(":"))
        start = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return None
    found = plan.offer(pupil_id, evening_staff_id)
    if found is None:
        return None
    pupil, offer = found
    minutes = offer.evening_staff.minutes + plan.minutes_extra
    if not valid_start(offer.evening_staff, start, minutes):
        return None
    return pupil, offer, (start, start + datetime.timedelta(minutes=minutes))


# Booking -------------------------------------------------------------------------------------

def book_together(*, plan: FamilyPlan, chosen, by) -> list[Appointment]:
    """Book the family member's chosen meetings [(child, offer, (start, end))] in one
    transaction: every one of them, or none (``NotBookable`` says why)."""
    evening = plan.evening
    if not evening.is_open():
        raise NotBookable(_("Booking for this parents’ evening is closed."))
    if not chosen:
        raise NotBookable(_("Choose at least one time."))
    seen = set()
    for pupil, offer, _times in chosen:
        key = (pupil.pk, offer.evening_staff.staff_id)
        child = next(child for child in plan.children if child.pupil.pk == pupil.pk)
        if key in seen or child.booked_with(offer.evening_staff.staff_id):
            raise NotBookable(_("You already have a meeting with %(staff)s about %(name)s.")
                              % {"staff": offer.staff.full_name, "name": pupil.first_name})
        seen.add(key)
    # A court order may have been recorded since the page was read.
    kept = kept_from({pupil.pk for pupil, _offer, _times in chosen})
    if any(_staff_kept(kept, pupil.pk, offer.staff) for pupil, offer, _times in chosen):
        raise NotBookable(_("That time is not one you can book. Please choose again."))
    place = evening.place
    booked = []
    with transaction.atomic():
        # Members of staff in one order, so two families booking the same two people lock
        # them in the same order and never wait for each other.
        for pupil, offer, (start, end) in sorted(
                chosen, key=lambda item: (item[1].evening_staff.staff_id, item[2][0])):
            booked.append(booking.book(
                staff=offer.staff, pupil=pupil, contact=plan.contact, starts_at=start,
                ends_at=end, by=by, mode=evening.mode,
                place=offer.evening_staff.room or place,
                with_contacts=plan.coming_for(pupil.pk),
                interpreter_language=plan.interpreter_language, evening=evening))
    return sorted(booked, key=lambda item: item.starts_at)


# Setting up an evening ------------------------------------------------------------------------

def _audit(evening: ParentsEvening, by, summary: str, action=Action.UPDATE) -> None:
    audit.record(actor=by, action=action, obj=evening, school=evening.school, summary=summary)


def at(school, day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=school.tz)


def do_create_evening(*, school, by, name, mode, place, slot_minutes, gap_minutes,
                      booking_opens_at, booking_closes_at, session) -> ParentsEvening:
    """A new parents' evening with its first session (starts, ends)."""
    with transaction.atomic(durable=True):
        evening = ParentsEvening.objects.create(
            school=school, name=name, mode=mode, place=place, slot_minutes=slot_minutes,
            gap_minutes=gap_minutes, booking_opens_at=booking_opens_at,
            booking_closes_at=booking_closes_at, created_by=by)
        EveningSession.objects.create(evening=evening, starts_at=session[0],
                                      ends_at=session[1])
        _audit(evening, by, f"Set up the parents' evening {name}", Action.CREATE)
    return evening


EDITABLE = ("name", "mode", "place", "slot_minutes", "gap_minutes", "booking_opens_at",
            "booking_closes_at")


class GridLocked(NotBookable):
    """A change to the grid of meeting times (a meeting's length, the gap between meetings)
    refused while families have meetings booked on it; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _booked_at(evening: ParentsEvening):
    """The evening's booked meetings that have not started yet: those already started or
    over hold back no change."""
    return Appointment.objects.filter(evening=evening, status=Booked,
                                      starts_at__gt=timezone.now())


def _refuse_new_breaks(evening: ParentsEvening, breaks, *, staff_id: int | None,
                       message: str) -> None:
    """A break restarts a member of staff's grid at its end, so adding or removing one may
    move the times after it. Refused (``GridLocked``, ``message`` naming them) when a meeting
    booked with a member of staff it affects (``staff_id``; everyone, without) and not
    started yet is on their grid now but would not be with ``breaks`` [(staff_id or None,
    start, end)], the evening's breaks as they would be. One query (the meetings) and the
    evening's sessions, staff and breaks when not prefetched."""
    meetings = _booked_at(evening)
    if staff_id is not None:
        meetings = meetings.filter(staff_id=staff_id)
    booked = defaultdict(set)
    for who, starts_at in meetings.values_list("staff_id", "starts_at"):
        booked[who].add(starts_at)
    for item in evening.staff.all():
        if not booked.get(item.staff_id):
            continue
        before = {start for _session, start in _grid(item)}
        after = {start for _session, start in _grid(item, [
            (start, end) for who, start, end in breaks if who in (None, item.staff_id)])}
        if booked[item.staff_id] & (before - after):
            raise GridLocked(message % {"name": item.staff.full_name})


def _refuse_new_grid(evening: ParentsEvening, values: dict) -> None:
    """Booked meetings were booked on the grid as it is: a new gap moves every member of
    staff's times, a new meeting length the times of everyone without a length of their
    own. Refused while any of them has a meeting booked (cancel those first, so each family
    is told). One query for each changed."""
    if "gap_minutes" in values and values["gap_minutes"] != evening.gap_minutes:
        if _booked_at(evening).exists():
            raise GridLocked(_("Families have already booked meetings, so the time between "
                               "meetings cannot change. Cancel those meetings first, so "
                               "each family is told."), "gap_minutes")
    if "slot_minutes" in values and values["slot_minutes"] != evening.slot_minutes:
        own_length = EveningStaff.objects.filter(evening=evening, slot_minutes__gt=0)
        if _booked_at(evening).exclude(
                staff_id__in=own_length.values("staff_id")).exists():
            raise GridLocked(_("Families have already booked meetings of this length, so it "
                               "cannot change. Cancel those meetings first, so each family "
                               "is told."), "slot_minutes")


def do_edit_evening(*, evening: ParentsEvening, by, **values) -> ParentsEvening:
    """Change an evening; a new meeting length or gap is refused (``GridLocked``) while
    meetings are booked on the grid it changes."""
    with transaction.atomic(durable=True):
        _refuse_new_grid(evening, values)
        changes = {}
        for name in EDITABLE:
            if name in values and getattr(evening, name) != values[name]:
                changes[name] = [str(getattr(evening, name)), str(values[name])]
                setattr(evening, name, values[name])
        if changes:
            evening.save(update_fields=list(changes))
            audit.record(actor=by, action=Action.UPDATE, obj=evening, school=evening.school,
                         summary=f"Changed the parents' evening {evening.name}",
                         changes=changes)
        if "mode" in changes or "place" in changes:
            _carry_to_meetings(evening, by=by)
    return evening


def _carry_to_meetings(evening: ParentsEvening, *, by, staff_id: int | None = None) -> int:
    """Carry the evening's mode and place (a member of staff's room first, as
    ``book_together`` copies them) into each booked meeting still to come that differs
    (of ``staff_id`` only, when given): ``booking.relocate`` raises its SEQUENCE and tells
    both sides. Two queries (the rooms, the meetings, locked) and the writes for each
    meeting changed. Returns how many changed."""
    rooms = dict(EveningStaff.objects.filter(evening=evening).values_list("staff_id", "room"))
    meetings = _booked_at(evening)
    if staff_id is not None:
        meetings = meetings.filter(staff_id=staff_id)
    changed = 0
    for meeting in (meetings.select_for_update(of=("self",))
                    .select_related("school", "pupil").order_by("starts_at", "pk")):
        place = rooms.get(meeting.staff_id) or evening.place
        if (meeting.mode, meeting.place) == (evening.mode, place):
            continue
        booking.relocate(meeting, mode=evening.mode, place=place, by=by)
        changed += 1
    return changed


def do_add_session(*, evening, by, starts_at, ends_at) -> EveningSession:
    with transaction.atomic():
        session = EveningSession.objects.create(evening=evening, starts_at=starts_at,
                                                ends_at=ends_at)
        local = timezone.localtime(starts_at, evening.school.tz)
        _audit(evening, by, f"Added a session on {local:%Y-%m-%d}")
    return session


def do_add_staff(*, evening, by, staff, slot_minutes=None, room="") -> EveningStaff:
    """A member of staff takes part (or their meeting length or room changes: a new room
    is carried into the meetings families have booked with them, who are told; a new
    length is refused, ``GridLocked``, while families have meetings booked with them)."""
    with transaction.atomic(durable=True):
        found = (EveningStaff.objects.filter(evening=evening, staff=staff)
                 .values_list("room", "slot_minutes").first())
        before = found[0] if found else None
        new_length = found is not None and (
            (found[1] or evening.slot_minutes) != (slot_minutes or evening.slot_minutes))
        if new_length and _booked_at(evening).filter(staff_id=staff.pk).exists():
            raise GridLocked(_("Families have meetings booked with %(name)s, so the length "
                               "of their meetings cannot change. Cancel those meetings "
                               "first, so each family is told.")
                             % {"name": staff.full_name}, "slot_minutes")
        item, _created = EveningStaff.objects.update_or_create(
            evening=evening, staff=staff,
            defaults={"slot_minutes": slot_minutes, "room": room})
        _audit(evening, by, f"{staff.full_name} takes part")
        if before is not None and before != room:
            _carry_to_meetings(evening, by=by, staff_id=staff.pk)
    return item


def do_remove_staff(*, evening_staff: EveningStaff, by) -> None:
    """A member of staff no longer takes part; refused while families have meetings
    booked with them (cancel those first, so each family is told)."""
    evening = evening_staff.evening
    with transaction.atomic(durable=True):
        if Appointment.objects.filter(evening=evening, staff_id=evening_staff.staff_id,
                                      status=Booked).exists():
            raise NotBookable(_("Families have meetings booked with %(name)s. Cancel them "
                                "first, so each family is told.")
                              % {"name": evening_staff.staff.full_name})
        name = evening_staff.staff.full_name
        evening_staff.delete()
        _audit(evening, by, f"{name} no longer takes part")


def do_add_break(*, evening, by, starts_at, ends_at, staff=None) -> EveningBreak:
    """A break for a member of staff (for everyone, without ``staff``); refused over a
    meeting booked with them (with anyone, for everyone's break), or when it would move the
    times of meetings booked after it (``GridLocked``): cancel those first, so each family
    is told."""
    with transaction.atomic(durable=True):
        booked = _booked_at(evening).filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        if staff is not None:
            booked = booked.filter(staff_id=staff.pk)
        if booked.exists():
            raise NotBookable(
                _("Families have meetings booked with %(name)s during that break. Cancel "
                  "them first, so each family is told, or choose another time.")
                % {"name": staff.full_name} if staff is not None else
                _("Families have meetings booked during that break. Cancel them first, so "
                  "each family is told, or choose another time."))
        breaks = [(item.staff_id, item.starts_at, item.ends_at)
                  for item in evening.breaks.all()]
        _refuse_new_breaks(
            evening, [*breaks, (staff.pk if staff is not None else None, starts_at, ends_at)],
            staff_id=staff.pk if staff is not None else None,
            message=_("That break would move the times of meetings families have booked "
                      "with %(name)s after it. Cancel those meetings first, so each family "
                      "is told, or choose another time."))
        item = EveningBreak.objects.create(evening=evening, staff=staff,
                                           starts_at=starts_at, ends_at=ends_at)
        local = timezone.localtime(starts_at, evening.school.tz)
        _audit(evening, by, f"Added a break at {local:%H:%M}")
    return item


def do_remove_break(*, evening_break: EveningBreak, by) -> None:
    """Remove a break; refused (``GridLocked``) when that would move the times of meetings
    families have booked (cancel those first, so each family is told)."""
    evening = evening_break.evening
    with transaction.atomic(durable=True):
        _refuse_new_breaks(
            evening, [(item.staff_id, item.starts_at, item.ends_at)
                      for item in evening.breaks.all() if item.pk != evening_break.pk],
            staff_id=evening_break.staff_id,
            message=_("Removing that break would move the times of meetings families have "
                      "booked with %(name)s. Cancel those meetings first, so each family is "
                      "told."))
        evening_break.delete()
        _audit(evening, by, "Removed a break")


# What staff read -------------------------------------------------------------------------------

@dataclass
class Meeting:
    appointment: Appointment
    people: list[Contact]
    languages: list[str]
    literacy_support: bool
    targets: list[Target]


def schedule(evening: ParentsEvening, staff_id: int, *, user=None) -> list[Meeting]:
    """A member of staff's meetings at the evening, in order, each with the family coming,
    their languages, the interpreter, whether they need help with reading and writing,
    and the pupil's current targets. Three queries however many meetings (the meetings,
    who comes with whom, the targets)."""
    meetings = Appointment.objects.filter(evening=evening, staff_id=staff_id, status=Booked)
    if user is not None and viewer_for(user).restricted_pupil_ids:
        meetings = meetings.exclude(pupil_id__in=viewer_for(user).restricted_pupil_ids)
    meetings = list(meetings.select_related("pupil", "pupil__school_class", "contact")
                    .prefetch_related("with_contacts").order_by("starts_at"))
    targets = defaultdict(list)
    for target in Target.objects.filter(
            pupil_id__in={item.pupil_id for item in meetings}, status=Target.Status.OPEN,
            outcome__plan__is_current=True).order_by("pupil_id", "pk"):
        targets[target.pupil_id].append(target)
    found = []
    for item in meetings:
        people = [item.contact, *item.with_contacts.all()]
        languages = sorted({person.language_name for person in people})
        found.append(Meeting(item, people, languages,
                             any(person.literacy_support for person in people),
                             targets[item.pupil_id]))
    return found


@dataclass
class StaffLine:
    evening_staff: EveningStaff
    booked: int
    free: int


@dataclass
class ClassLine:
    name: str
    families: int
    booked: int


@dataclass
class Overview:
    staff: list[StaffLine]
    classes: list[ClassLine]
    not_booked: list[Pupil]


def overview(evening: ParentsEvening, *, user=None) -> Overview:
    """Bookings per member of staff (and the times still free), how many children of each
    class have a meeting booked, and the children with none yet, leaving out the children
    a court order keeps from ``user`` (by account or email, ``restricted_pupil_ids``): they
    are neither listed nor counted in the classes (the staff lines count each member of
    staff's meetings, naming nobody). Three queries (the booked times, the children with a
    meeting, the school's children)."""
    hidden = viewer_for(user).restricted_pupil_ids if user is not None else set()
    busy = booked_times(evening)
    evening_bookings = defaultdict(int)
    booked_pupils = set()
    for staff_id, pupil_id in Appointment.objects.filter(
            evening=evening, status=Booked).values_list("staff_id", "pupil_id"):
        evening_bookings[staff_id] += 1
        booked_pupils.add(pupil_id)
    staff_lines = [StaffLine(item, evening_bookings[item.staff_id],
                             len(free_starts(item, busy=busy.get(item.staff_id, []))))
                   for item in evening.staff.all()]
    today = timezone.localdate(timezone=evening.school.tz)
    pupils = Pupil.objects.filter(school_id=evening.school_id).filter(
        Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
    if hidden:
        pupils = pupils.exclude(pk__in=hidden)
    pupils = list(pupils.select_related("school_class")
                  .order_by("school_class__name", "legal_last_name", "legal_first_name"))
    classes = {}
    for pupil in pupils:
        name = pupil.school_class.name if pupil.school_class else _("No class")
        line = classes.setdefault(name, ClassLine(name, 0, 0))
        line.families += 1
        line.booked += pupil.pk in booked_pupils
    return Overview(staff_lines, list(classes.values()),
                    [pupil for pupil in pupils if pupil.pk not in booked_pupils])


def open_evenings_for(school_ids, now=None):
    now = now or timezone.now()
    return ParentsEvening.objects.filter(school_id__in=school_ids, booking_opens_at__lte=now,
                                         booking_closes_at__gt=now)
