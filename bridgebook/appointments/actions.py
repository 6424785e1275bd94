"""Writes about appointments that are not bookings (those are ``booking.py``'s): a member
of staff's published time, and the school's settings. Each writes an audit row."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgebook.appointments.models import Appointment, AppointmentSettings, Availability
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent

Action = AuditEvent.Action


class AvailabilityError(Exception):
    """Why a published time cannot be changed; its text is for the member of staff."""


@transaction.atomic(durable=True)
def do_add_availability(*, acting_user, school, starts_at, ends_at, slot_minutes: int,
                        modes: list[str], language: str = "",
                        interpreter_name: str = "") -> Availability:
    availability = Availability.objects.create(
        school=school, staff=acting_user, starts_at=starts_at, ends_at=ends_at,
        slot_minutes=slot_minutes, modes=list(modes), language=language,
        interpreter_name=interpreter_name if language else "")
    local = timezone.localtime(starts_at, school.tz)
    audit.record(actor=acting_user, action=Action.CREATE, obj=availability, school=school,
                 summary=f"Can meet families on {local:%Y-%m-%d} from {local:%H:%M}"
                         + (f" (same-language block: {language})" if language else ""))
    return availability


@transaction.atomic(durable=True)
def do_remove_availability(*, acting_user, availability: Availability) -> None:
    """Take back a published time; refused while meetings are booked in it (they are
    moved or cancelled first, so each family is told why)."""
    locked = Availability.objects.select_for_update().get(pk=availability.pk)
    booked = Appointment.objects.filter(availability=locked,
                                        status=Appointment.Status.BOOKED).count()
    if booked:
        raise AvailabilityError(_(
            "Families have booked meetings in this time. Move or cancel them first, so "
            "each family is told why."))
    local = timezone.localtime(locked.starts_at, locked.school.tz)
    audit.record(actor=acting_user, action=Action.DELETE, obj=locked, school=locked.school,
                 summary=f"Took back the time on {local:%Y-%m-%d} from {local:%H:%M}")
    locked.delete()


@transaction.atomic(durable=True)
def do_save_settings(*, acting_user, school, place: str, interpreter_extra_minutes: int,
                     video_link_template: str) -> AppointmentSettings:
    current, _created = AppointmentSettings.objects.select_for_update().get_or_create(
        school=school)
    cleaned = {"place": place, "interpreter_extra_minutes": interpreter_extra_minutes,
               "video_link_template": video_link_template}
    changes = audit.changed_fields(current, cleaned, list(cleaned))
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.save(update_fields=list(cleaned))
    audit.record(actor=acting_user, action=Action.UPDATE, obj=current, school=school,
                 summary="Changed the settings for appointments", changes=changes)
    return current
