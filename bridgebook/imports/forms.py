from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.imports import csv_reader
from bridgebook.imports.uploads import MAX_BYTES


class UploadForm(forms.Form):
    KINDS = [
        ("pupils", _("Pupils, exported from the MIS as CSV")),
        ("contacts", _("Contacts (parents and carers), exported from the MIS as CSV")),
        ("combined", _("Pupils and their contacts together, a row for each contact (as SIMS "
                       "and Arbor contact reports give them), as CSV")),
        ("ctf", _("A Common Transfer File (XML) for pupils joining from another school")),
    ]
    kind = forms.ChoiceField(label=_("What is in the file?"), choices=KINDS,
                             widget=forms.RadioSelect)
    file = forms.FileField(label=_("Upload a file"), help_text=_("CSV or XML, up to 25 MB"),
                           error_messages={"empty": _("The selected file is empty"),
                                           "required": _("Select a file")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The selected file is empty"))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 25 MB"))
        return upload


class ReadAsForm(forms.Form):
    """Read an uploaded CSV file as another kind, when its columns suggest one."""

    read_as = forms.ChoiceField(choices=[(kind, kind) for kind in csv_reader.READERS])


class MappingForm(forms.Form):
    """One choice per Bridgebook field: which of the file's columns holds it."""

    def __init__(self, *args, kind: str, headers: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        choices = [("", _("Not in this file"))] + [(header, header) for header in headers
                                                    if header]
        required = {field for needed in csv_reader.REQUIRED[kind] for field in needed}
        for name in csv_reader.ALIASES[kind]:
            label = csv_reader.LABELS[kind][name]
            label = label[0].upper() + label[1:]  # "UPN" stays "UPN"
            if name in required:
                label = _("%(field)s (needed)") % {"field": label}
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False,
                                                  initial=initial_mapping.get(name, ""))

    def clean(self):
        cleaned = super().clean()
        for needed in csv_reader.REQUIRED[self.kind]:
            if not any(cleaned.get(name) for name in needed):
                labels = _(" or ").join(csv_reader.LABELS[self.kind][name] for name in needed)
                self.add_error(needed[0], _("Choose the column that holds the %(field)s")
                               % {"field": labels})
        chosen = [header for header in cleaned.values() if header]
        duplicates = {header for header in chosen if chosen.count(header) > 1}
        for name, header in list(cleaned.items()):
            if header in duplicates:
                self.add_error(name, _("The column “%(header)s” is chosen twice")
                               % {"header": header})
        return cleaned

    def mapping(self) -> dict:
        return {name: header for name, header in self.cleaned_data.items() if header}
