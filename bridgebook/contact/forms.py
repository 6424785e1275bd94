"""Forms: logging contact, planning a home visit, changing or cancelling it, writing it up,
the school's settings and a member of staff's mobile number for alerts."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.contact.models import ContactRecord, ContactSettings, HomeVisit
from bridgebook.contact.selectors import household_choices, settings_for, staff_choices
from bridgebook.core.forms import GovukDateField
from bridgebook.people.codes import LANGUAGE_CHOICES
from bridgebook.people.models import Contact, PupilContact

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def _at(day: datetime.date, time: datetime.time, school) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=school.tz)


class LogContactForm(forms.Form):
    contact = ContactChoiceField(label=_("Who did you speak with?"),
                                 queryset=Contact.objects.none(), empty_label=None,
                                 widget=forms.RadioSelect)
    how = forms.ChoiceField(label=_("How"), choices=ContactRecord.How.choices,
                            widget=forms.RadioSelect)
    day = GovukDateField(label=_("Date"))
    time = forms.TimeField(label=_("Time"), widget=TIME_WIDGET)
    about = forms.CharField(label=_("What was it about?"), widget=forms.Textarea,
                            max_length=4000)
    interpreter = forms.ChoiceField(label=_("Was an interpreter there?"), choices=YES_NO,
                                    widget=forms.RadioSelect)
    follow_up = forms.CharField(label=_("Follow-up"), max_length=300, required=False,
                                help_text=_("Something to do afterwards, if there is"))
    follow_up_owner = StaffChoiceField(label=_("Whose follow-up"), required=False,
                                       queryset=Contact.objects.none(),
                                       empty_label=_("Choose a member of staff"))
    follow_up_due = GovukDateField(label=_("Follow-up due by"), required=False)

    def __init__(self, *args, pupil, household=None, user=None, contact_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        contacts = Contact.objects.filter(
            pk__in=PupilContact.objects.filter(pupil=pupil, is_restricted=False)
            .values("contact_id")).order_by("first_name", "pk")
        self.fields["contact"].queryset = contacts
        self.fields["follow_up_owner"].queryset = staff_choices(pupil.school, pupil)
        if not self.is_bound:
            now = timezone.localtime(timezone.now(), pupil.school.tz)
            self.initial.setdefault("day", now.date())
            self.initial.setdefault("time", now.time().replace(second=0, microsecond=0))
            self.initial.setdefault("how", ContactRecord.How.PHONE)
            self.initial.setdefault("follow_up_owner", getattr(user, "pk", None))
            first = None
            if household is not None:
                first = contacts.filter(household=household).first()
            elif contact_id is not None:
                first = contacts.filter(pk=contact_id).first()
            if first is not None:
                self.initial["contact"] = first.pk
                self.initial["interpreter"] = "yes" if first.interpreter_needed else "no"

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["happened_at"] = _at(data["day"], data["time"], self.pupil.school)
            if data["happened_at"] > timezone.now() + datetime.timedelta(minutes=5):
                self.add_error("day", _("Log contact once it has happened: the date and "
                                        "time must not be in the future"))
        if data.get("follow_up"):
            if not data.get("follow_up_owner"):
                self.add_error("follow_up_owner", _("Choose whose follow-up it is"))
            if not data.get("follow_up_due"):
                self.add_error("follow_up_due", _("Enter the date the follow-up is due by"))
        elif data.get("follow_up_due"):
            self.add_error("follow_up", _("Say what the follow-up is"))
        return data


class VisitForm(forms.Form):
    household = HouseholdChoiceField(label=_("Which home"), queryset=Contact.objects.none(),
                                     empty_label=None, widget=forms.RadioSelect)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=HomeVisit.Purpose.choices,
                                widget=forms.RadioSelect)
    purpose_note = forms.CharField(label=_("More about the purpose"), max_length=200,
                                   required=False)
    lead = StaffChoiceField(label=_("Member of staff visiting"), queryset=Contact.objects.none(),
                            empty_label=_("Choose a member of staff"))
    second = StaffChoiceField(label=_("Second member of staff"), required=False,
                              queryset=Contact.objects.none(), empty_label=_("Nobody"))
    buddy = StaffChoiceField(
        label=_("Colleague to alert if the visit overruns"), queryset=Contact.objects.none(),
        empty_label=_("Choose a colleague"),
        help_text=_("Someone staying behind, alerted if the visiting staff do not check out"))
    day = GovukDateField(label=_("Date of the visit"))
    starts = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET)
    ends = forms.TimeField(label=_("Expected end time"), widget=TIME_WIDGET)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter for"), required=False,
        choices=[("", _("No interpreter needed"))] + LANGUAGE_CHOICES)

    def __init__(self, *args, pupil, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.pairs_required = settings_for(pupil.school).pairs_required
        self.fields["household"].queryset = household_choices(pupil)
        staff = staff_choices(pupil.school, pupil)
        for name in ("lead", "second", "buddy"):
            self.fields[name].queryset = staff
        if self.pairs_required:
            self.fields["second"].help_text = _("This school makes home visits in pairs")
        if not self.is_bound:
            self.initial.setdefault("lead", getattr(user, "pk", None))
            needing = (PupilContact.objects.filter(pupil=pupil, is_restricted=False,
                                                   contact__interpreter_needed=True)
                       .order_by("priority", "pk").values_list("contact__language", flat=True)
                       .first())
            if needing:
                self.initial.setdefault("interpreter_language", needing)

    def clean(self):
        data = super().clean()
        lead, second, buddy = data.get("lead"), data.get("second"), data.get("buddy")
        if self.pairs_required and lead and not second:
            self.add_error("second", _("Home visits at this school are made in pairs: choose "
                                       "a second member of staff"))
        if lead and second and lead.pk == second.pk:
            self.add_error("second", _("Choose a different second member of staff"))
        if buddy and buddy.pk in {getattr(lead, "pk", None), getattr(second, "pk", None)}:
            self.add_error("buddy", _("The colleague to alert must not be on the visit"))
        if data.get("day") and data.get("starts") and data.get("ends"):
            school = self.pupil.school
            data["starts_at"] = _at(data["day"], data["starts"], school)
            data["ends_at"] = _at(data["day"], data["ends"], school)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The expected end must be after the start"))
            if data["day"] < timezone.localtime(timezone.now(), school.tz).date():
                self.add_error("day", _("The visit must be today or later"))
        return data


class ChangeVisitForm(VisitForm):
    """When and who of a planned visit: the home and the purpose stay as planned."""

    def __init__(self, *args, visit: HomeVisit, **kwargs):
        super().__init__(*args, pupil=visit.pupil, **kwargs)
        for name in ("household", "purpose", "purpose_note", "interpreter_language"):
            del self.fields[name]
        if not self.is_bound:
            tz = visit.school.tz
            starts = timezone.localtime(visit.starts_at, tz)
            self.initial.update({
                "lead": visit.lead_id, "second": visit.second_id, "buddy": visit.buddy_id,
                "day": starts.date(), "starts": starts.time().replace(second=0, microsecond=0),
                "ends": timezone.localtime(visit.ends_at, tz).time().replace(
                    second=0, microsecond=0)})


class CancelVisitForm(forms.Form):
    reason = forms.CharField(label=_("Why is the visit cancelled?"), max_length=300,
                             help_text=_("For the school’s record"))


class OutcomeForm(forms.Form):
    happened = forms.BooleanField(
        label=_("The visit happened"), required=False,
        help_text=_("Nobody checked in to this visit. Confirm that it took place."))
    outcome = forms.CharField(label=_("What happened"), widget=forms.Textarea, max_length=4000,
                              help_text=_("For the school’s record"))
    advice = forms.CharField(
        label=_("Advice for the family"), widget=forms.Textarea, max_length=4000,
        required=False,
        help_text=_("In plain words. The family visited receives it in their own language."))

    def __init__(self, *args, visit: HomeVisit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirming = visit is not None and not visit.checked_in_at
        if not self.needs_confirming:
            del self.fields["happened"]

    def clean_happened(self):
        if self.needs_confirming and not self.cleaned_data.get("happened"):
            raise forms.ValidationError(_("Confirm that the visit happened, or cancel it "
                                          "if it did not"))
        return self.cleaned_data.get("happened")


class SettingsForm(forms.ModelForm):
    senior_leader = StaffChoiceField(label=ContactSettings._meta.get_field(
        "senior_leader").verbose_name, required=False, queryset=Contact.objects.none(),
        empty_label=_("The principal"),
        help_text=ContactSettings._meta.get_field("senior_leader").help_text)

    class Meta:
        model = ContactSettings
        fields = ["pairs_required", "alert_after_minutes", "escalate_after_minutes",
                  "senior_leader", "remind_weeks_before"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["senior_leader"].queryset = staff_choices(school)
        for name in ("alert_after_minutes", "escalate_after_minutes"):
            self.fields[name].min_value = 1
            self.fields[name].max_value = 240
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["remind_weeks_before"].max_value = 12

    def clean_alert_after_minutes(self):
        return _within(self.cleaned_data["alert_after_minutes"], 1, 240)

    def clean_escalate_after_minutes(self):
        return _within(self.cleaned_data["escalate_after_minutes"], 1, 240)

    def clean_remind_weeks_before(self):
        return _within(self.cleaned_data["remind_weeks_before"], 0, 12)


def _within(value, low, high):
    if value is None or not low <= value <= high:
        raise forms.ValidationError(_("Enter a number from %(low)s to %(high)s")
                                    % {"low": low, "high": high})
    return value


class PhoneForm(forms.Form):
    mobile = forms.RegexField(
        label=_("Your mobile number"), required=False, max_length=20,
        regex=r"^\+?[0-9 ]{10,19}$",
        error_messages={"invalid": _("Enter a mobile number, like 07700 900123")},
        help_text=_("Used only to text you a lone-working alert. Leave it empty to get "
                    "alerts by email and in Bridgebook only."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))

    def clean_mobile(self):
        return self.cleaned_data["mobile"].replace(" ", "")
