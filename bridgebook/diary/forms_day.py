"""Forms for the teacher's day (the class page) and the school's activity list.

The class page is one HTML form made of a ``ClassActivitiesForm`` and one ``PupilDayForm``
per pupil (prefix ``p<pupil id>``). Choices come from lists the view has already loaded,
so validating a class of any size adds no queries.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bridgebook.diary.day import LUNCH_CHOICES
from bridgebook.diary.models import Activity, Eaten, Mood


def _escape(text: str) -> str:
    """Django fills %(value)s into choice errors, so a literal % must be doubled."""
    return text.replace("%", "%%")


class ClassActivitiesForm(forms.Form):
    """The class's activities for the day, chosen once and copied to every pupil.

    ``shown_*`` carry the class activities as the page showed them, so that saving
    replaces just those and keeps what a pupil has on their own.
    """

    activities = forms.TypedMultipleChoiceField(
        label=_("Activities"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    activities_text = forms.CharField(label=_("Other activities"), max_length=300,
                                      required=False)
    shown_activities = forms.TypedMultipleChoiceField(coerce=int, required=False,
                                                      widget=forms.MultipleHiddenInput)
    shown_text = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, activities: list[Activity], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(activity.pk, activity.name) for activity in activities]
        for name in ("activities", "shown_activities"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose activities from the school's list: %(value)s is not on it (it may "
                "have just been retired). Reload the page to see the list as it is now.")

    def shown(self) -> tuple[set[int], str]:
        return set(self.cleaned_data["shown_activities"]), self.cleaned_data["shown_text"]

    def chosen(self) -> tuple[set[int], str]:
        return set(self.cleaned_data["activities"]), self.cleaned_data["activities_text"]


class PupilDayForm(forms.Form):
    """One pupil's quick choices: mood, lunch, a "well done" sticker and a note."""

    mood = forms.TypedChoiceField(label=_("Mood"), choices=Mood.choices, coerce=int,
                                  required=False, empty_value=None, widget=forms.RadioSelect)
    lunch = forms.ChoiceField(
        label=_("Lunch eaten"), required=False, widget=forms.RadioSelect,
        choices=[(value, label) for value, label in Eaten.choices if value in LUNCH_CHOICES])
    well_done = forms.BooleanField(label=_("Well done sticker"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    # The entry version the page was built on; empty where there was no entry.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, pupil, **kwargs):
        kwargs.setdefault("prefix", f"p{pupil.pk}")
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        name = _escape(pupil.display_name)
        self.fields["mood"].error_messages["invalid_choice"] = gettext(
            "Choose %(name)s's mood from the five on the page") % {"name": name}
        self.fields["lunch"].error_messages["invalid_choice"] = gettext(
            "Choose how much lunch %(name)s ate: all of it, most, some or none"
        ) % {"name": name}
        damaged = gettext("The page for %(name)s was damaged: reload it and try again") % {
            "name": name}
        self.fields["version"].error_messages.update(invalid=damaged, min_value=damaged)

    @classmethod
    def initial_for(cls, entry) -> dict:
        """Pre-fill from the pupil's entry for the day."""
        if entry is None:
            return {}
        lunch = entry.food.get("lunch") if isinstance(entry.food, dict) else None
        return {
            "mood": entry.mood,
            "lunch": lunch if lunch in LUNCH_CHOICES else None,
            "well_done": "well_done" in (entry.stickers or []),
            "note": entry.note,
            "version": entry.version,
        }


class ActivityForm(forms.Form):
    """Add an activity, or rename one (``activity`` set)."""

    name = forms.CharField(label=_("Name"), max_length=80)

    def __init__(self, *args, school, activity: Activity | None = None, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.activity = activity
        self.existing = existing

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the activity's name"))
        for other in self.existing:
            if other.name.casefold() == name.casefold() and other != self.activity:
                raise forms.ValidationError(
                    _("There is already an activity called %(name)s")
                    % {"name": other.name})
        return name
