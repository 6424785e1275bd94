"""Forms for appointments: when a member of staff can meet, the school's settings, a
booking's details, moving and cancelling with a reason, and the notes afterwards."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bridgebook.appointments.models import AppointmentSettings, Availability, Mode
from bridgebook.core.forms import GovukDateField
from bridgebook.core.models import LessonPeriod
from bridgebook.people.codes import LANGUAGE_CHOICES

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


def local_moment(day: datetime.date, time: datetime.time, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=tz)


class AvailabilityForm(forms.Form):
    """A window of time a member of staff can meet families, outside lessons unless they
    say otherwise."""

    day = GovukDateField(label=_("Date"))
    starts = forms.TimeField(label=_("From"), widget=TIME_WIDGET,
                             help_text=_("For example, 15:30"))
    ends = forms.TimeField(label=_("Until"), widget=TIME_WIDGET,
                           help_text=_("For example, 17:30"))
    slot_minutes = forms.IntegerField(
        label=_("Minutes for each meeting"), initial=20,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text=_("Families who need an interpreter get longer, as the school sets."))
    modes = forms.MultipleChoiceField(
        label=_("Ways to meet"), choices=Mode.choices, initial=[Mode.IN_SCHOOL],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to meet")})
    language = forms.ChoiceField(
        label=_("Keep this time for families who need an interpreter for"), required=False,
        choices=[("", _("Any family (not a same-language block)")), *LANGUAGE_CHOICES],
        help_text=_("A same-language block: one interpreter meets several families one "
                    "after another."))
    interpreter_name = forms.CharField(label=_("Interpreter"), required=False, max_length=120,
                                       help_text=_("Who is interpreting, if you know."))
    during_lessons = forms.BooleanField(
        label=_("During lessons"), required=False,
        help_text=_("Tick this only if you can meet families during lesson time."))

    def __init__(self, *args, school, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.school, self.user = school, user

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day is None or starts is None or ends is None:
            return data
        if ends <= starts:
            self.add_error("ends", _("The end must be after the start"))
            return data
        tz = self.school.tz
        start, end = local_moment(day, starts, tz), local_moment(day, ends, tz)
        if end <= timezone.now():
            self.add_error("day", _("Choose a time that has not passed"))
            return data
        minutes = data.get("slot_minutes")
        if minutes and (end - start) < datetime.timedelta(minutes=minutes):
            self.add_error("ends", _("The time must be long enough for one meeting"))
            return data
        if data.get("interpreter_name") and not data.get("language"):
            self.add_error("language", _("Choose the interpreter’s language"))
        if not data.get("during_lessons"):
            lesson = (LessonPeriod.objects.filter(
                school=self.school, weekday=day.weekday(), starts_at__lt=ends,
                ends_at__gt=starts).order_by("starts_at").first())
            if lesson is not None:
                self.add_error("starts", _(
                    "This time overlaps %(lesson)s (%(start)s to %(end)s). Choose a time "
                    "outside lessons, or tick “During lessons”.") % {
                    "lesson": lesson.name, "start": lesson.starts_at.strftime("%H:%M"),
                    "end": lesson.ends_at.strftime("%H:%M")})
                return data
        overlapping = Availability.objects.filter(
            staff=self.user, school=self.school, starts_at__lt=end, ends_at__gt=start).first()
        if overlapping is not None:
            local = timezone.localtime(overlapping.starts_at, tz)
            self.add_error("starts", _(
                "You already have a time from %(start)s on this day. Choose a time that "
                "does not overlap it.") % {"start": date_format(local, "H:i")})
        data["starts_at"], data["ends_at"] = start, end
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AppointmentSettings
        fields = ["place", "interpreter_extra_minutes", "video_link_template"]
        widgets = {"interpreter_extra_minutes": forms.NumberInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3"})}

    def clean_video_link_template(self):
        value = self.cleaned_data["video_link_template"].strip()
        if value and not value.startswith("https://"):
            raise forms.ValidationError(_("Enter a link that starts with https://"))
        if value and "{room}" not in value and "{uid}" not in value:
            raise forms.ValidationError(_("Put {room} in the link, so each meeting has a "
                                          "room of its own"))
        return value

    def clean_interpreter_extra_minutes(self):
        value = self.cleaned_data["interpreter_extra_minutes"]
        if value > 120:
            raise forms.ValidationError(_("Enter 120 minutes or fewer"))
        return value


class DetailsForm(forms.Form):
    """How the family would like to meet, and what about (the last step of booking)."""

    mode = forms.ChoiceField(label=_("How would you like to meet?"), choices=Mode.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose how you would like to "
                                                           "meet")})
    about = forms.CharField(label=_("What would you like to talk about?"), required=False,
                            max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, modes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = [(value, label) for value, label in Mode.choices
                                       if value in modes]
        if len(self.fields["mode"].choices) == 1:
            self.fields["mode"].initial = self.fields["mode"].choices[0][0]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why are you cancelling?"), max_length=1000,
                             widget=forms.Textarea,
                             error_messages={"required": _("Tell us why, so the other side "
                                                           "knows")})


class MoveForm(forms.Form):
    """Another free time, and why."""

    slot = forms.ChoiceField(label=_("Choose a new time"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choose a new time")})
    reason = forms.CharField(label=_("Why are you moving it?"), max_length=1000,
                             widget=forms.Textarea,
                             error_messages={"required": _("Tell us why, so the other side "
                                                           "knows")})

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.key, slot.key) for slot in slots]


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes of the meeting"), max_length=10000,
                            widget=forms.Textarea,
                            help_text=_("What you talked about and what you agreed. The "
                                        "meeting counts as contact with the family."),
                            error_messages={"required": _("Write what you talked about")})


class StaffBookForm(forms.Form):
    """A member of staff books a meeting with a family member themselves."""

    contact = forms.ChoiceField(label=_("Who are you meeting?"), widget=forms.RadioSelect,
                                error_messages={"required": _("Choose who you are meeting")})
    day = GovukDateField(label=_("Date"))
    starts = forms.TimeField(label=_("Time"), widget=TIME_WIDGET,
                             help_text=_("For example, 15:30"))
    minutes = forms.IntegerField(
        label=_("How long, in minutes"), initial=20,
        validators=[MinValueValidator(5), MaxValueValidator(180)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text=_("The school’s extra minutes are added when an interpreter is needed."))
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices, initial=Mode.IN_SCHOOL,
                             widget=forms.RadioSelect)
    place = forms.CharField(label=_("Place"), required=False, max_length=200,
                            help_text=_("Where in school, if you are meeting in school."))
    interpreter_name = forms.CharField(label=_("Interpreter"), required=False, max_length=120,
                                       help_text=_("Who is interpreting, if one is needed."))
    about = forms.CharField(label=_("What is it about?"), required=False, max_length=2000,
                            widget=forms.Textarea)

    def __init__(self, *args, contacts, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.contacts = {str(contact.pk): contact for contact in contacts}
        self.fields["contact"].choices = [(str(contact.pk), contact.full_name)
                                          for contact in contacts]

    def clean(self):
        data = super().clean()
        if data.get("contact"):
            data["contact_obj"] = self.contacts[data["contact"]]
        if data.get("day") and data.get("starts"):
            data["starts_at"] = local_moment(data["day"], data["starts"], self.school.tz)
        return data
