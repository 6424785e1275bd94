"""Forms for the book: a school entry (only the parts chosen for the pupil), a home entry,
replies, filters, book settings and events. Rendered with the GOV.UK components."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.forms import GovukDateField
from bridgebook.diary.models import Eaten, Entry, Incident, Meal, Mood, Part
from bridgebook.diary.selectors import KIND_EVENTS, KIND_HOME, KIND_PUPIL, KIND_SCHOOL, STICKERS
from bridgebook.diary.symbols import mood_symbol

TEXTAREA = forms.Textarea(attrs={"rows": 3})
TIME = forms.TimeInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"},
                       format="%H:%M")


def _time_field(label, **kwargs):
    return forms.TimeField(label=label, required=False, widget=TIME,
                           input_formats=["%H:%M", "%H.%M", "%H%M"],
                           help_text=_("For example, 13:45"),
                           error_messages={"invalid": _("Enter a time, for example 13:45")},
                           **kwargs)


class VersionMixin(forms.Form):
    """The version an edit started from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# School entries --------------------------------------------------------------------------

PART_FIELDS = {
    Part.ACTIVITIES: ["activities", "activities_text"],
    Part.MOOD: ["mood", "mood_note"],
    Part.ACHIEVEMENTS: ["stickers", "achievements"],
    Part.FOOD: ["breakfast", "snack", "lunch", "drinks"],
    Part.HEALTH: ["medication_name", "medication_time", "first_aid"],
    Part.PERSONAL_CARE: ["personal_care"],
    Part.INCIDENTS: ["incident_kind", "incident_time", "incident_what", "incident_action",
                     "incident_told"],
    Part.NOTE: ["note"],
}
INCIDENT_REQUIRED = {
    "incident_kind": _("Say whether it was an incident or an accident"),
    "incident_time": _("Enter when it happened, for example 13:45"),
    "incident_what": _("Say what happened"),
    "incident_action": _("Say what was done"),
}


