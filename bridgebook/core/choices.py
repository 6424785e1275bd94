"""Choice labels looked up, not worked out again, on every ``get_FOO_display()``.

Django's ``get_FOO_display()`` builds a dictionary of every choice of the field on each
call, which translates every label (a lazy label is translated to be hashed). A long list,
such as the DfE relationship codes, costs a few dozen translations for one label, and a
page of the book asks for one per family member per entry. ``ChoiceLabels`` keeps one table
per field and language instead; the labels are the same, in the active language.
"""

import functools

from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@functools.lru_cache(maxsize=1024)
def labels(field: models.Field, language: str | None) -> dict:
    """{value: label} for ``field`` in ``language`` (the active language when called)."""
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


class ChoiceLabels(models.Model):
    """Base for models whose choice labels are shown often."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return labels(field, get_language()).get(make_hashable(value), value)
