"""The SENCO's forms: local authorities, a pupil's plan dates, booking and moving a review,
professionals invited, advice for the pack, the meeting, new priorities, the report and the
local authority's decision."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.forms import GovukDateField
from bridgebook.people.codes import LANGUAGE_CHOICES
from bridgebook.reviews.models import EhcpRecord, Invitee, LocalAuthority, Review, Transfer
from bridgebook.targets.models import Area

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
PROFESSIONAL_KINDS = [(kind.value, kind.label) for kind in Invitee.Kind
                      if kind not in (Invitee.Kind.FAMILY, Invitee.Kind.PUPIL)]


class LocalAuthorityForm(forms.ModelForm):
    class Meta:
        model = LocalAuthority
        fields = ["name", "code", "contact_name", "contact_email", "contact_phone"]


class RecordForm(forms.ModelForm):
    plan_issued_on = GovukDateField(
        label=_("Date the plan was first issued"), required=False,
        help_text=EhcpRecord._meta.get_field("plan_issued_on").help_text)
    last_review_on = GovukDateField(
        label=_("Date of the last review"), required=False,
        help_text=EhcpRecord._meta.get_field("last_review_on").help_text)
    transfer = forms.ChoiceField(label=_("Moving on"), choices=Transfer.choices,
                                 widget=forms.RadioSelect, required=False)

    class Meta:
        model = EhcpRecord
        fields = ["local_authority", "plan_issued_on", "last_review_on", "transfer"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = LocalAuthority.objects.filter(school=school)
        self.fields["local_authority"].empty_label = _("Not known")


class MeetingForm(forms.Form):
    """When and where the meeting is, and the interpreter."""
    day = GovukDateField(label=_("Date of the meeting"))
    time = forms.TimeField(label=_("Time"), widget=TIME_WIDGET)
    place = forms.CharField(label=_("Where"), max_length=200, required=False,
                            help_text=_("For example, the meeting room at school"))
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https",
                                help_text=_("For those who join by video"))
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter for"), required=False,
        choices=[("", _("No interpreter needed"))] + LANGUAGE_CHOICES)
    interpreter_name = forms.CharField(label=_("Interpreter booked"), max_length=100,
                                       required=False,
                                       help_text=_("Who is coming, or the agency"))

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("video_link"):
            self.add_error("place", _("Say where the meeting is, or give a video link"))
        if data.get("interpreter_name") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Choose the language the interpreter "
                                                     "is for"))
        if data.get("day") and data.get("time"):
            data["meets_at"] = datetime.datetime.combine(data["day"], data["time"],
                                                         tzinfo=self.school.tz)
            if data["meets_at"] < timezone.now():
                self.add_error("day", _("The meeting must be on a day still to come"))
        return data

    def meeting_data(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("meets_at", "place", "video_link",
                                           "interpreter_language", "interpreter_name")}


class BookForm(MeetingForm):
    contacts = forms.TypedMultipleChoiceField(
        label=_("Parents and carers"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone with parental responsibility who is not restricted; each gets "
                    "their own invitation."))
    professionals = forms.TypedMultipleChoiceField(
        label=_("The head teacher and the local authority"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, contacts, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].choices = [(c.pk, c.full_name) for c in contacts]
        self.fields["professionals"].choices = [
            (i, f"{p.name} ({p.role})" if p.role else p.name)
            for i, p in enumerate(professionals)]


class ProfessionalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Who"), choices=PROFESSIONAL_KINDS,
                             widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=100)
    role = forms.CharField(label=_("Role or organisation"), max_length=120, required=False,
                           help_text=_("For example, Community paediatrician, NHS"))
    email = forms.EmailField(label=_("Email address"), required=False,
                             help_text=_("The invitation, the papers and the report go here"))


class PaperForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150,
                            help_text=_("For example, Speech and language therapy advice"))
    author_name = forms.CharField(label=_("Written by"), max_length=100)
    author_role = forms.CharField(label=_("Their role"), max_length=120, required=False)
    received_on = GovukDateField(label=_("Received on"))
    file = forms.FileField(label=_("The paper, as a PDF"),
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


class MeetingRecordForm(forms.Form):
    held_on = GovukDateField(label=_("Held on"))
    family_views = forms.CharField(label=_("What the family said"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    pupil_views = forms.CharField(label=_("What the pupil said"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    agreed_changes = forms.CharField(label=_("Changes agreed"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, invitees, outcomes, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitees, self.outcomes, self.today = invitees, outcomes, today
        for invitee in invitees:
            self.fields[f"came_{invitee.pk}"] = forms.ChoiceField(
                label=invitee.name, required=False, choices=Invitee.Attendance.choices,
                initial=invitee.attendance)
        for outcome in outcomes:
            self.fields[f"progress_{outcome.pk}"] = forms.CharField(
                label=outcome.text, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                initial=getattr(outcome, "discussed", ""))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise forms.ValidationError(_("Record the meeting once it has happened"))
        return held_on

    def attendance(self) -> dict[int, str]:
        return {invitee.pk: self.cleaned_data.get(f"came_{invitee.pk}", "")
                for invitee in self.invitees}

    def progress(self) -> dict[int, str]:
        return {outcome.pk: self.cleaned_data.get(f"progress_{outcome.pk}", "")
                for outcome in self.outcomes}


class PriorityForm(forms.Form):
    outcome = forms.TypedChoiceField(label=_("Under the outcome"), coerce=int, required=False,
                                     empty_value=None, widget=forms.RadioSelect)
    area = forms.ChoiceField(label=_("Or a new outcome in the area"), choices=Area.choices,
                             required=False)
    text = forms.CharField(label=_("The new priority, in plain words"), max_length=300,
                           widget=forms.Textarea(attrs={"rows": 2}))
    success_criteria = forms.CharField(label=_("How we will know"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("A new outcome"))] + [
            (outcome.pk, f"{outcome.get_area_display()}: {outcome.text[:80]}")
            for outcome in outcomes]

    def clean(self):
        data = super().clean()
        if not data.get("outcome") and not data.get("area"):
            self.add_error("area", _("Choose an outcome, or the area of a new one"))
        return data


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("The report"), widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("In plain words: what the year showed, what everyone said, and what "
                    "changes. Every parent reads it in their language, each household its own "
                    "copy, and so does the local authority: leave out what one household told "
                    "you for itself."))
    recommendation = forms.ChoiceField(label=_("The school recommends"),
                                       choices=Review.Decision.choices,
                                       widget=forms.RadioSelect)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("The local authority decided to"),
                                 choices=Review.Decision.choices, widget=forms.RadioSelect)
    decision_on = GovukDateField(label=_("Decision received on"))
    amendment_proposed_on = GovukDateField(label=_("Proposed amendment received on"),
                                           required=False)
    final_plan_on = GovukDateField(label=_("Final plan received on"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") != Review.Decision.AMEND:
            data["amendment_proposed_on"] = data["final_plan_on"] = None
        elif data.get("final_plan_on") and not data.get("amendment_proposed_on"):
            self.add_error("amendment_proposed_on", _("Give the date the proposed amendment "
                                                      "came, before the final plan"))
        return data
