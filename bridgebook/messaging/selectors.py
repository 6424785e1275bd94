"""Reads about messaging that other apps' pages put beside their own rows.

Conversation selectors used by the conversation pages themselves live in conversations.py.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from bridgebook.messaging.models import ConversationMessage, Message


def unread_conversations_subquery(contact_id: int):
    """How many messages from school in conversations about the outer query's pupil this
    contact has not read yet, as a subquery for annotating a list of children (so a page
    that lists them adds no query).

    A family member's copy of each staff message is a ``Message(kind=CONVERSATION)`` whose
    ``source_id`` is the conversation message, as ``conversations.pupil_conversations``
    counts them."""
    unread = (Message.objects.filter(contact_id=contact_id, kind=Message.Kind.CONVERSATION,
                                     read_at__isnull=True)
              .values("source_id"))
    count = (ConversationMessage.objects
             .filter(conversation__pupil_id=OuterRef("pk"), pk__in=unread)
             .order_by().values("conversation__pupil_id")
             .annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)
