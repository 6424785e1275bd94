"""The forms of parents' evenings: setting one up (its first session, meeting length, gaps
and booking window), another session, the staff taking part, a break; and a meeting's notes
and cancellation."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.appointments.evenings import at
from bridgebook.appointments.models import Mode
from bridgebook.core.forms import GovukDateField
from bridgebook.core.models import User

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
# Times are given to the form as "HH:MM" text: the field template writes a value as it is,
# and a time object would read "9 a.m.", which a time input cannot show.


def _time(label, **kwargs):
    return forms.TimeField(label=label, widget=TIME_WIDGET, **kwargs)


def _minutes(label, **kwargs):
    return forms.IntegerField(label=label, min_value=0, max_value=120,
                              widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                              **kwargs)


class EveningForm(forms.Form):
    """The evening: its name, where, meeting length, gap and booking window (and, when it
    is new, its first session)."""

    name = forms.CharField(label=_("Name"), max_length=120,
                           help_text=_("For example, Spring parents’ evening"))
    mode = forms.ChoiceField(label=_("Where"), choices=Mode.choices, widget=forms.RadioSelect)
    place = forms.CharField(label=_("Place"), max_length=200, required=False,
                            help_text=_("For example, the school hall"))
    slot_minutes = _minutes(_("Minutes for each meeting"), initial=10)
    gap_minutes = _minutes(_("Minutes between meetings"), initial=5)
    opens_on = GovukDateField(label=_("Families can book from"))
    opens_at = _time(_("Booking opens at"), initial="09:00")
    closes_on = GovukDateField(label=_("Families can book until"))
    closes_at = _time(_("Booking closes at"), initial="17:00")
    day = GovukDateField(label=_("Date of the first session"))
    starts = _time(_("Starts"), initial="15:30")
    ends = _time(_("Ends"), initial="19:00")

    def __init__(self, *args, school, new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        if not new:
            for name in ("day", "starts", "ends"):
                del self.fields[name]

    def clean_slot_minutes(self):
        minutes = self.cleaned_data["slot_minutes"]
        if minutes < 5:
            raise forms.ValidationError(_("A meeting lasts at least 5 minutes"))
        return minutes

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("opens_at") is not None:
            data["booking_opens_at"] = at(self.school, data["opens_on"], data["opens_at"])
        if data.get("closes_on") and data.get("closes_at") is not None:
            data["booking_closes_at"] = at(self.school, data["closes_on"], data["closes_at"])
            if data.get("booking_opens_at") and (
                    data["booking_closes_at"] <= data["booking_opens_at"]):
                self.add_error("closes_on", _("Booking must close after it opens"))
        if "day" in self.fields:
            session_times(self, data)
        return data

    def evening_data(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("name", "mode", "place", "slot_minutes",
                                           "gap_minutes", "booking_opens_at",
                                           "booking_closes_at")}


def session_times(form, data) -> None:
    if data.get("day") and data.get("starts") is not None and data.get("ends") is not None:
        data["session"] = (at(form.school, data["day"], data["starts"]),
                           at(form.school, data["day"], data["ends"]))
        if data["session"][1] <= data["session"][0]:
            form.add_error("ends", _("The session must end after it starts"))
        elif data["session"][0] < timezone.now():
            form.add_error("day", _("The session must be on a day still to come"))


class SessionForm(forms.Form):
    day = GovukDateField(label=_("Date"))
    starts = _time(_("Starts"), initial="15:30")
    ends = _time(_("Ends"), initial="19:00")

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean(self):
        data = super().clean()
        session_times(self, data)
        return data


class StaffForm(forms.Form):
    """A member of the school's staff who takes part."""

    staff = forms.ModelChoiceField(label=_("Member of staff"), queryset=User.objects.none())
    slot_minutes = _minutes(_("Their own minutes for each meeting"), required=False,
                            help_text=_("Leave empty to use the evening’s"))
    room = forms.CharField(label=_("Room"), max_length=60, required=False)

    def __init__(self, *args, school, taking_part=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            User.objects.filter(staff_roles__school=school).exclude(pk__in=taking_part)
            .distinct().order_by("full_name"))
        self.fields["staff"].label_from_instance = lambda user: user.full_name
        self.fields["staff"].empty_label = _("Choose a member of staff")

    def clean_slot_minutes(self):
        minutes = self.cleaned_data["slot_minutes"]
        if minutes is not None and minutes < 5:
            raise forms.ValidationError(_("A meeting lasts at least 5 minutes"))
        return minutes


class BreakForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session"), coerce=int)
    starts = _time(_("From"))
    ends = _time(_("Until"))
    staff = forms.TypedChoiceField(label=_("Whose break"), coerce=int, required=False,
                                   empty_value=None)

    def __init__(self, *args, evening, **kwargs):
        super().__init__(*args, **kwargs)
        self.evening = evening
        self.sessions = {session.pk: session for session in evening.sessions.all()}
        self.fields["session"].choices = [
            (pk, timezone.localtime(session.starts_at, evening.school.tz).strftime("%d/%m/%Y"))
            for pk, session in self.sessions.items()]
        self.fields["staff"].choices = [("", _("Everyone"))] + [
            (item.staff_id, item.staff.full_name) for item in evening.staff.all()]

    def clean(self):
        data = super().clean()
        session = self.sessions.get(data.get("session"))
        if session and data.get("starts") is not None and data.get("ends") is not None:
            day = timezone.localtime(session.starts_at, self.evening.school.tz).date()
            data["starts_at"] = at(self.evening.school, day, data["starts"])
            data["ends_at"] = at(self.evening.school, day, data["ends"])
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The break must end after it starts"))
        return data


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes of the meeting"), widget=forms.Textarea,
                            max_length=5000,
                            help_text=_("What you talked about and what you agreed. They "
                                        "are kept in the contact log."))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why are you cancelling?"), widget=forms.Textarea,
                             max_length=500,
                             help_text=_("The other person is told this."))
