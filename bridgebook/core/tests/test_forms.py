import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from bridgebook.core.forms import GovukDateField, UkMobileField, normalise_mobile


@pytest.mark.parametrize("raw,expected", [
    ("07911 123456", "+447911123456"),
    ("+44 7911 123456", "+447911123456"),
    ("0044 7911 123456", "+447911123456"),
    ("(07911) 123-456", "+447911123456"),
    ("07700 900982", "+447700900982"),  # Ofcom's drama range, used by the demo
])
def test_uk_mobiles_are_normalised_to_e164(raw, expected):
    assert normalise_mobile(raw) == expected


@pytest.mark.parametrize("raw,message", [
    ("0113 496 0000", "landline"),
    ("12345", "Enter a mobile number"),
    ("not a number", "Enter a mobile number"),
    ("07911 12345678", "Enter a mobile number"),
])
def test_wrong_numbers_get_a_clear_message(raw, message):
    with pytest.raises(ValidationError) as error:
        UkMobileField(required=False).clean(raw)
    assert message in str(error.value)


def test_blank_mobile_is_allowed_when_optional():
    assert UkMobileField(required=False).clean("") == ""


class DateForm(forms.Form):
    when = GovukDateField()


@pytest.mark.parametrize("day,month,year,expected", [
    ("27", "3", "2019", datetime.date(2019, 3, 27)),
    (" 1", "12 ", "2020", datetime.date(2020, 12, 1)),
])
def test_date_boxes_read_back(day, month, year, expected):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == expected


@pytest.mark.parametrize("day,month,year", [("31", "2", "2020"), ("x", "1", "2020"),
                                            ("1", "13", "2020")])
def test_impossible_dates_are_refused(day, month, year):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    assert not form.is_valid()
    assert "Enter a real date" in str(form.errors["when"])


def test_missing_date_is_required():
    form = DateForm({})
    assert not form.is_valid()
    assert "when" in form.errors
