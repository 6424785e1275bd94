"""What announcements add to the shared pages (bridgebook/core/registry.py): the staff's
announcements and letters, a family's messages from school, and their audit records."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.announcements.access import can_compose
from bridgebook.announcements.models import ANNOUNCEMENT
from bridgebook.announcements.selectors import unread_count
from bridgebook.core.registry import (
    Audience,
    AuditType,
    FamilyCard,
    MenuEntry,
    NotificationKind,
    Section,
    Urls,
    site,
)


def _unread_messages(viewer, pupil_ids) -> dict[int, int]:
    """The family member's unread messages (about any child, or none), on every child."""
    return dict.fromkeys(pupil_ids, unread_count(viewer.contact_ids))


site.add(
    Urls("announcements", "bridgebook.announcements.urls"),
    MenuEntry(key="announcements.list", label=_("Announcements"),
              section=Section.COMMUNICATION, order=20,
              url=lambda viewer, school: reverse("announcements:list", args=[school.urn]),
              show=lambda viewer, school: can_compose(viewer.user, school)),
    # Two inboxes, named so a family can tell them apart: what the school sends everyone
    # (announcements, notifications) and their conversations with staff.
    MenuEntry(key="announcements.inbox", label=_("Messages from school"),
              audience=Audience.FAMILY, order=10,
              url=lambda viewer, school: reverse("announcements:inbox")),
    FamilyCard(key="announcements.unread", attribute="unread_messages",
               count=_unread_messages, top=True, order=10,
               template="announcements/landing/unread_messages.html"),
    NotificationKind(ANNOUNCEMENT, _("Announcement")),
    AuditType("announcement", _("Announcement")),
    AuditType("letterbatch", _("Letters for families")),
)
