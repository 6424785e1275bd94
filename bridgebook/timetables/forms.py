"""The forms staff change a class's week and a pupil's own changes with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import LessonPeriod, Weekday
from bridgebook.diary.symbols import GROUPS
from bridgebook.timetables.models import Kind, Variation

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


def symbol_choices() -> list:
    """The curated symbols, by group, each with its word: "no symbol" uses the kind's own."""
    return [("", _("The symbol for the kind of session")), *[
        (str(group.label), [(symbol.hexcode, str(symbol.word)) for symbol in group.symbols])
        for group in GROUPS if group.key != "feelings"]]


class LessonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return (f"{obj.get_weekday_display()}, {obj.name} "
                f"({obj.starts_at:%H:%M}–{obj.ends_at:%H:%M})")


class SessionForm(forms.Form):
    """One session of the class's week. Times can come from one of the school day's
    lessons instead of being typed."""

    lesson = LessonChoiceField(
        label=_("At one of the school day’s lesson times"), required=False,
        queryset=LessonPeriod.objects.none(), empty_label=_("No: I will give the day and "
                                                            "times"),
        help_text=_("Choose a lesson to use its day and times, or give them below."))
    weekday = forms.TypedChoiceField(label=_("Day"), choices=[("", _("Choose a day")),
                                                              *Weekday.choices],
                                     coerce=int, required=False)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET, required=False,
                                help_text=_("For example, 09:15"))
    ends_at = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET, required=False,
                              help_text=_("For example, 10:15. Leave it empty for a moment "
                                          "such as home time."))
    what = forms.CharField(label=_("What happens"), max_length=120,
                           help_text=_("In plain words, as you would say it to the family: "
                                       "“Swimming at the leisure centre”."))
    kind = forms.ChoiceField(label=_("Kind of session"), choices=Kind.choices,
                             initial=Kind.LESSON)
    symbol = forms.ChoiceField(label=_("Symbol"), required=False, choices=symbol_choices)
    place = forms.CharField(label=_("Where"), max_length=120, required=False)
    notes = forms.CharField(label=_("Notes for families"), max_length=300, required=False,
                            help_text=_("For example: “Bring a towel and swimming kit”."))

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = LessonPeriod.objects.filter(school=school).order_by(
            "weekday", "starts_at")

    def clean(self):
        data = super().clean()
        lesson = data.get("lesson")
        if lesson is not None:
            data["weekday"] = lesson.weekday
            data["starts_at"] = data.get("starts_at") or lesson.starts_at
            data["ends_at"] = data.get("ends_at") or lesson.ends_at
        if data.get("weekday") in (None, ""):
            self.add_error("weekday", _("Choose the day, or one of the lesson times"))
        if data.get("starts_at") is None and "starts_at" not in self.errors:
            self.add_error("starts_at", _("Enter the time it starts, like 09:15"))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end time must be after the start time"))
        return data

    def session_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("weekday", "starts_at", "ends_at", "what", "kind", "symbol", "place",
                 "notes")}


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_weekday_display()} {obj.starts_at:%H:%M}: {obj.what}"


class VariationForm(forms.Form):
    """One of a pupil's own changes to the class's week."""

    change = forms.ChoiceField(label=_("What changes for this pupil"),
                               choices=Variation.Change.choices, widget=forms.RadioSelect,
                               initial=Variation.Change.INSTEAD)
    replaces = SessionChoiceField(
        label=_("Which class session"), required=False, queryset=None,
        empty_label=_("Choose a session"),
        help_text=_("For “instead of” and “not at”: the session of the class’s week."))
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=[("", _("Choose a day")), *Weekday.choices], coerce=int,
        required=False, help_text=_("For an extra session or going home early."))
    starts_at = forms.TimeField(label=_("Starts at (or goes home at)"), widget=TIME_WIDGET,
                                required=False,
                                help_text=_("Left empty, “instead of” keeps the class "
                                            "session’s times."))
    ends_at = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET, required=False)
    what = forms.CharField(label=_("What happens"), max_length=120, required=False,
                           help_text=_("For example: “Speech and language therapy with "
                                       "Imogen”."))
    kind = forms.ChoiceField(label=_("Kind of session"), choices=Kind.choices,
                             initial=Kind.THERAPY)
    symbol = forms.ChoiceField(label=_("Symbol"), required=False, choices=symbol_choices)
    place = forms.CharField(label=_("Where"), max_length=120, required=False)
    notes = forms.CharField(label=_("Notes for the family"), max_length=300, required=False)

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = sessions

    def clean(self):
        data = super().clean()
        change = data.get("change")
        Change = Variation.Change
        if change in (Change.INSTEAD, Change.MISSES):
            if data.get("replaces") is None:
                self.add_error("replaces", _("Choose the class session it changes"))
        elif change in (Change.EXTRA, Change.HOME):
            if data.get("weekday") in (None, ""):
                self.add_error("weekday", _("Choose the day"))
            if data.get("starts_at") is None and "starts_at" not in self.errors:
                self.add_error("starts_at", _("Enter the time, like 14:30"))
        if change in (Change.INSTEAD, Change.EXTRA) and not data.get("what"):
            self.add_error("what", _("Say what happens, in plain words"))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if change != Change.HOME and starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end time must be after the start time"))
        return data

    def variation_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in
                ("change", "replaces", "weekday", "starts_at", "ends_at", "what", "kind",
                 "symbol", "place", "notes")}


class SendForm(forms.Form):
    """"Send to families": what the sender's page showed, so a second press sends nothing."""

    seen_sends = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    everyone = forms.BooleanField(required=False, widget=forms.HiddenInput)
