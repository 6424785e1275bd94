"""The family's forms for a child's annual review: whether the meeting's time suits them,
and their views (or their child's) before the meeting, in words, with pictures or spoken.

Staff who work with the child may use the views form to write down what the child thinks
(``for_staff``: the child's views only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgebook.diary import symbols
from bridgebook.questionnaires.recordings import RecordingError, check_recording
from bridgebook.reviews.models import Contribution

SUITS = "yes"
DOES_NOT_SUIT = "no"
MAX_TEXT = 5000
# The symbol groups a parent or child chooses from (diary.symbols.GROUPS), in this order,
# each headed for what someone likes or finds hard (the diary's "Things I did" tells a day).
SYMBOL_GROUPS = {
    "activities": _("Things to do"),
    "school_day": _("At school"),
    "places": _("Places"),
    "people": _("People"),
    "food": _("Food and drink"),
    "feelings": _("Feelings"),
}


def symbol_groups() -> list[dict]:
    """{"key", "label", "symbols": [{"hexcode", "word", "url"}]} for each group offered, a
    symbol only in the first group that has it (its checkbox is one input)."""
    seen: set[str] = set()
    groups = []
    by_key = {group.key: group for group in symbols.GROUPS}
    for key, label in SYMBOL_GROUPS.items():
        group = by_key.get(key)
        if group is None:
            continue
        items = []
        for symbol in group.symbols:
            if symbol.hexcode in seen:
                continue
            seen.add(symbol.hexcode)
            items.append({"hexcode": symbol.hexcode, "word": str(symbol.word),
                          "url": symbols.symbol_url(symbol.hexcode)})
        groups.append({"key": key, "label": str(label), "symbols": items})
    return groups


def _symbol_choices() -> list[tuple[str, str]]:
    return [(item["hexcode"], item["word"]) for group in symbol_groups()
            for item in group["symbols"]]


class AnswerForm(forms.Form):
    """Whether the time suits, and if not, which times would."""

    suits = forms.ChoiceField(
        label=_("Does this time suit you?"), widget=forms.RadioSelect,
        choices=[(SUITS, _("Yes, I can come then")),
                 (DOES_NOT_SUIT, _("No, I need another time"))],
        error_messages={"required": _("Say if the time suits you")})
    proposed_times = forms.CharField(
        label=_("Which days and times would suit you?"), required=False, max_length=500,
        widget=forms.Textarea,
        help_text=_("For example, Tuesday or Thursday after 2pm"))

    def clean(self):
        data = super().clean()
        if data.get("suits") == DOES_NOT_SUIT and not data.get("proposed_times", "").strip():
            self.add_error("proposed_times", _("Tell us which days and times would suit you"))
        return data

    @property
    def does_suit(self) -> bool:
        return self.cleaned_data["suits"] == SUITS


class ViewsForm(forms.Form):
    """Views before the meeting: whose (a parent's own or their child's), in words, with
    pictures of what they like and find hard, and a voice recording; at least one."""

    who = forms.ChoiceField(widget=forms.RadioSelect, label=_("Whose views are these?"),
                            error_messages={"required": _("Say whose views these are")})
    text = forms.CharField(label=_("Write your views"), required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea,
                           help_text=_("Write in any language."))
    likes = forms.MultipleChoiceField(label=_("What they like"), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      choices=_symbol_choices)
    dislikes = forms.MultipleChoiceField(label=_("What they find hard"), required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         choices=_symbol_choices)
    recording = forms.FileField(label=_("Record your views"), required=False)

    def __init__(self, *args, pupil_name: str, for_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_staff = for_staff
        child = _("What %(name)s thinks") % {"name": pupil_name}
        if for_staff:
            # Staff write down the child's views only: there is nothing to choose.
            del self.fields["who"]
        else:
            self.fields["who"].choices = [(Contribution.Who.FAMILY, _("What I think")),
                                          (Contribution.Who.PUPIL, child)]

    def clean_recording(self):
        """The recording as one to keep (``CheckedRecording``), or why it cannot be."""
        upload = self.cleaned_data.get("recording")
        if not upload:
            return None
        try:
            return check_recording(upload)
        except RecordingError as error:
            raise forms.ValidationError(error.message) from None

    def clean(self):
        data = super().clean()
        if self.for_staff:
            data["who"] = Contribution.Who.PUPIL
        given = (data.get("text", "").strip() or data.get("likes") or data.get("dislikes")
                 or data.get("recording"))
        if not given and not self.has_error("recording"):
            self.add_error("text", _("Write something, choose some pictures or record your "
                                     "views"))
        return data
