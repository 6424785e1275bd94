"""Forms for conversations, working hours, a school's messaging settings and book
notification choices (GOV.UK markup through the project's form renderer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.messaging.models import (
    FALLBACK_MAX_HOURS,
    NotificationPreference,
    StaffWorkingHours,
)
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
    """A new conversation. Staff choose which family members it is for (``links``: the
    pupil's entitled contacts; all of them at first): each household gets its own."""

    contacts = forms.TypedMultipleChoiceField(
        label=_("Who is it for?"), coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text=_("Each household gets its own conversation: parents who live apart never "
                    "see each other’s replies."),
        error_messages={"required": _("Choose at least one family member")})
    subject = forms.CharField(label=_("Subject"), max_length=150,
                              error_messages={"required": _("Enter a subject")})
    body = forms.CharField(label=_("Message"), widget=MESSAGE, max_length=4000,
                           error_messages={"required": _("Write your message")})

    field_order = ["contacts", "subject", "body", "urgent"]

    def __init__(self, *args, links=None, **kwargs):
        super().__init__(*args, **kwargs)
        if links is None:
            del self.fields["contacts"]
            return
        self.fields["contacts"].choices = [(link.contact_id, self.label_for(link))
                                           for link in links]
        self.fields["contacts"].initial = [link.contact_id for link in links]

    @staticmethod
    def label_for(link) -> str:
        """"Layla Hassan (mother, lives with the pupil)"."""
        if link.lives_with_pupil:
            where = _("lives with the pupil")
        else:
            where = _("lives elsewhere")
        return f"{link.contact.full_name} ({link.get_relationship_display().lower()}, {where})"


class ReplyForm(_UrgentMixin):
    body = forms.CharField(label=_("Your reply"), widget=MESSAGE, max_length=4000,
                           error_messages={"required": _("Write your reply")})


class WorkingHoursForm(forms.Form):
    """A row per day: works that day, from, until."""

    works_label = _("I work on %(day)s")
    start_missing = _("Enter when you start on %(day)s")
    end_missing = _("Enter when you finish on %(day)s")
    no_days = _("Choose at least one day you work")

    def __init__(self, *args, hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        hours = DEFAULT_HOURS if hours is None else hours
        for day, name in StaffWorkingHours.Weekday.choices:
            start, end = hours.get(day, (None, None))
            self.fields[f"works_{day}"] = forms.BooleanField(
                label=self.works_label % {"day": name}, required=False,
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
                self.add_error(f"start_{day}", self.start_missing % {"day": name})
            if end is None and f"end_{day}" not in self.errors:
                self.add_error(f"end_{day}", self.end_missing % {"day": name})
            if start and end and end <= start:
                self.add_error(f"end_{day}", _("The finishing time on %(day)s must be "
                                               "after the starting time") % {"day": name})
            if start and end:
                hours[day] = (start, end)
        if not any(cleaned.get(f"works_{day}") for day in range(7)):
            self.add_error("works_0", self.no_days)
        cleaned["hours"] = hours
        return cleaned


class MessagingSettingsForm(WorkingHoursForm):
    """A school's messaging settings: whether a message still unread in the app goes by
    text, and after how many hours; and the working hours of staff who have not set their
    own. ``fallback_hours`` is what the school pays for: 0 is off."""

    OFF, AFTER = "off", "after"

    works_label = _("Staff work on %(day)s")
    start_missing = _("Enter when staff start on %(day)s")
    end_missing = _("Enter when staff finish on %(day)s")
    no_days = _("Choose at least one day staff work")

    fallback = forms.ChoiceField(
        label=_("Send a text message when a family has not read a message in the app?"),
        choices=[(OFF, _("No, do not send a text")),
                 (AFTER, _("Yes, after the number of hours below"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to send a text when a message is "
                                      "not read")})
    # Needed only with "yes" (clean() forgets its errors with "no"); not marked optional.
    fallback_hours = forms.IntegerField(
        label=_("Hours to wait before the text is sent"),
        min_value=1, max_value=FALLBACK_MAX_HOURS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3",
                                      "inputmode": "numeric"}),
        help_text=_("If you choose yes: a whole number from 1 to 72, for example 4"),
        error_messages={
            "required": _("Enter how many hours to wait, from 1 to 72"),
            "invalid": _("Enter the number of hours as a whole number, for example 4"),
            "min_value": _("The number of hours must be between 1 and 72"),
            "max_value": _("The number of hours must be between 1 and 72"),
        })

    household_conversations = forms.BooleanField(
        label=_("Parents who live together share their conversations with school"),
        required=False,
        help_text=_("Otherwise each parent’s conversations are their own. Parents who live "
                    "apart never see each other’s conversations."))

    def __init__(self, *args, fallback_hours: int | None = None,
                 household_conversations: bool = False, **kwargs):
        """``fallback_hours``: what applies now (0 or None: no text)."""
        super().__init__(*args, **kwargs)
        self.fields["fallback"].initial = self.AFTER if fallback_hours else self.OFF
        self.fields["household_conversations"].initial = household_conversations
        self.fields["fallback_hours"].initial = fallback_hours or None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fallback") != self.AFTER:
            # The hours box counts only with "yes": nothing typed in it (or left out) is
            # an error otherwise.
            self.errors.pop("fallback_hours", None)
        if cleaned.get("fallback") == self.OFF:
            cleaned["fallback_sms_after_hours"] = 0
        elif cleaned.get("fallback_hours") is not None:
            cleaned["fallback_sms_after_hours"] = cleaned["fallback_hours"]
        return cleaned


class BookNotificationForm(forms.Form):
    book = forms.ChoiceField(
        label=_("When should we tell you about new things in the home-school book?"),
        choices=NotificationPreference.Book.choices, widget=forms.RadioSelect)
