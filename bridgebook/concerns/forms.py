"""Forms for the concern pages. Forms clean and check; ``actions`` write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bridgebook.concerns.actions import MAX_TEXT
from bridgebook.concerns.models import Addressed, ConcernSettings

User = get_user_model()
YES, NO = "yes", "no"


def _names(users) -> str:
    return ", ".join(user.full_name for user in users)


class RaiseForm(forms.Form):
    """A family member's concern, on their phone, in their language."""

    addressed_to = forms.ChoiceField(
        label=_("Who would you like to raise it with?"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose who to raise it with")})
    text = forms.CharField(
        label=_("What is your concern?"), widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        help_text=_("Write in the language you prefer. Staff read it in theirs."),
        error_messages={"required": _("Write your concern")})
    wants_meeting = forms.ChoiceField(
        label=_("Would you like to meet to talk about it?"), widget=forms.RadioSelect,
        choices=[(YES, _("Yes, I would like to meet")), (NO, _("No, not now"))],
        error_messages={"required": _("Say whether you would like to meet")})

    def __init__(self, *args, pupil, class_staff, residential_staff, **kwargs):
        super().__init__(*args, **kwargs)
        class_label = _("Class staff")
        if class_staff:
            class_label = _("Class staff (%(names)s)") % {"names": _names(class_staff)}
        choices = [(Addressed.CLASS, class_label)]
        if pupil.residential_group_id:
            residential = _("Residential staff, %(group)s") % {
                "group": pupil.residential_group.name}
            if residential_staff:
                residential = _("Residential staff, %(group)s (%(names)s)") % {
                    "group": pupil.residential_group.name,
                    "names": _names(residential_staff)}
            choices.append((Addressed.RESIDENTIAL, residential))
        self.fields["addressed_to"].choices = choices
        if len(choices) == 1:
            self.fields["addressed_to"].initial = Addressed.CLASS

    @property
    def single_choice(self) -> bool:
        return len(self.fields["addressed_to"].choices) == 1


class AnswerForm(forms.Form):
    """The family's answer to a proposed resolution."""

    resolved = forms.ChoiceField(
        label=_("Does this resolve your concern?"), widget=forms.RadioSelect,
        choices=[(YES, _("Yes, it is resolved")), (NO, _("No, it is not resolved"))],
        error_messages={"required": _("Say whether this resolves your concern")})
    text = forms.CharField(label=_("Anything you would like to add"),
                           widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT,
                           required=False)


class FamilyEscalateForm(forms.Form):
    text = forms.CharField(label=_("Why you would like a senior leader to look at it"),
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT,
                           required=False)


# Staff ------------------------------------------------------------------------------------

class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class AcknowledgeForm(forms.Form):
    handler = PersonChoice(label=_("Who is dealing with it?"), queryset=None,
                           empty_label=None,
                           help_text=_("The family is told who is dealing with their "
                                       "concern."))

    def __init__(self, *args, choices: list, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in choices])
        # The choices are already read: label them without another query.
        field.choices = [(user.pk, user.full_name) for user in choices]
        if current is not None:
            field.initial = current.pk


class WriteForm(forms.Form):
    """A note, an update or a proposed resolution."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT,
                           error_messages={"required": _("Write something first")})

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label


class EscalateForm(forms.Form):
    to = PersonChoice(label=_("Senior leader"), queryset=None, empty_label=None)
    text = forms.CharField(label=_("Why (for the senior leader)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT)

    def __init__(self, *args, choices: list, default=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in choices])
        field.choices = [(user.pk, user.full_name) for user in choices]
        if default is not None:
            field.initial = default.pk


class ComplaintsForm(forms.Form):
    """Staff record that the family made a complaint: the concern is closed, dealt with
    under the complaints procedure."""

    confirm = forms.BooleanField(
        label=_("The family has made a complaint under the school’s complaints procedure"),
        help_text=_("The concern is closed: the complaint is dealt with under the "
                    "complaints procedure, a separate, formal process. The family is told."),
        error_messages={"required": _("Confirm that the family has made a complaint")})


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ConcernSettings
        fields = ["acknowledge_within_days", "complaints_procedure_url", "senior_leader"]

    def __init__(self, *args, leaders: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["senior_leader"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in leaders])
        field.label_from_instance = lambda user: user.full_name
        field.empty_label = _("The first senior leader, else the principal")
