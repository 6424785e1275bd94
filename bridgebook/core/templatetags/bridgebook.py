from django import forms, template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from bridgebook.core.access import (
    IMPORT_ROLES,
    PEOPLE_MANAGER_ROLES,
    can_manage_staff,
    can_read_audit,
    viewer_for,
    visible_schools,
)
from bridgebook.translation.access import can_review

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
    return "input"


@register.filter
def first_input_id(bound_field) -> str:
    """The id the error summary links to (the day box for a date)."""
    if isinstance(bound_field.field.widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_day"
    if isinstance(bound_field.field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def _staff_items(user, viewer, school) -> list[dict]:
    """A member of staff's links for the school they are looking at (or their first)."""
    conversations = {"label": _("Conversations"), "url": reverse("messaging:inbox")}
    if school is None:
        return [conversations]
    urn = school.urn
    items = [
        {"label": _("Pupils"), "url": reverse("people:pupils", args=[urn])},
        {"label": _("Families"), "url": reverse("people:contacts", args=[urn])},
        # Conversations with families: every member of staff (the page lists the unread).
        conversations,
        {"label": _("Classes"), "url": reverse("people:classes", args=[urn])},
        {"label": _("School"), "url": reverse("core:school", args=[urn])},
    ]
    if can_manage_staff(user, school):
        items.append({"label": _("Staff"), "url": reverse("people:staff", args=[urn])})
    if viewer.has_role(school, IMPORT_ROLES):
        items.append({"label": _("Import"), "url": reverse("imports:home", args=[urn])})
    if viewer.has_role(school, PEOPLE_MANAGER_ROLES):
        items.append({"label": _("Announcements"),
                      "url": reverse("announcements:list", args=[urn])})
    # Every member of staff reads the glossary; the review queue is for those who approve
    # translations (bridgebook/translation/access.py).
    items.append({"label": _("Glossary"), "url": reverse("translation:glossary", args=[urn])})
    if can_review(user, school):
        items.append({"label": _("Translations to check"),
                      "url": reverse("translation:reviews", args=[urn])})
    if can_read_audit(user, school):
        items.append({"label": _("Audit log"), "url": reverse("core:audit", args=[urn])})
    # Working hours are kept per school for people with a role there (a trust administrator
    # without one has none, and the page would answer 404).
    if school.pk in viewer.school_ids():
        items.append({"label": _("Working hours"),
                      "url": f"{reverse('messaging:working_hours')}?school={urn}"})
    return items


@register.simple_tag(takes_context=True)
def navigation_items(context) -> list[dict]:
    """Links in the service navigation for whoever is signed in."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    viewer = viewer_for(request.user)
    path = request.path
    items = [{"label": _("Home"), "url": reverse("core:home")}]
    if viewer.is_staff_member:
        school = getattr(request, "bridgebook_school", None) or visible_schools(
            request.user).first()
        items += _staff_items(request.user, viewer, school)
    if viewer.is_family:
        # Two inboxes, named so a family can tell them apart: what the school sends
        # everyone (announcements, notifications) and their conversations with staff.
        items.append({"label": _("Messages from school"),
                      "url": reverse("announcements:inbox")})
        items.append({"label": _("Conversations with school"),
                      "url": reverse("messaging:inbox")})
    items.append({"label": _("Account"), "url": reverse("accounts:account")})
    # The current item is the longest link the path starts with (home only on its own);
    # a link's query string plays no part.
    for item in items:
        item["path"] = item["url"].split("?")[0]
    matches = [item for item in items
               if item["path"] == path or (item["path"] != "/" and path.startswith(item["path"]))]
    current = max(matches, key=lambda item: len(item["path"]), default=None)
    for item in items:
        item["current"] = item is current
    return items


@register.filter
def bdi(value) -> str:
    """``value`` escaped and isolated (``<bdi>``) so a name or word in another script keeps
    its own direction inside a translated sentence: ``{% blocktranslate with
    name=pupil.first_name|bdi %}``."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def bridgebook_change_sections() -> list[tuple[str, str]]:
    """The parts of an import's changes, in the order the preview lists them."""
    return [("pupils", _("Pupils")), ("contacts", _("Contacts")),
            ("links", _("Links between pupils and contacts"))]
