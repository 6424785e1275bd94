"""Who may write, read and report on announcements, and fetch their files.

- Office, principal and SENCO (and trust administrators) write, send and report; the letter
  batch is office work (office and principal). Other staff of the school get 403; anyone
  else 404.
- An attachment goes to the school's staff and to contacts holding a message of that
  announcement that they may still read (``messaging.access.readable_messages``: a court
  order recorded after it was sent takes it back); nobody else learns it exists (404).
- The inbox is a family member's own: staff and outsiders have none (404). What is in it
  is checked against who is entitled now, when it is read.
"""

from django.http import Http404

from bridgebook.announcements.models import ANNOUNCEMENT, Announcement, Attachment
from bridgebook.core.access import (
    IMPORT_ROLES,
    PEOPLE_MANAGER_ROLES,
    access_school,
    viewer_for,
    visible_schools,
)
from bridgebook.messaging.access import readable_messages
from bridgebook.messaging.models import Message

COMPOSE_ROLES = PEOPLE_MANAGER_ROLES  # office, principal, SENCO
LETTER_ROLES = IMPORT_ROLES  # office, principal: printing and posting is office work


def access_compose(user, urn: str):
    return access_school(user, urn, need=COMPOSE_ROLES)


def can_compose(user, school) -> bool:
    """Whether ``user`` may write announcements at ``school`` (for links to the form)."""
    return viewer_for(user).has_role(school, COMPOSE_ROLES)


def access_announcement(user, urn: str, pk) -> Announcement:
    school = access_compose(user, urn)
    announcement = (Announcement.objects.filter(school=school, pk=pk)
                    .select_related("school", "author").first())
    if announcement is None:
        raise Http404
    return announcement


def access_letters(user, urn: str):
    return access_school(user, urn, need=LETTER_ROLES)


def inbox_contact_ids(user) -> list[int]:
    """The signed-in family member's contact ids (one per school their children attend):
    one inbox holds the messages to all of them. Staff and outsiders have no inbox."""
    viewer = viewer_for(user)
    if not viewer.is_family:
        raise Http404
    return viewer.contact_ids


def access_message(user, pk) -> Message:
    contact_ids = inbox_contact_ids(user)
    message = (readable_messages(contact_ids).filter(pk=pk).select_related("school")
               .first())
    if message is None:
        raise Http404
    return message


def access_attachment(user, pk) -> Attachment:
    attachment = Attachment.objects.filter(pk=pk).select_related("announcement").first()
    if attachment is None:
        raise Http404
    announcement = attachment.announcement
    viewer = viewer_for(user)
    if viewer.is_staff_member:
        if not visible_schools(user).filter(pk=announcement.school_id).exists():
            raise Http404
        return attachment
    if not viewer.contacts:
        raise Http404
    received = readable_messages(viewer.contact_ids).filter(
        kind=ANNOUNCEMENT, source_id=announcement.pk).exists()
    if not received:
        raise Http404
    return attachment
