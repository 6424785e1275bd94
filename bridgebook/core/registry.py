"""What each app adds to the pages and jobs every app shares.

core is the ground floor and imports no domain app (with people, whose pupils and families
every app builds on). An app says what it adds in a module
``plugin.py`` of its own, which core's AppConfig.ready() imports for every installed app
(as Django's admin finds each app's ``admin.py``):

- menu entries, each in a section of the staff menu, or in the family menu, with who sees
  them (``MenuEntry``);
- tabs on a child's page (``PupilTab``);
- rows on each child's card on a family's landing page (each counted with one flat query
  over the children), and links and news on a member of staff's landing page
  (``FamilyCard``, ``LandingLink``, ``ClassNews``);
- the kinds of message it sends to families, and whether they show in the inbox
  (``NotificationKind``);
- what it shows with a home-school book entry where it is written and read: under each
  pupil on the class's day page and on the full entry (``EntryExtra``);
- links on a school's page to the school's settings for that app (``SettingsPage``);
- the app's part of the demo trust, after the parts it builds on (``DemoSeeder``);
- the kinds of record its audit events are about (``AuditType``);
- its URLs (``Urls``).

So a new capability is one folder with its ``plugin.py`` and one line in INSTALLED_APPS.
Everything registered is plain data: ``site`` holds it, keyed so that registering the same
thing twice replaces it rather than listing it twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from bridgebook.core.access import Viewer
    from bridgebook.core.models import School


class Section(models.TextChoices):
    """The parts of the staff menu, in the order it shows them."""

    PUPILS = "pupils", _("Pupils")
    COMMUNICATION = "communication", _("Communication")
    SCHOOL = "school", _("School")
    OVERSIGHT = "oversight", _("Oversight")


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff")
    FAMILY = "family", _("Families")


def _always(*_args) -> bool:
    return True


@dataclass(frozen=True)
class MenuEntry:
    """A link in the menu. A staff entry is about the school being looked at: ``url`` and
    ``show`` take (viewer, school); a family entry's take (viewer, None)."""

    key: str
    label: Any
    url: Callable[[Viewer, School | None], str]
    audience: str = Audience.STAFF
    section: str = Section.PUPILS
    show: Callable[[Viewer, School | None], bool] = _always
    order: int = 100
    # A staff entry that needs no school (a page across the schools of the person).
    without_school: bool = False
    # Other pages that belong under this entry in the menu (path prefixes: a pupil's pages
    # under Pupils), so the menu shows where the reader is.
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class PupilTab:
    """A tab on a child's page: ``url_name`` is reversed with the pupil's id; ``show``
    takes (viewer, pupil) and follows the app's access layer."""

    key: str
    label: Any
    url_name: str
    show: Callable[[Viewer, Any], bool] = _always
    order: int = 100


@dataclass(frozen=True)
class FamilyCard:
    """What a family's landing page says about an app. ``count(viewer, pupil_ids)`` gets
    the family member's Viewer and the children the page shows (all of them pupils the
    member may see: ``visible_pupils``) and returns {pupil id: number} with one flat
    query; each child carries its number as ``attribute`` (0 where there is none).
    ``template`` renders a row of a child's card (with ``pupil``) or, with ``top=True``,
    one line above the cards (with ``children``: a top card's number is about the family
    as a whole, the same on every child)."""

    key: str
    attribute: str
    count: Callable[[Viewer, list[int]], dict[int, int]]
    template: str
    top: bool = False
    order: int = 100


@dataclass(frozen=True)
class ClassNews:
    """What families wrote that a member of staff has not read, on their landing page:
    ``collect(user, viewer, classes)`` returns {class id: [item, ...]} with a fixed number
    of queries; each class gets its items as ``attribute``, and ``template`` renders them
    as list items (``items``)."""

    key: str
    attribute: str
    collect: Callable[[Any, Viewer, list], dict[int, list]]
    template: str
    order: int = 100


@dataclass(frozen=True)
class LandingLink:
    """A link an app puts on a member of staff's pages: ``slot`` is "top" (under the
    landing page's greeting) or "class" (under each of their classes on the landing page,
    and on a class's page, with ``school_class``)."""

    key: str
    slot: str
    template: str
    order: int = 100


@dataclass(frozen=True)
class EntryExtra:
    """What an app shows with a book entry, under each pupil of the class's day page and on
    the full entry: ``collect(user, entries)`` returns {entry id: value} for the entries it
    has something for, with a fixed number of queries however many entries; ``template``
    renders one entry's (with ``entry`` and ``extra``, the value). The pages hold the entry
    in a form of their own, so the template's buttons belong to the page's empty form
    ``entry-extras`` (``form="entry-extras" formaction="..."``), which carries the CSRF
    token and ``next``, the page to come back to."""

    key: str
    template: str
    collect: Callable[[Any, list], dict[int, Any]]
    order: int = 100


@dataclass(frozen=True)
class NotificationKind:
    """A kind of message an app sends to families (``Message.kind``), with its label; the
    app writes the messages' text itself, in each reader's language."""

    key: str
    label: Any
    # Shown in the family's inbox and followed up by a text when unread (a sign-in code is
    # neither).
    readable: bool = True


@dataclass(frozen=True)
class SettingsPage:
    """A link on the school's page to the school's settings for an app."""

    key: str
    label: Any
    description: Any
    url: Callable[[School], str]
    show: Callable[[Viewer, School], bool] = _always
    order: int = 100


