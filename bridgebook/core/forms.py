"""Form plumbing shared by every app: GOV.UK markup for Django forms, and shared fields."""

import datetime

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class GovukFormRenderer(TemplatesSetting):
    """Render ``{{ form }}`` and each field with GOV.UK Frontend's markup."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes, read back as an ISO date string."""

    template_name = "components/date_widget.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric",
                                            "class": "govuk-input--width-2"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric",
                                           "class": "govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = (part.strip() if part else "" for part in
                            super().value_from_datadict(data, files, name))
        if not (day or month or year):
            return ""
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            return f"{year}-{month}-{day}"  # DateField rejects it with a clear message
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


class GovukDateField(forms.DateField):
    widget = GovukDateWidget
    default_error_messages = {
        "invalid": _("Enter a real date, for example 27 3 2019"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)


class UkMobileField(forms.CharField):
    """A mobile number, checked and stored in E.164 (+447700900123).

    Numbers without a country code are read as UK numbers.
    """

    default_error_messages = {
        "invalid": _("Enter a mobile number, like 07700 900 982 or +44 7700 900 982"),
        "not_mobile": _("Enter a mobile number: this looks like a landline"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"type": "tel", "autocomplete": "tel"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        return normalise_mobile(value, self.error_messages)


def normalise_mobile(value: str, messages: dict | None = None) -> str:
    messages = messages or UkMobileField.default_error_messages
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(messages["invalid"], code="invalid") from None
    if _is_drama_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(messages["invalid"], code="invalid")
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise ValidationError(messages["not_mobile"], code="not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _is_drama_number(number) -> bool:
    """Ofcom keeps 07700 900000 to 900999 for fiction; demos and tests use them.

    libphonenumber calls them invalid because no network routes them; we accept them as
    mobiles so the demo school can exist, and a provider will simply fail to deliver.
    """
    national = str(number.national_number)
    return number.country_code == 44 and len(national) == 10 and national.startswith("7700900")


def is_valid_email(value: str) -> bool:
    try:
        forms.EmailField().clean(value)
    except ValidationError:
        return False
    return True
