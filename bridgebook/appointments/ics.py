"""A meeting as an iCalendar invitation (RFC 5545, with the iTIP methods of RFC 5546).

The invitation has the meeting's own UID for its whole life; each move or cancellation
raises SEQUENCE (``Appointment.sequence``), so a calendar that has the meeting replaces it
rather than adding a second. A booking or a change is METHOD:REQUEST; a cancellation is
METHOD:CANCEL with the same UID and STATUS:CANCELLED. Times are in the school's time zone
(TZID Europe/London) with its VTIMEZONE, so a phone shows the right time either side of
the clocks changing.
"""

from __future__ import annotations

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from bridgebook.appointments.models import Appointment, Mode

PRODID = "-//Bridgebook//Appointments//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
# An attendee's answer (PARTSTAT): coming, or not yet said.
ACCEPTED = "ACCEPTED"
NEEDS_ACTION = "NEEDS-ACTION"


def method_for(appointment: Appointment) -> str:
    """CANCEL for a cancelled meeting only; a booked one, or one its member of staff said
    did not happen (it stays on the calendar as it was), is a REQUEST."""
    return CANCEL if appointment.is_cancelled else REQUEST


def location(appointment: Appointment, *, phone: str = "Phone") -> str:
    """Where the meeting is: the place in school, "Phone", or the video link."""
    if appointment.mode == Mode.PHONE:
        return phone
    if appointment.mode == Mode.VIDEO:
        return appointment.video_link
    return appointment.place


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def organizer(appointment: Appointment) -> vCalAddress:
    """Who organises the meeting (RFC 5546 requires an ORGANIZER on a REQUEST and a
    CANCEL): its member of staff, or, when they have no email address, the school at its
    no-reply address (``DEFAULT_FROM_EMAIL``)."""
    staff = appointment.staff
    if staff.email:
        return _address(staff.email, staff.full_name or staff.email)
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return _address(address or "no-reply@localhost",
                    appointment.school.name or staff.full_name or address)


def calendar_for(appointment: Appointment, *, method: str | None = None, summary: str,
                 description: str = "", attendees=(), phone: str = "Phone",
                 partstat: str = ACCEPTED) -> bytes:
    """The invitation for ``appointment`` as its reader gets it: ``summary`` and
    ``description`` in their language (the caller's), ``attendees`` the family members it
    names (RFC 5546 wants at least one ATTENDEE: the member of staff's copy names those
    coming, the ``contact`` and ``with_contacts``; a family member's copy names only the
    reader). Those with an email address are named, each with ``partstat`` (ACCEPTED, or
    NEEDS-ACTION for a reader who is not coming). ``method`` is REQUEST or CANCEL (by
    default as the meeting is now)."""
    method = method or method_for(appointment)
    tz = appointment.school.tz
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", appointment.uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", timezone.localtime(appointment.starts_at, tz))
    event.add("dtend", timezone.localtime(appointment.ends_at, tz))
    event.add("sequence", appointment.sequence)
    event.add("status", "CONFIRMED" if method == REQUEST else "CANCELLED")
    event.add("summary", summary)
    where = location(appointment, phone=phone)
    if where:
        event.add("location", where)
    if appointment.mode == Mode.VIDEO and appointment.video_link:
        event.add("url", appointment.video_link)
    if description:
        event.add("description", description)
    event.add("organizer", organizer(appointment))
    for contact in attendees:
        if contact.email:
            event.add("attendee", _address(contact.email, contact.full_name,
                                           ROLE="REQ-PARTICIPANT", PARTSTAT=partstat))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
