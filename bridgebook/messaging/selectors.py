"""Reads about messaging that other apps' pages put beside their own rows, and a school's
messaging settings.

Conversation selectors used by the conversation pages themselves live in conversations.py.
"""

import math
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from bridgebook.core.models import School
from bridgebook.messaging import quiet_hours
from bridgebook.messaging.access import readable_messages
from bridgebook.messaging.backends.config import fallback_minutes
from bridgebook.messaging.models import (
    CONVERSATION,
    FALLBACK_MAX_HOURS,
    ConversationMessage,
    SchoolMessagingSettings,
)


def unread_conversations_subquery(contacts):
    """How many messages from school in conversations about the outer query's pupil this
    contact (or these contacts of one person) has not read yet, as a subquery for
    annotating a list of children (so a page that lists them adds no query).

    A family member's copy of each staff message is a ``Message(kind=CONVERSATION)`` whose
    ``source_id`` is the conversation message, as ``conversations.pupil_conversations``
    counts them."""
    unread = (readable_messages(contacts).filter(kind=CONVERSATION,
                                                  read_at__isnull=True)
              .values("source_id"))
    count = (ConversationMessage.objects
             .filter(conversation__pupil_id=OuterRef("pk"), pk__in=unread)
             .order_by().values("conversation__pupil_id")
             .annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def unread_conversation_counts(contacts, pupil_ids) -> dict[int, int]:
    """Per child among ``pupil_ids`` (children the family member may see): the messages
    from school in conversations about them that this contact (or these contacts of one
    person) has not read yet, counted as ``unread_conversations_subquery`` counts them, for
    a family's landing page: one flat query."""
    unread = (readable_messages(contacts).filter(kind=CONVERSATION, read_at__isnull=True)
              .values("source_id"))
    return dict(ConversationMessage.objects
                .filter(conversation__pupil_id__in=pupil_ids, pk__in=unread)
                .order_by().values_list("conversation__pupil_id").annotate(n=Count("pk")))


@dataclass(frozen=True)
class SchoolSettings:
    """What applies at a school now, for its Messaging settings page."""

    chosen: bool                  # the school has chosen texts for unread messages itself
    fallback_hours: int           # hours the form offers (0: no text)
    deployment_minutes: int | None  # FALLBACK_SMS_AFTER_MINUTES (None: no text)
    hours: quiet_hours.Hours      # the school's default working hours
    household_conversations: bool = False  # parents who live together share them


def school_settings(school: School) -> SchoolSettings:
    """The school's own choices, or the deployment's defaults where it has made none: two
    queries (the settings row, the school's working days)."""
    row = (SchoolMessagingSettings.objects.filter(school=school)
           .values_list("fallback_sms_after_hours", "household_conversations").first())
    chosen, shared = row if row is not None else (None, False)
    deployment = fallback_minutes(school.urn)
    if chosen is not None:
        hours = chosen
    elif deployment is None:
        hours = 0
    else:  # the deployment counts minutes; the page offers whole hours
        hours = min(max(math.ceil(deployment / 60), 1), FALLBACK_MAX_HOURS)
    return SchoolSettings(chosen=chosen is not None, fallback_hours=hours,
                          deployment_minutes=deployment,
                          hours=quiet_hours.school_hours(school),
                          household_conversations=shared)
