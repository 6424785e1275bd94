"""Template tags of the imports pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def change_sections() -> list[tuple[str, str]]:
    """The parts of an import's changes, in the order the preview lists them."""
    return [("pupils", _("Pupils")), ("contacts", _("Contacts")),
            ("links", _("Links between pupils and contacts"))]
