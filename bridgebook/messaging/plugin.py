"""What messaging adds to the shared pages and jobs (bridgebook/core/registry.py):
conversations with families (menu, a child's Conversations tab, the landing pages), working
hours, the school's messaging settings, its demo and its records in the audit log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import (
    Audience,
    AuditType,
    ClassNews,
    DemoSeeder,
    FamilyCard,
    LandingLink,
    MenuEntry,
    NotificationKind,
    PupilTab,
    Section,
    SettingsPage,
    Urls,
    site,
)
from bridgebook.messaging import selectors
from bridgebook.messaging.access import can_change_school_settings, keeps_working_hours_at
from bridgebook.messaging.conversations import unread_conversations_for_staff
from bridgebook.messaging.demo import seed_demo_conversations
from bridgebook.messaging.models import CONVERSATION, OTHER


def _unread_conversations(viewer, pupil_ids) -> dict[int, int]:
    return selectors.unread_conversation_counts(viewer.contact_ids, pupil_ids)


def _conversations_from_families(user, viewer, classes) -> dict[int, list]:
    """Per class, for its class teachers, conversations with a family message they have
    not read: one query."""

    found: dict[int, list] = {}
    for conversation in unread_conversations_for_staff(user):
        if conversation.pupil_id in viewer.restricted_pupil_ids:
            continue
        found.setdefault(conversation.pupil.school_class_id, []).append(conversation)
    return found


def _working_hours_url(viewer, school) -> str:
    return f"{reverse('messaging:working_hours')}?school={school.urn}"


def _seed_conversations(**_options) -> dict[str, int]:

    return seed_demo_conversations()


site.add(
    Urls("messaging", "bridgebook.messaging.urls", prefix="messages/"),
    # Conversations with families: every member of staff (the page lists the unread).
    MenuEntry(key="messaging.inbox", label=_("Conversations"), section=Section.COMMUNICATION,
              order=10, without_school=True,
              url=lambda viewer, school: reverse("messaging:inbox")),
    MenuEntry(key="messaging.working_hours", label=_("Working hours"),
              section=Section.COMMUNICATION, order=50, url=_working_hours_url,
              show=lambda viewer, school: keeps_working_hours_at(viewer.user, school)),
    MenuEntry(key="messaging.family_inbox", label=_("Conversations with school"),
              audience=Audience.FAMILY, order=20,
              url=lambda viewer, school: reverse("messaging:inbox")),
    PupilTab(key="messaging.conversations", label=_("Conversations"),
             url_name="messaging:pupil_conversations", order=30),
    FamilyCard(key="messaging.conversations", attribute="unread_conversations",
               count=_unread_conversations, order=20,
               template="messaging/landing/family_row.html"),
    LandingLink(key="messaging.inbox", slot="top", order=10,
                template="messaging/landing/inbox_link.html"),
    ClassNews(key="messaging.conversations", attribute="unread_conversations",
              collect=_conversations_from_families,
              order=20, template="messaging/landing/from_families.html"),
    SettingsPage(key="messaging.settings", label=_("Messaging settings"), order=10,
                 description=_("texts for unread messages and the school’s working hours"),
                 url=lambda school: reverse("messaging:school_settings", args=[school.urn]),
                 show=lambda viewer, school: can_change_school_settings(viewer.user, school)),
    NotificationKind(CONVERSATION, _("Conversation")),
    NotificationKind(OTHER, _("Other")),
    DemoSeeder("messaging", _seed_conversations, after=("people",)),
    AuditType("conversationmessage", _("Message in a conversation")),
    AuditType("schoolmessagingsettings", _("Messaging settings")),
    AuditType("notificationpreference", _("Notification choice")),
)