class SchoolEntryForm(forms.Form):
    date = GovukDateField(label=_("Date"))
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    activities_text = forms.CharField(label=_("Other activities"), max_length=300,
                                      required=False)
    mood = forms.TypedChoiceField(label=_("Mood"), choices=Mood.choices, coerce=int,
                                  required=False, empty_value=None, widget=forms.RadioSelect)
    mood_note = forms.CharField(label=_("About their mood"), max_length=300, required=False)
    stickers = forms.MultipleChoiceField(label=_("Stickers"), choices=STICKERS,
                                         required=False, widget=forms.CheckboxSelectMultiple)
    achievements = forms.CharField(label=_("Achievements"), required=False, widget=TEXTAREA,
                                   max_length=2000)
    breakfast = forms.ChoiceField(label=_("Breakfast"), choices=Eaten.choices, required=False,
                                  widget=forms.RadioSelect)
    snack = forms.ChoiceField(label=_("Snack"), choices=Eaten.choices, required=False,
                              widget=forms.RadioSelect)
    lunch = forms.ChoiceField(label=_("Lunch"), choices=Eaten.choices, required=False,
                              widget=forms.RadioSelect)
    drinks = forms.CharField(label=_("Drinks"), max_length=200, required=False,
                             help_text=_("For example, 2 cups of water"))
    medication_name = forms.CharField(label=_("Medication given"), max_length=120,
                                      required=False)
    medication_time = _time_field(_("Time the medication was given"))
    first_aid = forms.CharField(label=_("First aid"), required=False, widget=TEXTAREA,
                                max_length=1000)
    personal_care = forms.CharField(label=_("Toileting and personal care"), required=False,
                                    widget=TEXTAREA, max_length=1000)
    incident_kind = forms.ChoiceField(label=_("Incident or accident"),
                                      choices=Incident.Kind.choices, required=False,
                                      widget=forms.RadioSelect)
    incident_time = _time_field(_("When it happened"))
    incident_what = forms.CharField(label=_("What happened"), required=False, widget=TEXTAREA,
                                    max_length=2000)
    incident_action = forms.CharField(label=_("What was done"), required=False,
                                      widget=TEXTAREA, max_length=2000)
    incident_told = forms.CharField(label=_("Who was told"), max_length=200, required=False)
    note = forms.CharField(label=_("A note for home"), required=False, widget=TEXTAREA,
                           max_length=4000)

    def __init__(self, *args, parts: list[str], activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = [part for part in PART_FIELDS if part in parts]
        shown = {"date", "version"} | {name for part in self.parts for name in PART_FIELDS[part]}
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]
        if "activities" in self.fields:
            self.fields["activities"].queryset = activities
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = timezone.localdate()

    def has(self, part: str) -> bool:
        return part in self.parts

    @property
    def mood_options(self) -> list[dict]:
        """The mood radios, each word with its symbol."""
        if "mood" not in self.fields:
            return []
        field = self["mood"]
        return [{"choice": choice, "symbol": mood_symbol(choice.data["value"])}
                for choice in field]

    def clean(self):
        cleaned = super().clean()
        content = [name for name in self.fields if name not in ("date", "version")]
        if content and not self.errors and not any(cleaned.get(name) for name in content):
            # An empty entry would tell the family nothing (and announce it to them).
            self.add_error(content[0], _("Write something in at least one part of the "
                                         "entry"))
        if self.has(Part.INCIDENTS) and self._incident_started(cleaned):
            for name, message in INCIDENT_REQUIRED.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        if self.has(Part.HEALTH) and cleaned.get("medication_time") and not cleaned.get(
                "medication_name"):
            self.add_error("medication_name", _("Say which medication was given"))
        return cleaned

    @staticmethod
    def _incident_started(cleaned) -> bool:
        return any(cleaned.get(name) for name in PART_FIELDS[Part.INCIDENTS])

    # What the actions take.

    def entry_data(self) -> dict:
        """The entry's fields for the parts on this form (parts not shown are left out, so
        an edit keeps them as they were)."""
        data = self.cleaned_data
        values = {}
        if self.has(Part.ACTIVITIES):
            values["activities_text"] = data["activities_text"]
        if self.has(Part.MOOD):
            values.update(mood=data["mood"], mood_note=data["mood_note"])
        if self.has(Part.ACHIEVEMENTS):
            values.update(stickers=list(data["stickers"]), achievements=data["achievements"])
        if self.has(Part.FOOD):
            food = {meal: data[meal] for meal in Meal.values if data.get(meal)}
            if data["drinks"]:
                food["drinks"] = data["drinks"]
            values["food"] = food
        if self.has(Part.HEALTH) or self.has(Part.PERSONAL_CARE):
            health = dict(self.initial.get("_health") or {})
            if self.has(Part.HEALTH):
                medication = []
                if data["medication_name"]:
                    time = data["medication_time"]
                    medication.append({"name": data["medication_name"],
                                       "time": time.strftime("%H:%M") if time else ""})
                health.update(medication=medication, first_aid=data["first_aid"])
            if self.has(Part.PERSONAL_CARE):
                health["personal_care"] = data["personal_care"]
            values["health"] = {key: value for key, value in health.items() if value}
        if self.has(Part.NOTE):
            values["note"] = data["note"]
        return values

    def chosen_activities(self):
        """None when the activities part is not on the form (an edit keeps them)."""
        if not self.has(Part.ACTIVITIES):
            return None
        return list(self.cleaned_data["activities"])

    def incidents(self) -> list[dict]:
        data = self.cleaned_data
        if not self.has(Part.INCIDENTS) or not self._incident_started(data):
            return []
        return [{"kind": data["incident_kind"], "happened_at": data["incident_time"],
                 "what_happened": data["incident_what"],
                 "action_taken": data["incident_action"],
                 "who_was_told": data["incident_told"]}]

    @staticmethod
    def initial_for(entry: Entry) -> dict:
        """The form's starting values for an existing entry (incidents are added, not
        edited, so they start empty)."""
        food = entry.food or {}
        health = entry.health or {}
        medication = (health.get("medication") or [{}])[0]
        initial = {
            "date": entry.date, "activities": list(entry.activities.all()),
            "activities_text": entry.activities_text, "mood": entry.mood,
            "mood_note": entry.mood_note, "stickers": entry.stickers,
            "achievements": entry.achievements, "drinks": food.get("drinks", ""),
            "medication_name": medication.get("name", ""),
            "medication_time": medication.get("time", ""),
            "first_aid": health.get("first_aid", ""),
            "personal_care": health.get("personal_care", ""), "note": entry.note,
            "version": entry.version, "_health": health,
        }
        initial.update({meal: food.get(meal, "") for meal in Meal.values})
        return initial


class SchoolEntryEditForm(VersionMixin, SchoolEntryForm):
    pass


# Home entries ----------------------------------------------------------------------------

