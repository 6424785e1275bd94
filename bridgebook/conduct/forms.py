"""Forms: recording and changing an incident, an action taken, a review date, a review
held, closing, and the school's retention period."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.agreements.nas import BY_KEY, REQUIRED
from bridgebook.conduct.actions import KEEP
from bridgebook.conduct.models import (
    MAX_RETENTION_MONTHS,
    ConductAction,
    ConductIncident,
    ConductSettings,
)
from bridgebook.conduct.selectors import (
    contact_choices,
    pupil_choices,
    staff_choices,
    statement_choices,
)
from bridgebook.core.forms import GovukDateField

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        pupils = ", ".join(link.pupil.display_name for link in obj.pupil_links.all())
        return f"{obj.full_name} ({pupils})" if pupils else obj.full_name


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def _statement_label(statement) -> str:
    required = BY_KEY.get(statement.nas_key)
    if required is not None:
        return f"{required.name}: {truncatechars(statement.text, 90)}"
    return truncatechars(statement.text, 110)


class IncidentForm(forms.Form):
    contact = ContactChoiceField(
        label=_("Who: a contact of the school"), required=False,
        queryset=ConductIncident.objects.none(),
        empty_label=_("Not a contact of the school: give their name below"))
    person_name = forms.CharField(
        label=_("Their name, if they are not a contact of the school"), required=False,
        max_length=200)
    person_description = forms.CharField(
        label=_("Who they are"), required=False, max_length=2000, widget=forms.Textarea,
        help_text=_("For example a parent’s partner who collects a pupil, or how to "
                    "recognise them if their name is not known"))
    pupil = PupilChoiceField(label=_("Pupil it relates to"), required=False,
                             queryset=ConductIncident.objects.none(),
                             empty_label=_("No pupil"))
    occurred_on = GovukDateField(label=_("When did it happen?"))
    occurred_time = forms.TimeField(label=_("Time"), required=False, widget=TIME_WIDGET)
    how = forms.ChoiceField(label=_("How"), choices=ConductIncident.How.choices,
                            widget=forms.RadioSelect)
    how_detail = forms.CharField(
        label=_("More about how"), required=False, max_length=200,
        help_text=_("For example which social media site, or the number or address it came "
                    "from"))
    what_happened = forms.CharField(
        label=_("What happened"), max_length=10000, widget=forms.Textarea,
        help_text=_("What was said or done, as exactly as you can, and who saw or heard it"))
    staff_affected = StaffChoiceField(label=_("Staff affected"), required=False,
                                      queryset=ConductIncident.objects.none(),
                                      widget=forms.CheckboxSelectMultiple)
    breach = forms.ChoiceField(label=_("Home-school agreement statement it breaches"),
                               required=False)
    review_on = GovukDateField(label=_("Review date"), required=False,
                               help_text=_("When to look at it again, if you know"))

    def __init__(self, *args, school, user, incident: ConductIncident | None = None,
                 **kwargs):
        if incident is not None:
            kwargs.setdefault("initial", _initial(incident))
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["contact"].queryset = contact_choices(user, school)
        self.fields["pupil"].queryset = pupil_choices(user, school)
        self.fields["staff_affected"].queryset = staff_choices(school)
        self.statements = {f"s{item.pk}": item for item in statement_choices(school)}
        if self.statements:
            choices = [(key, _statement_label(item)) for key, item in self.statements.items()]
            self.fields["breach"].help_text = _(
                "The statements of the school’s published agreement")
        else:
            choices = [(item.key, item.name) for item in REQUIRED]
            self.fields["breach"].help_text = _(
                "The school has no published agreement: the statements every NAS school’s "
                "agreement includes")
        keep = []
        if incident is not None:
            recorded = _recorded_breach(incident, self.statements, dict(choices))
            if recorded == "keep":
                keep = [("keep", _("As recorded: %(text)s")
                         % {"text": truncatechars(incident.statement_text, 90)})]
            self.initial.setdefault("breach", recorded)
            del self.fields["review_on"]
        self.fields["breach"].choices = [("", _("None"))] + keep + choices

    def clean_breach(self):
        value = self.cleaned_data.get("breach") or ""
        if value == "keep":
            return KEEP
        if value in self.statements:
            return self.statements[value]
        return value or None

    def clean(self):
        cleaned = super().clean()
        contact, name = cleaned.get("contact"), (cleaned.get("person_name") or "").strip()
        if contact is not None and name:
            self.add_error("person_name", _("Give a name only for someone who is not a "
                                            "contact of the school"))
        elif contact is None and not name and "contact" not in self.errors:
            self.add_error("contact", _("Choose the contact, or give the name of the adult"))
        day = cleaned.get("occurred_on")
        if day and day > timezone.localdate(timezone=self.school.tz):
            self.add_error("occurred_on", _("The date must be today or in the past"))
        return cleaned


def _recorded_breach(incident: ConductIncident, statements: dict, offered: dict) -> str:
    """The choice that stands for the statement the incident records: the statement or the
    NAS key where the form offers it, else "keep" (a statement of an earlier version of the
    agreement, or a NAS statement from before the school published its own), else none."""
    if f"s{incident.statement_id}" in statements:
        return f"s{incident.statement_id}"
    if not incident.statement_id and incident.statement_key in offered:
        return incident.statement_key
    return "keep" if incident.statement_text else ""


def _initial(incident: ConductIncident) -> dict:
    return {
        "contact": incident.contact_id,
        "person_name": "" if incident.contact_id else incident.person_name,
        "person_description": incident.person_description, "pupil": incident.pupil_id,
        "occurred_on": incident.occurred_on, "occurred_time": incident.occurred_time,
        "how": incident.how, "how_detail": incident.how_detail,
        "what_happened": incident.what_happened,
        "staff_affected": list(incident.staff_affected.values_list("pk", flat=True)),
    }


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was done"), choices=ConductAction.Kind.choices,
                             widget=forms.RadioSelect)
    taken_on = GovukDateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea,
                           help_text=_("For example the crime reference number, or the one "
                                       "channel the school will use"))


class ReviewForm(forms.Form):
    due_on = GovukDateField(label=_("Review date"))


class HoldReviewForm(forms.Form):
    held_on = GovukDateField(label=_("Reviewed on"))
    note = forms.CharField(label=_("What the review decided"), max_length=4000,
                           widget=forms.Textarea)


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=4000, widget=forms.Textarea,
                              help_text=_("How the incident ended, and why it can be closed"))


class SettingsForm(forms.Form):
    retention_months = forms.IntegerField(
        label=ConductSettings._meta.get_field("retention_months").verbose_name,
        help_text=ConductSettings._meta.get_field("retention_months").help_text,
        min_value=1, max_value=MAX_RETENTION_MONTHS,
        widget=forms.TextInput(attrs={"inputmode": "numeric",
                                      "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": _("Enter a whole number of months, like 36"),
            "min_value": _("Enter a number of months from 1 to 600"),
            "max_value": _("Enter a number of months from 1 to 600"),
        })
