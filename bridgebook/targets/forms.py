from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.core.forms import GovukDateField
from bridgebook.targets.models import Area, EngagementArea, Plan, Target

MAX_STEPS = 8


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Name of the plan"), max_length=80,
                            help_text=_("For example, 2026 to 2027, or After the March review"))
    starts_on = GovukDateField(label=_("Starts on"))
    engagement_model = forms.BooleanField(
        label=_("Record Engagement Model notes"), required=False,
        help_text=Plan._meta.get_field("engagement_model").help_text)


class CopyPlanForm(forms.Form):
    title = forms.CharField(label=_("Name of the new plan"), max_length=80)
    starts_on = GovukDateField(label=_("Starts on"))


class OutcomeForm(forms.Form):
    area = forms.ChoiceField(label=_("Area of need"), choices=Area.choices,
                             widget=forms.RadioSelect)
    text = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("As the EHC plan says it."))

    def __init__(self, *args, adulthood: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not adulthood:
            # Preparing for adulthood is every plan's from Year 9; before then it is offered
            # only when the plan already has it.
            self.fields["area"].choices = [(value, label) for value, label in Area.choices
                                           if value != Area.ADULTHOOD]


class TargetForm(forms.Form):
    outcome = forms.TypedChoiceField(label=_("Outcome"), coerce=int, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Target"), max_length=300,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("In plain words a family would use, for example: "
                                       "Zofia will ask for a favourite toy with her PECS card."))
    success_criteria = forms.CharField(
        label=_("How we will know"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the pupil will do, how often and where, when the target is met."))
    start_date = GovukDateField(label=_("Start date"))
    review_date = GovukDateField(label=_("Review date"))
    owner = forms.TypedChoiceField(label=_("Who leads it"), coerce=int, required=False,
                                   empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=Target.Status.choices,
                               widget=forms.RadioSelect, initial=Target.Status.OPEN)

    def __init__(self, *args, outcomes, staff, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(outcome.pk, f"{outcome.get_area_display()}: "
                                                       f"{outcome.text[:80]}")
                                          for outcome in outcomes]
        self.fields["owner"].choices = [("", _("Nobody in particular"))] + [
            (user.pk, user.full_name) for user in staff]
        if editing:
            del self.fields["outcome"]
        else:
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        start, review = data.get("start_date"), data.get("review_date")
        if start and review and review < start:
            self.add_error("review_date", _("The review date must be on or after the start "
                                            "date"))
        return data


class ProgressForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Where it stands"), coerce=int,
                                  widget=forms.RadioSelect)
    recorded_on = GovukDateField(label=_("Date"))
    note = forms.CharField(label=_("What we saw"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, steps: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = list(enumerate(steps))


class EngagementNoteForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=EngagementArea.choices,
                             widget=forms.RadioSelect)
    note = forms.CharField(label=_("What we noticed"), widget=forms.Textarea(attrs={"rows": 3}))
    noticed_on = GovukDateField(label=_("Date"))
    target = forms.TypedChoiceField(label=_("About the target"), coerce=int, required=False,
                                    empty_value=None)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("No target in particular"))] + [
            (target.pk, target.text) for target in targets]


class StrategyForm(forms.Form):
    text = forms.CharField(label=_("What works"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("In plain words, so home and school do the same: for "
                                       "example, Give Zofia two choices, and wait for her to "
                                       "point."))


class EvidenceForm(forms.Form):
    """Evidence in words: a family's from home, or staff's."""

    note = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("For example: she asked for the swing with her PECS "
                                       "card at the park."))
    happened_on = GovukDateField(label=_("When"))
    targets = forms.TypedMultipleChoiceField(label=_("Which targets does it show?"),
                                             coerce=int, widget=forms.CheckboxSelectMultiple)
    shared_with_all = forms.BooleanField(
        label=_("Share with everyone who hears from school about this child"), required=False,
        help_text=_("If you leave this unticked, only school and your household see it."))

    def __init__(self, *args, targets, family: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = [(target.pk, target.text) for target in targets]
        if not family:
            del self.fields["shared_with_all"]


class ScaleForm(forms.Form):
    steps = forms.CharField(
        label=_("Steps, lowest first, one on each line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For example: Not yet, Emerging, Developing, Secure, Generalised."))

    def clean_steps(self):
        steps = [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]
        if not 2 <= len(steps) <= MAX_STEPS:
            raise forms.ValidationError(_("Give between 2 and %(most)s steps")
                                        % {"most": MAX_STEPS})
        if any(len(step) > 40 for step in steps):
            raise forms.ValidationError(_("Keep each step to 40 characters or fewer"))
        if len(set(steps)) != len(steps):
            raise forms.ValidationError(_("Give each step a different name"))
        return steps
