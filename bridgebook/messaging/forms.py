"""Forms for conversations, working hours and book notification choices (GOV.UK markup
through the project's form renderer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.messaging.models import NotificationPreference, StaffWorkingHours
from bridgebook.messaging.quiet_hours import DEFAULT_HOURS

MESSAGE = forms.Textarea(attrs={"rows": 5})
TIME = forms.TimeInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"},
                       format="%H:%M")
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%H"]


class _UrgentMixin(forms.Form):
    urgent = forms.BooleanField(
        label=_("Urgent: send the email and text now, even outside working hours"),
        required=False,
        help_text=_("Only for something the family must know tonight."))

    def __init__(self, *args, allow_urgent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_urgent:
            del self.fields["urgent"]


class ConversationForm(_UrgentMixin):
    subject = forms.CharField(label=_("Subject"), max_length=150,
                              error_messages={"required": _("Enter a subject")})
    body = forms.CharField(label=_("Message"), widget=MESSAGE, max_length=4000,
                           error_messages={"required": _("Write your message")})

    field_order = ["subject", "body", "urgent"]


class ReplyForm(_UrgentMixin):
    body = forms.CharField(label=_("Your reply"), widget=MESSAGE, max_length=4000,
                           error_messages={"required": _("Write your reply")})


class WorkingHoursForm(forms.Form):
    """A row per day: works that day, from, until."""

    def __init__(self, *args, hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        hours = DEFAULT_HOURS if hours is None else hours
        for day, name in StaffWorkingHours.Weekday.choices:
            start, end = hours.get(day, (None, None))
            self.fields[f"works_{day}"] = forms.BooleanField(
                label=_("I work on %(day)s") % {"day": name}, required=False,
                initial=day in hours)
            for part, label, value in (("start", _("%(day)s: from"), start),
                                       ("end", _("%(day)s: until"), end)):
                self.fields[f"{part}_{day}"] = forms.TimeField(
                    label=label % {"day": name}, required=False, widget=TIME,
                    input_formats=TIME_FORMATS,
                    initial=value.strftime("%H:%M") if value else None,
                    help_text=_("For example, 08:00"),
                    error_messages={"invalid": _("Enter a time, for example 08:00")})

    def days(self):
        """[(name, works field, start field, end field)] for the template."""
        return [(name, self[f"works_{day}"], self[f"start_{day}"], self[f"end_{day}"])
                for day, name in StaffWorkingHours.Weekday.choices]

    def clean(self):
        cleaned = super().clean()
        hours = {}
        for day, name in StaffWorkingHours.Weekday.choices:
            if not cleaned.get(f"works_{day}"):
                continue
            start, end = cleaned.get(f"start_{day}"), cleaned.get(f"end_{day}")
            if start is None and f"start_{day}" not in self.errors:
                self.add_error(f"start_{day}", _("Enter when you start on %(day)s") %
                               {"day": name})
            if end is None and f"end_{day}" not in self.errors:
                self.add_error(f"end_{day}", _("Enter when you finish on %(day)s") %
                               {"day": name})
            if start and end and end <= start:
                self.add_error(f"end_{day}", _("The finishing time on %(day)s must be "
                                               "after the starting time") % {"day": name})
            if start and end:
                hours[day] = (start, end)
        if not any(cleaned.get(f"works_{day}") for day in range(7)):
            self.add_error("works_0", _("Choose at least one day you work"))
        cleaned["hours"] = hours
        return cleaned


class BookNotificationForm(forms.Form):
    book = forms.ChoiceField(
        label=_("When should we tell you about new things in the home-school book?"),
        choices=NotificationPreference.Book.choices, widget=forms.RadioSelect)
