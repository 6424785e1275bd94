"""Forms for photos and "my day"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.diary.symbols import SYMBOLS
from bridgebook.diary.voice import MAX_SYMBOLS

ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(item, initial) for item in data if item]
            if not files and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return files
        return [single(data, initial)] if data else []


class PhotoForm(forms.Form):
    photos = MultipleFileField(
        label=_("Photos"),
        help_text=_("Up to 10 photos in JPEG, PNG, WebP or HEIC format, each smaller "
                    "than 15 MB"),
        error_messages={"required": _("Choose a photo")})
    alt_text = forms.CharField(
        label=_("What the photos show"), max_length=300, widget=forms.Textarea,
        help_text=_("For someone who cannot see them, for example “Maya painting a "
                    "sunflower with yellow paint”"),
        error_messages={"required": _("Describe what the photo shows")})


class GroupPhotoForm(PhotoForm):
    pupils = forms.ModelMultipleChoiceField(
        label=_("Who is in the photo"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("The photo appears in the book of each pupil you choose. Pupils without "
                    "photo consent cannot be chosen."),
        error_messages={"required": _("Choose who is in the photo")})

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupils"].queryset = pupils
        self.fields["pupils"].label_from_instance = lambda pupil: pupil.display_name
        # Pupils appear first in the form, as a teacher thinks of them.
        self.order_fields(["pupils", "photos", "alt_text"])


class MyDayForm(forms.Form):
    symbols = forms.MultipleChoiceField(
        label=_("My day"), choices=[(hexcode, hexcode) for hexcode in SYMBOLS],
        error_messages={"required": _("Choose at least one symbol")})
    # The order the symbols were chosen in, kept by the page's script (hexcodes, spaces).
    order = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def clean_symbols(self):
        symbols = self.cleaned_data["symbols"]
        if len(symbols) > MAX_SYMBOLS:
            raise forms.ValidationError(_("Choose at most %(count)s symbols"),
                                        params={"count": MAX_SYMBOLS})
        return symbols

    def clean_order(self):
        return [hexcode for hexcode in self.cleaned_data["order"].split() if hexcode in SYMBOLS]
