from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bridgebook.core.forms import is_valid_email, normalise_mobile


class StaffSignInForm(forms.Form):
    email = forms.EmailField(label=_("Email address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "username",
                                                            "spellcheck": "false"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(
                                   attrs={"autocomplete": "current-password"}))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=10,
        help_text=_("The 6-digit code"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "class": "govuk-input--width-10"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("Enter the 6-digit code"), code="invalid")
        return code


class FamilySignInForm(forms.Form):
    address = forms.CharField(
        label=_("Your email address or mobile number"), max_length=254,
        help_text=_("The one the school has for you."),
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_address(self):
        address = self.cleaned_data["address"].strip()
        if "@" in address:
            if not is_valid_email(address):
                raise ValidationError(
                    _("Enter an email address like name@example.com, or a mobile number"),
                    code="invalid")
            return address.lower()
        try:
            return normalise_mobile(address)
        except ValidationError:
            raise ValidationError(
                _("Enter an email address like name@example.com, or a mobile number like "
                  "07700 900 982"), code="invalid") from None
