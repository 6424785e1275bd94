"""The agreement's forms: a statement (with its easy read and symbols), publishing, the
settings, a view gathered while reviewing, a check of a translation, signing (a family
member's, one on paper, a child's with staff), and the admissions pack's documents."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.agreements import documents
from bridgebook.agreements.models import (
    Agreement,
    Format,
    ReviewView,
    Section,
    Signature,
)
from bridgebook.agreements.nas import KEY_CHOICES
from bridgebook.core.forms import GovukDateField
from bridgebook.diary.symbols import GROUPS, SYMBOLS
from bridgebook.people.codes import LANGUAGE_CHOICES, language_name

# The symbols a child may choose to say they agree (from the curated OpenMoji set).
AGREE_SYMBOLS = ["1F44D", "1F642", "2B50", "1F604"]


def symbol_groups(chosen=()) -> list[dict]:
    """The curated symbols by group (each symbol once, in the first group that has it), for
    choosing a statement's symbols; a group holding a chosen one is ``open``."""
    seen: set[str] = set()
    groups = []
    for group in GROUPS:
        symbols = [{"hexcode": symbol.hexcode, "word": symbol.word,
                    "checked": symbol.hexcode in chosen}
                   for symbol in group.symbols if symbol.hexcode not in seen]
        seen.update(symbol["hexcode"] for symbol in symbols)
        groups.append({"key": group.key, "label": group.label, "symbols": symbols,
                       "open": any(symbol["checked"] for symbol in symbols)})
    return groups


class StatementForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices,
                                widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("The statement, in plain words"), widget=forms.Textarea, max_length=2000,
        error_messages={"required": _("Write the statement")})
    easy_read = forms.CharField(
        label=_("Easy read"), widget=forms.Textarea, required=False, max_length=1000,
        help_text=_("Short sentences in everyday words, one idea each, for pupils and "
                    "families who need them. Choose symbols to go with it below."))
    symbols = forms.MultipleChoiceField(
        label=_("Symbols"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, str(symbol.word)) for code, symbol in SYMBOLS.items()])
    nas_key = forms.ChoiceField(
        label=_("NAS required statement"), required=False,
        choices=[("", _("Not one of the NAS required statements")), *KEY_CHOICES],
        help_text=_("If this statement is the school’s wording of one of the statements every "
                    "NAS school’s agreement includes, say which."))

    def clean_symbols(self):
        chosen = list(dict.fromkeys(self.cleaned_data.get("symbols") or []))
        if len(chosen) > 4:
            raise forms.ValidationError(_("Choose at most 4 symbols: more are hard to take "
                                          "in."))
        return chosen


class StartForm(forms.Form):
    start_from = forms.ChoiceField(label=_("Start from"), widget=forms.RadioSelect)

    def __init__(self, *args, has_published: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if has_published:
            choices.append(("copy", _("A copy of the version in force")))
        choices += [("nas", _("The NAS required statements, in their sections")),
                    ("blank", _("Nothing: write every statement"))]
        self.fields["start_from"].choices = choices
        self.fields["start_from"].initial = choices[0][0]


class PublishForm(forms.Form):
    changes = forms.CharField(
        label=_("What changed, in plain words"), widget=forms.Textarea, required=False,
        max_length=2000,
        help_text=_("Families read this when they are asked to read the new version, in "
                    "their own language."))

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        if previous is not None:
            self.fields["changes"].required = True
            self.fields["changes"].error_messages["required"] = _(
                "Say what changed since version %(number)s, in plain words"
            ) % {"number": previous.number}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "nas_check", "review_months"]

    def clean_review_months(self):
        months = self.cleaned_data["review_months"]
        if not 1 <= months <= 60:
            raise forms.ValidationError(_("Enter a number of months from 1 to 60"))
        return months


class ReviewViewForm(forms.Form):
    source = forms.ChoiceField(label=_("Whose views"), choices=ReviewView.Source.choices,
                               widget=forms.RadioSelect)
    gathered_on = GovukDateField(label=_("When were they gathered?"))
    how = forms.CharField(label=_("How they were gathered"), required=False, max_length=200,
                          help_text=_("For example: a coffee morning, a questionnaire, a "
                                      "school council with symbols"))
    summary = forms.CharField(label=_("What they said"), widget=forms.Textarea,
                              max_length=4000)
    response = forms.CharField(label=_("What we changed because of it"), required=False,
                               widget=forms.Textarea, max_length=4000)
    version = forms.TypedChoiceField(label=_("The version it shaped"), coerce=int,
                                     required=False, empty_value=None)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [("", _("Not a version yet"))] + [
            (version.pk, _("Version %(number)s (%(status)s)") % {
                "number": version.number, "status": version.get_status_display()})
            for version in versions]
        self.versions = {version.pk: version for version in versions}

    def clean_gathered_on(self):
        day = self.cleaned_data["gathered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past"))
        return day

    def clean_version(self):
        pk = self.cleaned_data.get("version")
        return self.versions.get(pk) if pk else None


class TranslationCheckForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, language_name(code)) for code in languages]


class SignForm(forms.Form):
    """A parent or carer signs, for themselves, for this child and any others they choose."""

    name = forms.CharField(label=_("Your full name"), max_length=200,
                           error_messages={"required": _("Write your full name to sign")})
    others = forms.MultipleChoiceField(label=_("Sign for your other children too"),
                                       required=False, widget=forms.CheckboxSelectMultiple)
    # How they read it: as the page showed it (written, or easy read), or read aloud (the
    # page's read-aloud button, or someone reading it to them). The page's way is chosen
    # until they say otherwise.
    format = forms.ChoiceField(
        label=_("How did you read it?"), widget=forms.RadioSelect,
        choices=[(Format.TEXT, Format.TEXT.label),
                 (Format.EASY_READ, Format.EASY_READ.label),
                 (Format.READ_ALOUD, _("Read aloud (by the page, or by someone)"))],
        error_messages={"required": _("Say how you read it")})

    def __init__(self, *args, others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].choices = [(str(pupil.pk), pupil.first_name) for pupil in others]
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "spellcheck": "false"})


class PaperSignatureForm(forms.Form):
    contact = forms.TypedChoiceField(label=_("Who signed"), coerce=int,
                                     widget=forms.RadioSelect)
    signed_on = GovukDateField(label=_("When did they sign?"))
    language = forms.ChoiceField(label=_("The language they read it in"),
                                 choices=LANGUAGE_CHOICES)
    format = forms.ChoiceField(
        label=_("How they read it"), widget=forms.RadioSelect,
        choices=[(Format.PDF, Format.PDF.label), (Format.WITH_STAFF, Format.WITH_STAFF.label),
                 (Format.EASY_READ, Format.EASY_READ.label),
                 (Format.READ_ALOUD, Format.READ_ALOUD.label)])

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {contact.pk: contact for contact in contacts}
        self.fields["contact"].choices = [(contact.pk, contact.full_name)
                                          for contact in contacts]

    def clean_contact(self):
        return self.contacts[self.cleaned_data["contact"]]

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past"))
        return day


class PupilSigningForm(forms.Form):
    signs = forms.ChoiceField(
        label=_("Does the child sign the agreement themselves?"), widget=forms.RadioSelect,
        choices=[("symbol", _("Yes, by choosing a symbol")),
                 ("name", _("Yes, by writing their name")),
                 ("no", _("No"))])


class PupilSignForm(forms.Form):
    symbol = forms.ChoiceField(label=_("Choose a symbol to say yes"), required=False,
                               choices=[(code, str(SYMBOLS[code].word))
                                        for code in AGREE_SYMBOLS],
                               widget=forms.RadioSelect)
    name = forms.CharField(label=_("Their name, as they write it"), required=False,
                           max_length=200)
    language = forms.ChoiceField(label=_("The language it was read in"),
                                 choices=LANGUAGE_CHOICES, initial="en")
    present = forms.BooleanField(label=_("I sat with the child while they read and signed"),
                                 error_messages={"required": _(
                                     "Confirm that you sat with the child")})

    def __init__(self, *args, by_symbol: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_symbol = by_symbol

    def clean(self):
        data = super().clean()
        if self.by_symbol and not data.get("symbol"):
            self.add_error("symbol", _("Choose the symbol the child chose"))
        if not self.by_symbol and not (data.get("name") or "").strip():
            self.add_error("name", _("Write the child’s name as they wrote it"))
        return data

    @property
    def method(self) -> str:
        return Signature.Method.SYMBOL if self.by_symbol else Signature.Method.NAME

    @property
    def mark(self) -> str:
        return self.cleaned_data["symbol"] if self.by_symbol else self.cleaned_data["name"]


class PackDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("As families will see it, for example “Uniform "
                                        "and what to bring”"))
    description = forms.CharField(label=_("What it is, in plain words"), required=False,
                                  widget=forms.Textarea, max_length=1000)
    file = forms.FileField(
        label=_("The document"),
        help_text=_("A PDF, a Word document (.docx), or a JPEG or PNG picture, smaller than "
                    "%(size)s MB") % {"size": documents.MAX_MEGABYTES},
        error_messages={"required": _("Choose a file")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = documents.ACCEPT

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            documents.check(upload)
        except documents.DocumentError as error:
            raise forms.ValidationError(error.message) from None
        return upload
