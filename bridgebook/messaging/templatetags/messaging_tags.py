from django import template

from bridgebook.messaging.conversations import unread_for_staff

register = template.Library()


@register.simple_tag
def unread_conversations(user) -> int:
    """How many conversations about the user's class have unread family messages."""
    return unread_for_staff(user)
