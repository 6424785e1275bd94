from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.people.codes import LANGUAGE_CHOICES

TRANSLATABLE_LANGUAGES = [(code, label) for code, label in LANGUAGE_CHOICES
                          if code not in ("en", "bsl")]


class GlossaryTermForm(forms.Form):
    term = forms.CharField(label=_("Term"), max_length=80,
                           help_text=_("As it is written in messages, for example EHCP."))
    explanation = forms.CharField(
        label=_("Plain explanation"), widget=forms.Textarea, max_length=1000,
        help_text=_("In plain English, as you would explain it to a parent."))

    def __init__(self, *args, may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if may_share:
            self.fields["trust_wide"] = forms.BooleanField(
                label=_("Use this term in every school in the trust"), required=False)


class GlossaryTranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=TRANSLATABLE_LANGUAGES)
    text = forms.CharField(
        label=_("Agreed translation"), max_length=200, required=False,
        help_text=_("Leave empty to keep the term as it is in this language."))


class ReviewForm(forms.Form):
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea,
                           error_messages={"required": _("Enter the translation")})
