from django import forms, template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from bridgebook.core.access import viewer_for, visible_schools
from bridgebook.core.registry import Audience, Section, site
from bridgebook.people.codes import language_name

register = template.Library()


@register.filter
def widget_kind(bound_field) -> str:
    """Which GOV.UK component renders this field."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.filter
def first_input_id(bound_field) -> str:
    """The id the error summary links to (the day box for a date)."""
    if isinstance(bound_field.field.widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_day"
    if isinstance(bound_field.field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def _entry(entry, viewer, school) -> dict:
    return {"label": entry.label, "url": entry.url(viewer, school), "key": entry.key,
            "paths": entry.paths}


def _staff_sections(viewer, school) -> list[dict]:
    """A member of staff's links for the school they are looking at (or their first), in
    the menu's sections; each app registers its own (its plugin.py)."""
    sections: dict[str, dict] = {}
    for entry in site.menu_entries(Audience.STAFF):
        if school is None and not entry.without_school:
            continue
        if not entry.show(viewer, school):
            continue
        section = sections.setdefault(entry.section, {
            "key": entry.section, "label": Section(entry.section).label, "items": []})
        section["items"].append(_entry(entry, viewer, school))
    return list(sections.values())


@register.simple_tag(takes_context=True)
def navigation_items(context) -> dict:
    """The menu for whoever is signed in: ``items`` for the top of every page (home, the
    staff menu's sections, a family's pages, the account) and ``section``, the section of
    the page being read with its links (shown under the top bar)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"items": [], "section": None}
    viewer = viewer_for(request.user)
    path = request.path
    home = {"label": _("Home"), "url": reverse("core:home"), "key": "home"}
    account = {"label": _("Account"), "url": reverse("accounts:account"), "key": "account"}
    sections = []
    family = []
    links = [home]
    if viewer.is_staff_member:
        school = getattr(request, "bridgebook_school", None) or visible_schools(
            request.user).first()
        sections = _staff_sections(viewer, school)
        for section in sections:
            links += section["items"]
    if viewer.is_family:
        family = [_entry(entry, viewer, None) for entry in site.menu_entries(Audience.FAMILY)
                  if entry.show(viewer, None)]
        links += family
    links.append(account)
    # The current link is the longest the path starts with (home only on its own), or
    # failing that one whose other pages it is (``MenuEntry.paths``); a link's query string
    # plays no part.
    matches = [link for link in links
               if (link_path := link["url"].split("?")[0]) == path
               or (link_path != "/" and path.startswith(link_path))]
    current = max(matches, key=lambda link: len(link["url"].split("?")[0]), default=None)
    if current is None:
        current = next((link for link in links
                        if any(path.startswith(prefix) for prefix in link.get("paths", ()))),
                       None)
    for link in links:
        link["current"] = link is current
    top = [home]
    current_section = None
    for section in sections:
        # A section opens at its first link.
        is_current = any(link["current"] for link in section["items"])
        top.append({"label": section["label"], "url": section["items"][0]["url"],
                    "key": section["key"], "current": is_current})
        if is_current:
            current_section = section
    top += family
    top.append(account)
    return {"items": top, "section": current_section}


@register.filter(name="language_name")
def language_name_filter(code: str) -> str:
    """A language's name from its code ("ar" → "Arabic")."""
    return language_name(code)


@register.filter
def bdi(value) -> str:
    """``value`` escaped and isolated (``<bdi>``) so a name or word in another script keeps
    its own direction inside a translated sentence: ``{% blocktranslate with
    name=pupil.first_name|bdi %}``."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


# What the apps add to the shared pages (bridgebook/core/registry.py) ------------------------

@register.simple_tag
def landing_links(slot: str) -> list:
    """The links apps put in a slot of the staff landing page ("top" or "class")."""
    return site.links(slot)


@register.simple_tag
def family_cards() -> dict:
    """The apps' parts of a family's landing page: ``top`` lines and each child's ``rows``."""
    cards = site.cards()
    return {"top": [card for card in cards if card.top],
            "rows": [card for card in cards if not card.top]}


@register.simple_tag(takes_context=True)
def school_settings_pages(context, school) -> list[dict]:
    """The school's settings pages the person may open, as apps register them."""
    request = context.get("request")
    viewer = viewer_for(request.user)
    return [{"label": page.label, "description": page.description, "url": page.url(school)}
            for page in site.school_settings() if page.show(viewer, school)]


@register.inclusion_tag("components/pupil_header.html", takes_context=True)
def pupil_header(context, pupil, *, heading=None) -> dict:
    """The head of each tab of a child's page: their name (or the tab's ``heading``, with
    the name above it), school and class; for staff, the family's language needs and the
    EHC plan (annotated by ``access_pupil``); and the tabs the person may open, as each app
    registers its own and its access layer allows."""
    request = context.get("request")
    viewer = viewer_for(request.user)
    path = request.path
    tabs = [{"label": tab.label, "url": reverse(tab.url_name, args=[pupil.pk]),
             "key": tab.key}
            for tab in site.tabs() if tab.show(viewer, pupil)]
    matches = [tab for tab in tabs if path == tab["url"] or path.startswith(tab["url"])]
    current = max(matches, key=lambda tab: len(tab["url"]), default=None)
    for tab in tabs:
        tab["current"] = tab is current
    return {"pupil": pupil, "tabs": tabs, "heading": heading,
            "is_staff_view": viewer.is_staff_member}
