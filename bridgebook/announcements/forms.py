import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bridgebook.announcements.models import Announcement
from bridgebook.diary.models import BookEvent
from bridgebook.people.codes import LANGUAGE_CHOICES
from bridgebook.people.models import Pupil, SchoolClass

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What the first bytes of an allowed file are, and the type it is served as.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


class PupilChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.school_class.name})" if obj.school_class else (
            obj.display_name)


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        where = obj.school_class.name if obj.school_class else _("whole school")
        return f"{obj.title} ({date_format(obj.date, 'j E Y')}, {where})"


def upcoming_events(school):
    """The school's published events from a month ago on: what a message is likely about."""
    since = timezone.localdate() - datetime.timedelta(days=31)
    return (BookEvent.objects.filter(school=school, published_at__isnull=False,
                                     deleted_at__isnull=True, date__gte=since)
            .select_related("school_class").order_by("date", "pk"))


class AnnouncementForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attach a file"), required=False,
        help_text=_("A PDF, JPEG or PNG of up to 10 MB."))

    class Meta:
        model = Announcement
        fields = ["subject", "body", "important", "wait_for_check", "audience", "classes",
                  "pupils", "audience_language", "event", "language"]
        labels = {"body": _("Message"), "important": _("This is important"),
                  "wait_for_check": _("Wait for a person to check each translation before "
                                      "families who read other languages get it"),
                  "audience_language": _("Home language"),
                  "language": _("Language you are writing in")}
        help_texts = {
            "important": _("For something families must know now, such as a closure. It is "
                           "marked as important and everyone gets it at once: families who "
                           "read other languages get a machine translation, marked as such, "
                           "until a person has checked it."),
            "wait_for_check": _("Only for a document that is not urgent. It delays those "
                                "families: they get it only once the EAL teacher or the "
                                "principal has checked its translation, which may take days. "
                                "Everyone else gets it at once."),
            "body": _("Each family’s copy starts by naming their children."),
        }
        error_messages = {"subject": {"required": _("Enter a subject")},
                          "body": {"required": _("Enter the message")}}
        widgets = {
            "body": forms.Textarea,
            "audience": forms.RadioSelect,
            "classes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, school, hidden_pupils=frozenset(), **kwargs):
        """``hidden_pupils``: ids of pupils a court order keeps from the one writing
        (``Viewer.restricted_pupil_ids``): not offered, and kept as they were on a draft
        that already names them."""
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["audience"].choices = Announcement.Audience.choices
        self.fields["classes"].queryset = SchoolClass.objects.filter(school=school)
        self.fields["classes"].required = False
        self.fields["classes"].label = _("Classes")
        self.fields["classes"].help_text = _("For “Chosen classes”.")
        self.fields["pupils"] = PupilChoiceField(
            queryset=Pupil.objects.filter(school=school).exclude(pk__in=hidden_pupils)
            .select_related("school_class"),
            required=False, widget=forms.CheckboxSelectMultiple, label=_("Pupils"),
            help_text=_("For “Chosen pupils’ families”."))
        self.kept_pupils = []
        if self.instance.pk:
            chosen = list(self.instance.pupils.all())
            self.kept_pupils = [pupil for pupil in chosen if pupil.pk in hidden_pupils]
            self.initial.setdefault("pupils", [pupil for pupil in chosen
                                               if pupil.pk not in hidden_pupils])
        self.fields["audience_language"].choices = [("", _("Choose a language")),
                                                    *LANGUAGE_CHOICES]
        self.fields["audience_language"].help_text = _("For “Families who speak a "
                                                       "language”.")
        self.fields["language"].choices = LANGUAGE_CHOICES
        self.fields["event"] = EventChoiceField(
            queryset=upcoming_events(school), required=False, label=_("Event"),
            empty_label=_("Choose an event"),
            help_text=_("For “The families an event is for”: events in the book from a "
                        "month ago onwards."))

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file must be 10 MB or smaller"))
        head = upload.read(16)
        upload.seek(0)
        for signature, content_type in SIGNATURES:
            if head.startswith(signature):
                upload.bb_content_type = content_type
                return upload
        raise forms.ValidationError(_("The file must be a PDF, JPEG or PNG"))

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Announcement.Audience.CLASSES and not cleaned.get("classes"):
            self.add_error("classes", _("Choose at least one class"))
        if audience == Announcement.Audience.PUPILS and not cleaned.get("pupils"):
            self.add_error("pupils", _("Choose at least one pupil"))
        if audience == Announcement.Audience.LANGUAGE and not cleaned.get("audience_language"):
            self.add_error("audience_language", _("Choose the families’ home language"))
        if audience == Announcement.Audience.EVENT and not cleaned.get("event"):
            self.add_error("event", _("Choose the event"))
        if cleaned.get("important") and cleaned.get("wait_for_check"):
            self.add_error("wait_for_check", _(
                "An important announcement goes to everyone at once: untick “This is "
                "important” or untick waiting for the check"))
        return cleaned

    def data_for_action(self) -> dict:
        data = {name: self.cleaned_data[name] for name in
                ["subject", "body", "important", "wait_for_check", "audience",
                 "audience_language", "event", "language"]}
        data["classes"] = list(self.cleaned_data.get("classes") or [])
        data["pupils"] = [*(self.cleaned_data.get("pupils") or []), *self.kept_pupils]
        return data


class SendForm(forms.Form):
    """The Send button, with "urgent" for a principal or SENCO outside their working hours.
    The field is always read, so "urgent" asked for by anyone else is refused by the
    action (``quiet_hours.UrgentNotAllowed``), not silently dropped."""

    urgent = forms.BooleanField(
        label=_("Urgent: send the emails and texts now, outside working hours"),
        required=False,
        help_text=_("Only for something families must know before the morning."))
