"""What the appointment pages read: who a family can meet about a child, the free times of
a member of staff, and lists of meetings, each with a fixed number of queries however many
windows, meetings or families there are.

Free times are cut from the windows staff published (``Availability``): from the window's
start, one meeting after another, each as long as the meeting with this family lasts (its
``slot_minutes``, and the school's extra minutes when an interpreter is needed:
``booking.meeting_minutes``), stepping past every meeting already booked with the member of
staff or the family. A same-language block is offered only to families who need an
interpreter for its language, and to them first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from bridgebook.appointments import booking
from bridgebook.appointments.access import (
    MEETING_ROLES,
    visible_appointments,
)
from bridgebook.appointments.models import Appointment, Availability
from bridgebook.core.access import class_staff_ids, group_staff_ids, users_kept_from
from bridgebook.core.models import Role, StaffRole
from bridgebook.people.models import Contact

User = get_user_model()
Booked = Appointment.Status.BOOKED


@dataclass(frozen=True)
class Slot:
    """A free time with a member of staff, from one of their windows."""

    availability: Availability
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def key(self) -> str:
        return f"{self.availability.pk}-{int(self.starts_at.timestamp())}"

    @property
    def language(self) -> str:
        return self.availability.language

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def local(self, tz) -> datetime.datetime:
        return timezone.localtime(self.starts_at, tz)


def _busy(*, staff_ids, contact_ids, since, until, exclude_id=None) -> dict:
    """Booked meetings in [since, until) as {("staff", id): [(start, end)], "family":
    [(start, end)]}: one query."""
    through = Appointment.with_contacts.through
    booked = Appointment.objects.filter(status=Booked, starts_at__lt=until, ends_at__gt=since)
    condition = Q(staff_id__in=staff_ids)
    if contact_ids:
        condition |= Q(contact_id__in=contact_ids)
        condition |= Q(pk__in=through.objects.filter(contact_id__in=contact_ids)
                       .values("appointment_id"))
    rows = (booked.filter(condition).exclude(pk=exclude_id)
            .annotate(joined=Exists(through.objects.filter(appointment_id=OuterRef("pk"),
                                                           contact_id__in=contact_ids)))
            .values_list("staff_id", "contact_id", "joined", "starts_at", "ends_at"))
    busy: dict = defaultdict(list)
    for staff_id, contact_id, joined, starts_at, ends_at in rows:
        if staff_id in staff_ids:
            busy[("staff", staff_id)].append((starts_at, ends_at))
        if contact_id in contact_ids or joined:
            busy["family"].append((starts_at, ends_at))
    return busy


def free_slots(*, school, staff_ids, contacts, now=None, day: datetime.date | None = None,
               exclude: Appointment | None = None) -> dict[int, list[Slot]]:
    """Each member of staff's free times for a meeting with ``contacts`` (the family
    member booking, and anyone coming with them), {staff id: [Slot]}: a same-language
    block for their language first, then the rest, each by time. Three queries (the
    school's extra minutes, the windows, the booked meetings) however many windows."""
    now = now or timezone.now()
    contacts = list(contacts)
    language = booking.interpreter_language(contacts)
    extra = booking.meeting_minutes(0, contacts, school) if language else 0
    windows = Availability.objects.filter(school=school, staff_id__in=list(staff_ids),
                                          ends_at__gt=now)
    windows = windows.filter(Q(language="") | Q(language=language)) if language else (
        windows.filter(language=""))
    if day is not None:
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=school.tz)
        try:
            end = start + datetime.timedelta(days=1)
        except OverflowError:
            # The last day there is (a made-up link): nobody has time then.
            return {pk: [] for pk in staff_ids}
        windows = windows.filter(starts_at__lt=end, ends_at__gt=start)
    windows = list(windows.order_by("starts_at", "pk"))
    found: dict[int, list[Slot]] = {pk: [] for pk in staff_ids}
    if not windows:
        return found
    busy = _busy(staff_ids=list(staff_ids), contact_ids=[c.pk for c in contacts],
                 since=min(w.starts_at for w in windows),
                 until=max(w.ends_at for w in windows),
                 exclude_id=exclude.pk if exclude else None)
    for window in windows:
        taken = busy.get(("staff", window.staff_id), []) + busy.get("family", [])
        length = datetime.timedelta(minutes=window.slot_minutes + extra)
        moment = window.starts_at
        while moment + length <= window.ends_at:
            end = moment + length
            clashes = [finish for begin, finish in taken if begin < end and finish > moment]
            if clashes:
                moment = max(clashes)
                continue
            if moment > now and (day is None or timezone.localtime(
                    moment, school.tz).date() == day):
                found[window.staff_id].append(Slot(window, moment, end))
            moment = end
    for slots in found.values():
        slots.sort(key=lambda slot: (not slot.language, slot.starts_at))
    return found


