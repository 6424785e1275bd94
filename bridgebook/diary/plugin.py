"""What the home-school book adds to the shared pages and jobs (bridgebook/core/registry.py):
the Book tab of a child's page, the book's row on a family's landing page, what families
wrote on a member of staff's landing page, the class's day, the school's activities, its
notifications, its demo and its records in the audit log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import can_manage_people
from bridgebook.core.registry import (
    AuditType,
    ClassNews,
    DemoSeeder,
    FamilyCard,
    LandingLink,
    PupilTab,
    SettingsPage,
    Urls,
    site,
)
from bridgebook.diary import hooks, notifications, selectors
from bridgebook.diary.demo import seed_demo_book


def _from_home(user, viewer, classes) -> dict[int, list]:
    """Per class, its pupils with home entries or replies the user has not read (each
    with ``from_home``): one query."""
    news = selectors.unread_from_families(user, pupil_ids=[
        pupil.pk for school_class in classes for pupil in school_class.pupils.all()])
    found = {}
    for school_class in classes:
        found[school_class.pk] = []
        for pupil in school_class.pupils.all():
            pupil.from_home = news.get(pupil.pk)
            if pupil.from_home is not None:
                found[school_class.pk].append(pupil)
    return found


def _seed_book(**_options) -> dict[str, int]:

    return seed_demo_book()


site.add(
    Urls("diary", "bridgebook.diary.urls"),
    PupilTab(key="diary.book", label=_("Book"), url_name="diary:book", order=20),
    FamilyCard(key="diary.book", attribute="unread_count", count=selectors.unread_counts,
               order=10, template="diary/landing/family_row.html"),
    LandingLink(key="diary.class_day", slot="class", order=10,
                template="diary/landing/class_day_link.html"),
    ClassNews(key="diary.from_home", attribute="from_families", collect=_from_home, order=10,
              template="diary/landing/from_home.html"),
    SettingsPage(key="diary.activities", label=_("Activities"), order=20,
                 description=_("the activities teachers choose from for the day's book"),
                 url=lambda school: reverse("diary:activities", args=[school.urn]),
                 show=lambda viewer, school: can_manage_people(viewer.user, school)),
    *notifications.KINDS,
    DemoSeeder("diary", _seed_book, after=("people",)),
    AuditType("entry", _("Book entry")),
    AuditType("bookevent", _("Book event")),
    AuditType("booksettings", _("Book settings")),
    AuditType("activity", _("Activity")),
    AuditType("photo", _("Photo")),
)

# New book entries and events tell instant subscribers (digests come from the
# send_book_digests command).
hooks.entry_published.connect(notifications.on_entry_published,
                              dispatch_uid="diary.book_entry_published")
hooks.event_published.connect(notifications.on_event_published,
                              dispatch_uid="diary.book_event_published")
