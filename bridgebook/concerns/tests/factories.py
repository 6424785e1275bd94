"""Concerns for tests, written straight to the tables (the actions are tested on their own)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.concerns.models import Addressed, Concern, ConcernEntry, Status


def concern_for(pupil, contact, *, addressed_to: str = Addressed.CLASS,
                status: str = Status.RAISED, text: str = "She is unhappy at lunch.",
                language: str = "en", raised_at=None, acknowledge_by=None, handler=None,
                wants_meeting: bool = False, **fields) -> Concern:
    raised_at = raised_at or timezone.now()
    if acknowledge_by is None:
        acknowledge_by = timezone.localdate(raised_at) + datetime.timedelta(days=7)
    return Concern.objects.create(
        school=pupil.school, pupil=pupil, contact=contact, raised_by=contact.user,
        addressed_to=addressed_to, status=status, text=text, language=language,
        raised_at=raised_at, acknowledge_by=acknowledge_by, handler=handler,
        wants_meeting=wants_meeting, staff_told_at=raised_at, **fields)


def proposed(pupil, contact, *, by, text: str = "A quieter table at lunch.", **fields
             ) -> Concern:
    """Acknowledged by ``by``, who proposed a resolution: the family's turn to answer."""
    now = timezone.now()
    concern = concern_for(pupil, contact, status=Status.PROPOSED, handler=by,
                          acknowledged_at=now, acknowledged_by=by, **fields)
    ConcernEntry.objects.create(concern=concern, kind=ConcernEntry.Kind.ACKNOWLEDGED,
                                author=by, named=by)
    ConcernEntry.objects.create(concern=concern, kind=ConcernEntry.Kind.PROPOSAL, author=by,
                                text=text)
    return concern
