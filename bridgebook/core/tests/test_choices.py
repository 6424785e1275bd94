"""ChoiceLabels: the same labels as Django's get_FOO_display, in the active language."""

from django.db import models
from django.utils import translation

from bridgebook.core.choices import labels
from bridgebook.diary.models import Entry
from bridgebook.people.models import PupilContact


def test_labels_match_djangos_in_each_language(world):
    link = PupilContact.objects.filter(pupil=world.pupil).first()
    field = PupilContact._meta.get_field("relationship")
    seen = set()
    for language in ("en-gb", "pl", "ar", "pl"):
        with translation.override(language):
            ours = link.get_relationship_display()
            assert ours == models.Model._get_FIELD_display(link, field)
            seen.add(ours)
    assert len(seen) == 3   # English, Polish and Arabic: the table is kept per language


def test_a_value_outside_the_choices_shows_as_it_is():
    entry = Entry(origin="somewhere-new")
    assert entry.get_origin_display() == "somewhere-new"


def test_the_table_is_built_once_per_field_and_language():
    field = Entry._meta.get_field("origin")
    with translation.override("pl"):
        first = labels(field, translation.get_language())
        assert labels(field, translation.get_language()) is first
