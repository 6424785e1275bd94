"""Forms for a school's details, academic years, terms and lesson times."""

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.core.forms import GovukDateField
from bridgebook.core.models import AcademicYear, LessonPeriod, School, Weekday


class SchoolForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(name, name) for name in sorted(zoneinfo.available_timezones())
                 if name.startswith(("Europe/", "UTC"))],
    )

    class Meta:
        model = School
        fields = ["name", "la_code", "estab", "timezone", "retention_years_sen",
                  "retention_years_other"]
        labels = {
            "retention_years_sen": _("Keep SEN records until this many years after birth"),
            "retention_years_other": _("Keep other pupil records until this many years after "
                                       "birth"),
        }

    def clean_la_code(self):
        code = self.cleaned_data["la_code"].strip()
        if not (code.isdigit() and len(code) == 3):
            raise forms.ValidationError(_("Enter the 3-digit local authority code, like 202"))
        return code


class AcademicYearForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=20, help_text=_("For example 2026/27"))
    starts_on = GovukDateField(label=_("First day"))
    ends_on = GovukDateField(label=_("Last day"))

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The last day must be after the first day"))
        name = cleaned.get("name")
        if name and AcademicYear.objects.filter(school=self.school, name=name).exists():
            self.add_error("name", _("There is already an academic year called %(name)s")
                           % {"name": name})
        return cleaned


class TermForm(forms.Form):
    academic_year = forms.ModelChoiceField(label=_("Academic year"),
                                           queryset=AcademicYear.objects.none())
    name = forms.CharField(label=_("Name"), max_length=40, help_text=_("For example Autumn"))
    starts_on = GovukDateField(label=_("First day"))
    ends_on = GovukDateField(label=_("Last day"))

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].queryset = AcademicYear.objects.filter(school=school)

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("academic_year")
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if not (year and starts and ends):
            return cleaned
        if ends <= starts:
            self.add_error("ends_on", _("The last day must be after the first day"))
        elif starts < year.starts_on or ends > year.ends_on:
            self.add_error("starts_on", _("The term must fall within %(year)s")
                           % {"year": year.name})
        elif year.terms.filter(starts_on__lte=ends, ends_on__gte=starts).exists():
            self.add_error("starts_on", _("This term overlaps another term"))
        return cleaned


class LessonForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days"), choices=Weekday.choices, coerce=int,
        widget=forms.CheckboxSelectMultiple, initial=[day for day, _label in Weekday.choices])
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example Lesson 1"))
    starts_at = forms.TimeField(label=_("Starts at"), help_text=_("For example 09:15"),
                                widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}))
    ends_at = forms.TimeField(label=_("Ends at"), help_text=_("For example 10:00"),
                              widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}))

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean(self):
        cleaned = super().clean()
        starts, ends, days = (cleaned.get("starts_at"), cleaned.get("ends_at"),
                              cleaned.get("weekdays"))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The lesson must end after it starts"))
        elif starts and ends and days:
            clash = LessonPeriod.objects.filter(
                school=self.school, weekday__in=days, starts_at__lt=ends, ends_at__gt=starts
            ).first()
            if clash:
                self.add_error("starts_at", _("This overlaps %(lesson)s") % {"lesson": clash})
        return cleaned