@dataclass(frozen=True)
class DemoSeeder:
    """Adds an app's part of the demo trust; returns {what: how many were created}.
    Runs after the seeders named in ``after`` (core's schools and families are "people")."""

    key: str
    seed: Callable[[], dict[str, int]]
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditType:
    """A kind of record audit events are about (``AuditEvent.object_type``, the model's
    name), so the audit log can be filtered by it. ``readable`` (viewer, school): for
    records an app keeps from some of those who read the audit log (the conduct log from
    a trust administrator), whether this reader reads their events; None: whoever reads
    the log."""

    object_type: str
    label: Any
    readable: Callable[[Viewer, School], bool] | None = None

    @property
    def key(self) -> str:
        return self.object_type


@dataclass(frozen=True)
class Urls:
    """An app's URLconf module, included under ``prefix``."""

    key: str
    module: str
    prefix: str = ""


@dataclass
class Registry:
    menu: dict[str, MenuEntry] = field(default_factory=dict)
    pupil_tabs: dict[str, PupilTab] = field(default_factory=dict)
    family_cards: dict[str, FamilyCard] = field(default_factory=dict)
    class_news: dict[str, ClassNews] = field(default_factory=dict)
    landing_links: dict[str, LandingLink] = field(default_factory=dict)
    entry_extras: dict[str, EntryExtra] = field(default_factory=dict)
    notification_kinds: dict[str, NotificationKind] = field(default_factory=dict)
    settings_pages: dict[str, SettingsPage] = field(default_factory=dict)
    demo_seeders: dict[str, DemoSeeder] = field(default_factory=dict)
    audit_types: dict[str, AuditType] = field(default_factory=dict)
    urls: dict[str, Urls] = field(default_factory=dict)

    _tables = {MenuEntry: "menu", PupilTab: "pupil_tabs", FamilyCard: "family_cards",
               ClassNews: "class_news", LandingLink: "landing_links",
               EntryExtra: "entry_extras",
               NotificationKind: "notification_kinds",
               SettingsPage: "settings_pages", DemoSeeder: "demo_seeders",
               AuditType: "audit_types", Urls: "urls"}

    def add(self, *items) -> None:
        """Register menu entries, tabs, cards, kinds, settings pages, seeders, audit types
        or URLs (any mix)."""
        for item in items:
            getattr(self, self._tables[type(item)])[item.key] = item

    # Reads, each in the order its pages show them ------------------------------------------

    def menu_entries(self, audience: str) -> list[MenuEntry]:
        sections = list(Section)
        entries = [entry for entry in self.menu.values() if entry.audience == audience]
        return sorted(entries, key=lambda entry: (sections.index(entry.section)
                                                  if audience == Audience.STAFF else 0,
                                                  entry.order, entry.key))

    def tabs(self) -> list[PupilTab]:
        return sorted(self.pupil_tabs.values(), key=lambda tab: (tab.order, tab.key))

    def cards(self) -> list[FamilyCard]:
        return sorted(self.family_cards.values(), key=lambda card: (card.order, card.key))

    def news(self) -> list[ClassNews]:
        return sorted(self.class_news.values(), key=lambda news: (news.order, news.key))

    def links(self, slot: str) -> list[LandingLink]:
        return sorted((link for link in self.landing_links.values() if link.slot == slot),
                      key=lambda link: (link.order, link.key))

    def extras(self) -> list[EntryExtra]:
        return sorted(self.entry_extras.values(), key=lambda extra: (extra.order, extra.key))

    def school_settings(self) -> list[SettingsPage]:
        return sorted(self.settings_pages.values(), key=lambda page: (page.order, page.key))

    def kind(self, key: str) -> NotificationKind | None:
        return self.notification_kinds.get(key)

    def unreadable_kinds(self) -> list[str]:
        return [kind.key for kind in self.notification_kinds.values() if not kind.readable]

    def audit_type_choices(self, viewer: Viewer | None = None,
                           school: School | None = None) -> list[tuple[str, Any]]:
        """The kinds of record, by name; with a reader, only the kinds they read."""
        hidden = set(self.hidden_audit_types(viewer, school)) if viewer is not None else set()
        types = sorted(self.audit_types.values(), key=lambda kind: str(kind.label))
        return [(kind.object_type, kind.label) for kind in types
                if kind.object_type not in hidden]

    def hidden_audit_types(self, viewer: Viewer, school: School) -> list[str]:
        """The kinds of record whose events this reader of the school's audit log may not
        read (``AuditType.readable``)."""
        return sorted(kind.object_type for kind in self.audit_types.values()
                      if kind.readable is not None and not kind.readable(viewer, school))

    def seeders_in_order(self) -> list[DemoSeeder]:
        """Every demo seeder after the ones it depends on; a seeder that depends on one
        nobody registered, or a cycle, is a mistake in an app and fails loudly."""
        graph = {}
        for seeder in self.demo_seeders.values():
            missing = [key for key in seeder.after if key not in self.demo_seeders]
            if missing:
                raise LookupError(f"demo seeder {seeder.key!r} runs after {missing}, "
                                  "which no installed app registers")
            graph[seeder.key] = set(seeder.after)
        try:
            order = list(TopologicalSorter(graph).static_order())
        except CycleError as error:
            raise LookupError(f"demo seeders depend on each other in a cycle: {error.args[1]}"
                              ) from error
        return [self.demo_seeders[key] for key in order]


site = Registry()
