"""Shared helpers for the appointments tests: a fixed Monday to run on, and windows of
time staff publish."""

from __future__ import annotations

import datetime
import zoneinfo

from django.urls import reverse

from bridgebook.appointments import booking
from bridgebook.appointments.models import AppointmentSettings, Availability, Mode

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)          # a Monday
TUESDAY = datetime.date(2026, 3, 3)
THURSDAY = datetime.date(2026, 3, 5)
ALL_WAYS = [Mode.IN_SCHOOL, Mode.PHONE, Mode.VIDEO]


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def settings_for(world, **fields) -> AppointmentSettings:
    values = {"place": "Reception", "interpreter_extra_minutes": 15,
              "video_link_template": "https://meet.example.org/mapledown-{room}", **fields}
    found, _created = AppointmentSettings.objects.update_or_create(school=world.school,
                                                                   defaults=values)
    return found


def window(world, staff=None, *, day=TUESDAY, start=(15, 30), end=(17, 30), minutes=20,
           modes=None, language="", interpreter="") -> Availability:
    return Availability.objects.create(
        school=world.school, staff=staff or world.class_teacher, starts_at=at(day, *start),
        ends_at=at(day, *end), slot_minutes=minutes, modes=modes or list(ALL_WAYS),
        language=language, interpreter_name=interpreter)


def book_for(world, contact=None, *, staff=None, starts=None, minutes=20, by=None,
             mode=Mode.IN_SCHOOL, **kwargs):
    contact = contact or world.parent_contact
    starts = starts or at(TUESDAY, 15, 30)
    return booking.book(staff=staff or world.class_teacher, pupil=world.pupil,
                        contact=contact, starts_at=starts,
                        ends_at=starts + datetime.timedelta(minutes=minutes),
                        by=by or contact.user, mode=mode, **kwargs)


def book_url(world, **params) -> str:
    url = reverse("appointments:book", args=[world.pupil.pk])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url
