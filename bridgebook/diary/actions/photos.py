"""Photos in the book: adding several to an entry, or a group photo to a class day.

The upload is checked and cleaned first (``photos.prepare_photos``, nothing written); then
every photo is stored and audited in one transaction, all or nothing. Files are written to
storage as each row is saved, so a failure part way deletes the ones already written.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence

from django.core.files.storage import default_storage
from django.db import transaction

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.diary.models import Entry, Photo
from bridgebook.diary.photos import prepare_photos


def do_add_photos(*, entry: Entry | None = None, school_class=None,
                  day: datetime.date | None = None, files: Sequence, alt_text: str,
                  pupils: Iterable = (), uploaded_by) -> list[Photo]:
    """Add several photos to an entry, or a group photo to a class day, all or nothing
    (``PhotoError`` says why not, and nothing is stored)."""
    if (entry is None) == (school_class is None or day is None):
        raise ValueError("Give an entry, or a class and a day")
    prepared = prepare_photos(entry=entry, school_class=school_class, files=files,
                              alt_text=alt_text, pupils=pupils)
    school = entry.pupil.school if entry is not None else school_class.school
    date = entry.date if entry is not None else day
    tagged = prepared.pupils
    saved_names: list[str] = []
    try:
        with transaction.atomic(durable=True):
            photos = []
            for content, width, height in prepared.files:
                photo = Photo(school=school, date=date, token=secrets.token_urlsafe(16),
                              alt_text=prepared.alt_text, entry=entry,
                              uploaded_by=uploaded_by)
                photo.image.save(content.name, content, save=False)
                saved_names.append(photo.image.name)
                photo.width, photo.height = width, height
                photo.save()
                photo.pupils.set(tagged)
                photos.append(photo)
            names = ", ".join(pupil.display_name for pupil in tagged)
            for photo in photos:
                audit.record(
                    actor=uploaded_by, action=AuditEvent.Action.CREATE, obj=photo,
                    school=school, pupil=entry.pupil if entry is not None else None,
                    summary=(f"Added a photo to the book of {names}" if entry is not None
                             else f"Added a group photo for {school_class} on {date:%d %b %Y}"
                                  f" of {names}"))
    except BaseException:
        # The database rolled back; the files written to storage go too.
        for name in saved_names:
            default_storage.delete(name)
        raise
    return photos
