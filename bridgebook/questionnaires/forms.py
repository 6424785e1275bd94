from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import visible_pupils
from bridgebook.core.forms import GovukDateField
from bridgebook.diary import symbols
from bridgebook.people.models import SchoolClass
from bridgebook.questionnaires.models import (
    Kind,
    Question,
    QuestionnaireTemplate,
    Topic,
)

MAX_OPTIONS = 10


class TemplateForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireTemplate
        fields = ["name", "intro"]
        help_texts = {"intro": _("Written in English: each family reads it in their own "
                                 "language.")}


def symbol_choices() -> list:
    """The curated symbols by group, for a picture choice's options."""
    return [("", _("No symbol"))] + [
        (str(group.label), [(symbol.hexcode, str(symbol.word)) for symbol in group.symbols])
        for group in symbols.GROUPS]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["topic", "kind", "text", "hint", "multiple", "scale_max", "low_label",
                  "high_label"]
        labels = {"text": _("Question"), "hint": _("Hint"),
                  "scale_max": _("Points on the scale"),
                  "low_label": _("What 1 means on the scale"),
                  "high_label": _("What the top of the scale means")}
        help_texts = {
            "text": _("Written in plain English: each family reads it in their own "
                      "language."),
            "hint": _("A few words under the question, if it helps."),
            "multiple": _("For a choice or picture choice."),
            "scale_max": _("From 3 to 10: a scale runs from 1 to this."),
        }
        widgets = {"topic": forms.RadioSelect, "kind": forms.RadioSelect,
                   "scale_max": forms.NumberInput(attrs={"inputmode": "numeric",
                                                         "class": "govuk-input--width-3"})}

    def __init__(self, *args, answered: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if answered:
            # Answers already given are read by the question's kind and scale: those stay.
            for name in ("kind", "scale_max", "multiple"):
                self.fields[name].disabled = True
            self.fields["kind"].help_text = _(
                "Families have answered this question, so its kind and scale stay as they "
                "are. To ask it another way, take it out and add a new question.")

    def clean_scale_max(self):
        value = self.cleaned_data.get("scale_max") or 5
        if not 3 <= value <= 10:
            raise forms.ValidationError(_("Choose from 3 to 10 points"))
        return value


class OptionForm(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Option"), required=False, max_length=120)
    symbol = forms.ChoiceField(label=_("Symbol"), required=False, choices=symbol_choices)


OptionFormSet = forms.formset_factory(OptionForm, extra=0, max_num=MAX_OPTIONS,
                                      absolute_max=MAX_OPTIONS)


def option_formset(data=None, question: Question | None = None):
    """The options of a question, with empty rows to add more (up to MAX_OPTIONS)."""
    initial = [{"key": o.get("key", ""), "label": o.get("label", ""),
                "symbol": o.get("symbol", "")} for o in (question.options if question else [])]
    initial += [{}] * max(MAX_OPTIONS - len(initial), 0)
    return OptionFormSet(data, initial=initial[:MAX_OPTIONS], prefix="options")


def question_data(form: QuestionForm, options) -> dict | None:
    """The question's values for the actions, or None with the errors on the forms."""
    if not (form.is_valid() and options.is_valid()):
        return None
    data = dict(form.cleaned_data)
    chosen = [row for row in options.cleaned_data if row and row.get("label", "").strip()]
    kind = data["kind"]
    if kind in (Kind.CHOICE, Kind.PICTURE):
        if len(chosen) < 2:
            form.add_error(None, _("Give at least two options"))
            return None
        if kind == Kind.PICTURE and any(not row.get("symbol") for row in chosen):
            form.add_error(None, _("Choose a symbol for each option of a picture choice"))
            return None
    data["options"] = [{"key": row.get("key", ""), "label": row["label"],
                        "symbol": row.get("symbol", "")} for row in chosen]
    return data


class PupilChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        if obj.school_class:
            return f"{obj.display_name} ({obj.school_class.name})"
        return obj.display_name


class RoundForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Questionnaire"), queryset=None,
                                      empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=120,
                           help_text=_("Families and staff see it, for example Autumn term "
                                       "2026 baseline."))
    sent_on = GovukDateField(label=_("Date"))
    classes = forms.ModelMultipleChoiceField(
        label=_("Classes"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every pupil of the classes you choose."))
    pupils = PupilChoiceField(label=_("Pupils"), required=False, queryset=None,
                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, school, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = QuestionnaireTemplate.objects.filter(school=school)
        self.fields["classes"].queryset = SchoolClass.objects.filter(school=school)
        # The pupils on roll the sender may see: never one a court order keeps from them.
        self.on_roll = (visible_pupils(user).filter(school=school)
                        .filter(Q(leaving_date__isnull=True)
                                | Q(leaving_date__gte=timezone.localdate())))
        self.fields["pupils"].queryset = self.on_roll.select_related("school_class")
        if not self.is_bound:
            self.initial.setdefault("sent_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if not data.get("classes") and not data.get("pupils"):
            self.add_error("classes", _("Choose the classes or pupils to send it for"))
        return data

    def chosen_pupils(self) -> list:
        data = self.cleaned_data
        pupils = {pupil.pk: pupil for pupil in data.get("pupils") or []}
        classes = list(data.get("classes") or [])
        if classes:
            for pupil in self.on_roll.filter(school_class__in=classes):
                pupils.setdefault(pupil.pk, pupil)
        return list(pupils.values())


class AnswerForm(forms.Form):
    """One question's answer: options or a point (``choice``), words (``text``) and a
    voice recording, each optional (a family member answers what they can)."""

    choice = forms.MultipleChoiceField(required=False)
    text = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    recording = forms.FileField(required=False)
    remove_recording = forms.BooleanField(required=False)

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        if question.kind == Kind.SCALE:
            keys = [str(point) for point in range(1, question.scale_max + 1)]
        else:
            keys = [option["key"] for option in question.options]
        self.fields["choice"].choices = [(key, key) for key in keys]
        self.question = question

    def clean_choice(self):
        chosen = self.cleaned_data.get("choice") or []
        if len(chosen) > 1 and not (self.question.has_options and self.question.multiple):
            raise forms.ValidationError(_("Choose one answer"))
        return chosen


TOPIC_LABELS = dict(Topic.choices)


class TargetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.text


class EvidenceForm(forms.Form):
    """An answer as evidence for some of the pupil's open targets."""

    targets = TargetChoiceField(label=_("Targets it is evidence for"), queryset=None,
                                widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, max_length=2000)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = targets
