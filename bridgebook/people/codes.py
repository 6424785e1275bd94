"""Code lists used for pupils and their families.

Relationship codes are the DfE Common Basic Data Set (CBDS) codes that MIS exports and the
Common Transfer File use, so imported contacts keep their meaning. Areas of need are the
SEN primary-need types of the school census.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Relationship(models.TextChoices):
    PARENT_MOTHER = "PAM", _("Mother")
    PARENT_FATHER = "PAF", _("Father")
    STEP_MOTHER = "STM", _("Step-mother")
    STEP_FATHER = "STF", _("Step-father")
    FOSTER_MOTHER = "FOM", _("Foster mother")
    FOSTER_FATHER = "FOF", _("Foster father")
    CARER = "CAR", _("Carer")
    CHILDMINDER = "CHM", _("Childminder")
    OTHER_FAMILY = "FAM", _("Other family member")
    OTHER_RELATIVE = "REL", _("Other relative")
    SOCIAL_WORKER = "SWR", _("Social worker")
    DOCTOR = "DOC", _("Doctor")
    HEAD_TEACHER = "HTC", _("Head teacher")
    TEACHER = "TCH", _("Teacher")
    OTHER = "OTH", _("Other contact")


class AreaOfNeed(models.TextChoices):
    SPLD = "SPLD", _("Specific learning difficulty")
    MLD = "MLD", _("Moderate learning difficulty")
    SLD = "SLD", _("Severe learning difficulty")
    PMLD = "PMLD", _("Profound and multiple learning difficulty")
    SEMH = "SEMH", _("Social, emotional and mental health")
    SLCN = "SLCN", _("Speech, language and communication needs")
    HI = "HI", _("Hearing impairment")
    VI = "VI", _("Visual impairment")
    MSI = "MSI", _("Multi-sensory impairment")
    PD = "PD", _("Physical disability")
    ASD = "ASD", _("Autistic spectrum disorder")
    OTH = "OTH", _("Other difficulty or disability")


class CommunicationMethod(models.TextChoices):
    SPEECH = "speech", _("Speech")
    MAKATON = "makaton", _("Makaton signing")
    PECS = "pecs", _("PECS (picture exchange)")
    SYMBOLS = "symbols", _("Symbols")
    AAC = "aac", _("AAC device")
    GESTURE = "gesture", _("Gesture and body language")


class PhotoConsent(models.TextChoices):
    NONE = "none", _("No photos")
    BOOK = "book", _("In the home-school book only")
    SCHOOL = "school", _("In the book and on displays in school")
    PUBLIC = "public", _("Also on the school's website and newsletters")


class Channel(models.TextChoices):
    APP = "app", _("Bridgebook app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Paper letter")


# Home languages: ISO 639-1 codes (or 639-3 where there is no two-letter code) with the
# name in English and in the language itself. The commonest home languages in England
# (ONS Census 2021) come first.
LANGUAGES: list[tuple[str, str, str]] = [
    ("en", "English", "English"),
    ("pl", "Polish", "Polski"),
    ("ro", "Romanian", "Română"),
    ("pa", "Panjabi", "ਪੰਜਾਬੀ"),
    ("ur", "Urdu", "اردو"),
    ("pt", "Portuguese", "Português"),
    ("es", "Spanish", "Español"),
    ("ar", "Arabic", "العربية"),
    ("bn", "Bengali", "বাংলা"),
    ("gu", "Gujarati", "ગુજરાતી"),
    ("it", "Italian", "Italiano"),
    ("lt", "Lithuanian", "Lietuvių"),
    ("so", "Somali", "Soomaali"),
    ("tr", "Turkish", "Türkçe"),
    ("ta", "Tamil", "தமிழ்"),
    ("fr", "French", "Français"),
    ("zh", "Chinese", "中文"),
    ("fa", "Persian", "فارسی"),
    ("ps", "Pashto", "پښتو"),
    ("ku", "Kurdish", "Kurdî"),
    ("uk", "Ukrainian", "Українська"),
    ("ru", "Russian", "Русский"),
    ("bg", "Bulgarian", "Български"),
    ("hu", "Hungarian", "Magyar"),
    ("ti", "Tigrinya", "ትግርኛ"),
    ("yo", "Yoruba", "Yorùbá"),
    ("bsl", "British Sign Language", "BSL"),
]
LANGUAGE_CHOICES = [(code, f"{english} ({own})" if own != english else english)
                    for code, english, own in LANGUAGES]
RTL_LANGUAGES = {"ar", "ur", "fa", "ps"}


def language_name(code: str) -> str:
    for known, english, _own in LANGUAGES:
        if known == code:
            return english
    return code


def _own_name(code: str) -> str:
    for known, _english, own in LANGUAGES:
        if known == code:
            return own
    return code


def language_name_here(code: str) -> str:
    """The name of language ``code`` in the language the page is being shown in."""
    return language_name_in(code, translation.get_language())


def language_name_in(code: str, reader_language: str | None) -> str:
    """The name of language ``code`` as a reader of ``reader_language`` says it, for a
    sentence of the interface they read: "angielski" for a Polish reader, not "English".

    Only the interface languages (settings.LANGUAGES) get a translated name: a reader of
    any other language reads our sentences in English, and a Turkish name inside an English
    sentence would help nobody. Django's own catalogues translate the names of the
    languages it knows (``get_language_info``); a language is named in itself by its own
    readers; anything else (a code Django does not know, or a name its catalogue leaves
    untranslated) falls back to our English name, so the sentence still reads.
    """
    code = (code or "").split("-")[0].lower()
    reader = (reader_language or "en").split("-")[0].lower()
    english = language_name(code)
    interface = {known.split("-")[0].lower() for known, _name in settings.LANGUAGES}
    if reader == "en" or reader not in interface:
        return english
    if reader == code:
        return _own_name(code)
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return english
    with translation.override(reader):
        name = str(info["name_translated"])
    # Untranslated, Django gives its own English spelling ("Punjabi"); keep ours.
    return english if name == info["name"] else name
