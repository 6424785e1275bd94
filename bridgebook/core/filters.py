from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.core.forms import GovukDateField
from bridgebook.core.models import AuditEvent, User
from bridgebook.core.registry import site


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.none(), required=False,
                                   empty_label=_("Anyone"))
    action = forms.ChoiceField(label=_("What"), required=False,
                               choices=[("", _("Any action"))] + AuditEvent.Action.choices)
    # The kinds of record each app declares (bridgebook/core/registry.py AuditType).
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    record = forms.CharField(label=_("Pupil or record contains"), required=False, max_length=100)
    since = GovukDateField(label=_("From"), required=False)
    until = GovukDateField(label=_("To"), required=False)

    def __init__(self, *args, school, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ([("", _("Any kind"))]
                                       + site.audit_type_choices(viewer, school))
        self.fields["actor"].queryset = User.objects.filter(
            staff_roles__school=school).distinct().order_by("full_name")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date must be on or after the start date"))
        return cleaned

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value}