class HomeEntryForm(forms.Form):
    date = GovukDateField(label=_("Date"))
    home_news = forms.CharField(label=_("News from home"), required=False, widget=TEXTAREA,
                                max_length=4000,
                                help_text=_("For example, what you did at the weekend"))
    sleep = forms.CharField(label=_("Sleep"), max_length=300, required=False,
                            help_text=_("For example, slept well from 8pm to 6am"))
    home_health = forms.CharField(label=_("Health and medication at home"), required=False,
                                  widget=TEXTAREA, max_length=2000)
    celebrate = forms.CharField(label=_("Something to celebrate"), required=False,
                                widget=TEXTAREA, max_length=2000)
    question = forms.CharField(label=_("A question for school"), required=False,
                               widget=TEXTAREA, max_length=2000)
    shared_with_all = forms.BooleanField(
        label=_("Share this with the family at the child’s other home"), required=False,
        help_text=_("Staff and the people you live with see it. Leave this unticked and "
                    "the child’s other home does not."))

    FIELDS = ["home_news", "sleep", "home_health", "celebrate", "question"]

    def __init__(self, *args, other_household: bool = False, **kwargs):
        """``other_household``: the child has family entitled to the book in another
        household, so the writer may choose to share with them."""
        super().__init__(*args, **kwargs)
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = timezone.localdate()
        if not other_household:
            del self.fields["shared_with_all"]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.FIELDS) and not self.errors:
            self.add_error("home_news", _("Write something to share with school"))
        return cleaned

    def entry_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.FIELDS}
        if "shared_with_all" in self.fields:
            data["shared_with_all"] = self.cleaned_data["shared_with_all"]
        return data

    @staticmethod
    def initial_for(entry: Entry) -> dict:
        initial = {name: getattr(entry, name) for name in HomeEntryForm.FIELDS}
        initial.update(date=entry.date, version=entry.version,
                       shared_with_all=entry.shared_with_all)
        return initial


class HomeEntryEditForm(VersionMixin, HomeEntryForm):
    pass


# Replies, filters, settings, events ------------------------------------------------------

class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your reply"), widget=TEXTAREA, max_length=4000,
                           error_messages={"required": _("Write your reply")})
    shared_with_all = forms.BooleanField(
        label=_("Share this reply with the family at the child’s other home"),
        required=False)

    def __init__(self, *args, other_household: bool = False, **kwargs):
        """``other_household``: a family member writing, whose child has family in another
        household (staff replies are everyone's)."""
        super().__init__(*args, **kwargs)
        if not other_household:
            del self.fields["shared_with_all"]


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("Anything you want to tell school about it (optional)"),
                           required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000)


KIND_CHOICES = [
    (KIND_SCHOOL, _("From school")),
    (KIND_HOME, _("From home")),
    (KIND_PUPIL, _("My day")),
    (KIND_EVENTS, _("Class and school events")),
]


class BookFilterForm(forms.Form):
    since = GovukDateField(label=_("From"), required=False)
    until = GovukDateField(label=_("To"), required=False)
    kind = forms.MultipleChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False,
                                     widget=forms.CheckboxSelectMultiple)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date must be on or after the start date"))
        return cleaned

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"since": data["since"], "until": data["until"], "kinds": data["kind"] or None}


class BookSettingsForm(forms.Form):
    parts = forms.MultipleChoiceField(
        label=_("Parts of the book"), choices=Part.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose what matters for this pupil. Entries show only these parts."),
        error_messages={"required": _("Choose at least one part of the book")})
    share_personal_care = forms.BooleanField(
        label=_("The family wants toileting and personal care shared"), required=False,
        help_text=_("Only where the family has asked for it."))


class EventForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who is it for?"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Choose who the event is for")})
    date = GovukDateField(label=_("Date"))
    title = forms.CharField(label=_("Title"), max_length=150,
                            help_text=_("For example, Visiting theatre group"),
                            error_messages={"required": _("Enter a title")})
    description = forms.CharField(label=_("What happened"), required=False, widget=TEXTAREA,
                                  max_length=4000)

    WHOLE_SCHOOL = "school"

    def __init__(self, *args, classes, whole_school: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.classes = {str(school_class.pk): school_class for school_class in classes}
        choices = [(self.WHOLE_SCHOOL, _("The whole school"))] if whole_school else []
        choices += [(pk, school_class.name) for pk, school_class in self.classes.items()]
        self.fields["audience"].choices = choices
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def chosen_class(self):
        """The class chosen, or None for the whole school."""
        return self.classes.get(self.cleaned_data["audience"])