def find_slot(key: str, *, school, staff_id, contacts, exclude=None) -> Slot | None:
    """The free slot ``key`` names (a form's choice), if it is still free."""
    for slot in free_slots(school=school, staff_ids=[staff_id], contacts=contacts,
                           exclude=exclude)[staff_id]:
        if slot.key == key:
            return slot
    return None


def by_day(slots: list[Slot], tz) -> list[tuple[datetime.date, list[Slot]]]:
    days: dict[datetime.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.local(tz).date(), []).append(slot)
    return sorted(days.items())


def meeting_staff(pupil, *, now=None) -> list:
    """The staff a family may meet about ``pupil``: the child's class staff, the care staff
    of the child's residential group (each while they hold the role that lets them see the
    child: ``core.access.class_staff_ids`` and ``group_staff_ids``), and everyone who works
    across the school but the office, who have published a time to come, and whom no court
    order keeps from the child (a restricted contact who is them, or has their email
    address: ``core.access.users_kept_from``). Two queries."""
    now = now or timezone.now()
    published = Availability.objects.filter(school=pupil.school, ends_at__gt=now).values(
        "staff_id")
    works_with = Q(pk__in=StaffRole.objects.filter(
        school=pupil.school, role__in=MEETING_ROLES).values("user_id"))
    if pupil.school_class_id:
        works_with |= Q(pk__in=class_staff_ids(pupil.school_class_id))
    if pupil.residential_group_id:
        works_with |= Q(pk__in=group_staff_ids(pupil.residential_group_id))
    staff = list(User.objects.filter(works_with, pk__in=published)
                 .exclude(pk__in=users_kept_from(pupil))
                 .order_by("full_name", "pk"))
    jobs: dict[int, list[str]] = defaultdict(list)
    for user_id, role, title in (StaffRole.objects.filter(school=pupil.school,
                                                          user__in=[s.pk for s in staff])
                                 .order_by("role").values_list("user_id", "role", "job_title")):
        jobs[user_id].append(title or str(Role(role).label))
    for member in staff:
        member.jobs = jobs[member.pk]
    return staff


def upcoming_for_staff(user, school, *, now=None) -> list[Appointment]:
    """A member of staff's meetings to come at ``school`` (and those of today), with each
    family's language needs: two queries (the meetings, and who comes with each)."""
    now = now or timezone.now()
    return list(visible_appointments(user).filter(
        staff=user, school=school, status=Booked,
        ends_at__gt=now - datetime.timedelta(hours=12))
        .select_related("pupil", "pupil__school_class", "contact")
        .prefetch_related(Prefetch("with_contacts", queryset=Contact.objects.order_by("pk")))
        .order_by("starts_at", "pk"))


def for_pupil(user, pupil) -> list[Appointment]:
    """The child's meetings the user sees, newest first: two queries."""
    return list(visible_appointments(user).filter(pupil=pupil)
                .select_related("staff", "contact")
                .prefetch_related(Prefetch("with_contacts",
                                           queryset=Contact.objects.order_by("pk")))
                .order_by("-starts_at", "-pk"))


def family_upcoming(user, *, now=None) -> list[Appointment]:
    """A family member's own and household's meetings to come, across their children: one
    query."""
    now = now or timezone.now()
    return list(visible_appointments(user).filter(ends_at__gt=now)
                .select_related("staff", "school", "pupil", "pupil__school")
                .order_by("starts_at", "pk"))


def availability_of(user, school, *, now=None) -> list[Availability]:
    """A member of staff's windows to come at ``school``, each with its booked meetings
    counted: one query."""
    now = now or timezone.now()
    return list(Availability.objects.filter(staff=user, school=school, ends_at__gt=now)
                .annotate(booked=Count("appointments", filter=Q(appointments__status=Booked)))
                .order_by("starts_at", "pk"))
