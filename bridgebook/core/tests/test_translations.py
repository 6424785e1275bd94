"""The interface in the commonest home languages: catalogues complete, well-formed, compiled.

The .po files in locale/ are the source; scripts/compile_messages.py builds the .mo files with
Babel (bootstrap runs it). These tests compile them again, so they always check the .po files
as they are now.
"""

import fnmatch
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from bridgebook.conftest import signed_in

LOCALE = Path(settings.BASE_DIR) / "locale"
# The family pages are checked in these languages (the commonest home languages after
# English; Portuguese and Spanish are checked through their catalogues only).
FAMILY_LANGUAGES = ["pl", "ur", "ro", "pa", "bn", "gu", "ar"]
RIGHT_TO_LEFT = {"ur", "ar"}
# nplurals for each catalogue's Plural-Forms header (GNU gettext's standard rules).
NPLURALS = {"pl": 3, "ro": 3, "ar": 6, "ur": 2, "pa": 2, "bn": 2, "gu": 2, "pt": 2, "es": 2}

# Templates a parent or carer sees: the sign-ins, the welcome page, their landing page, the
# pupil page, the home-school book (entries, replies, home entry form, My day, the PDF and
# the page that waits for it), the family inbox (announcements and conversations with
# school, notification choices) and the page frame (navigation, footer, language switcher,
# messages, errors, dates, pagination, sign-in emails and texts).
FAMILY_TEMPLATES = [
    "templates/*",
    "bridgebook/accounts/templates/accounts/family_*",
    "bridgebook/accounts/templates/accounts/sign_in.html",
    "bridgebook/accounts/templates/accounts/locked_out.html",
    "bridgebook/accounts/templates/accounts/account.html",
    "bridgebook/core/templates/core/welcome.html",
    "bridgebook/core/templates/core/home_family.html",
    "bridgebook/core/templates/core/home_nobody.html",
    "bridgebook/core/templates/core/about.html",
    "bridgebook/people/templates/people/pupil_detail.html",
    "bridgebook/diary/templates/diary/book.html",
    "bridgebook/diary/templates/diary/_*",
    "bridgebook/diary/templates/diary/entry_detail.html",
    "bridgebook/diary/templates/diary/entry_history.html",
    "bridgebook/diary/templates/diary/home_entry_form.html",
    "bridgebook/diary/templates/diary/my_day*",
    "bridgebook/diary/templates/diary/event_detail.html",
    "bridgebook/diary/templates/diary/photo_add.html",
    "bridgebook/diary/templates/diary/photo_upload_fields.html",
    "bridgebook/diary/templates/diary/pdf_book.html",
    "bridgebook/diary/templates/diary/pdf_range.html",
    "bridgebook/diary/templates/diary/book_export.html",
    "bridgebook/announcements/templates/announcements/inbox.html",
    "bridgebook/announcements/templates/announcements/message.html",
    "bridgebook/announcements/templates/announcements/letters_pdf.html",
    "bridgebook/messaging/templates/messaging/_unread_badge.html",
    "bridgebook/messaging/templates/messaging/inbox.html",
    "bridgebook/messaging/templates/messaging/conversation*.html",
    "bridgebook/messaging/templates/messaging/notification_settings.html",
    # A child's targets, what works at home and the evidence a family adds; the timetable.
    "bridgebook/targets/templates/targets/pupil_targets.html",
    "bridgebook/targets/templates/targets/target_detail.html",
    "bridgebook/targets/templates/targets/engagement.html",
    "bridgebook/targets/templates/targets/form.html",
    "bridgebook/targets/templates/targets/_entry_tags.html",
    "bridgebook/targets/templates/targets/landing/*",
    "bridgebook/timetables/templates/timetables/pupil.html",
    "bridgebook/timetables/templates/timetables/_day.html",
    # Answering a baseline questionnaire.
    "bridgebook/questionnaires/templates/questionnaires/request.html",
    "bridgebook/questionnaires/templates/questionnaires/step.html",
    "bridgebook/questionnaires/templates/questionnaires/check.html",
    "bridgebook/questionnaires/templates/questionnaires/pupil_family.html",
    "bridgebook/questionnaires/templates/questionnaires/_*",
    "bridgebook/questionnaires/templates/questionnaires/landing/*",
    # A child's annual review: the family's page, their answer and views, the papers.
    "bridgebook/reviews/templates/reviews/family/*",
    "bridgebook/reviews/templates/reviews/summary.html",
    "bridgebook/reviews/templates/reviews/landing/*",
    # Booking and moving a meeting, parents' evenings, and the advice after a home visit.
    "bridgebook/appointments/templates/appointments/family/*",
    "bridgebook/appointments/templates/appointments/landing/*",
    "bridgebook/appointments/templates/appointments/move.html",
    "bridgebook/appointments/templates/appointments/form.html",
    "bridgebook/appointments/templates/appointments/evenings/family/*",
    "bridgebook/appointments/templates/appointments/evenings/landing/*",
    "bridgebook/appointments/templates/appointments/evenings/cancel.html",
    "bridgebook/contact/templates/contact/advice.html",
    # Raising a concern and following it: the child's Concerns tab, the form, one concern
    # (the parts a family reads; the staff's actions are in _staff_actions.html), the row
    # on the landing page.
    "bridgebook/concerns/templates/concerns/pupil.html",
    "bridgebook/concerns/templates/concerns/raise.html",
    "bridgebook/concerns/templates/concerns/concern.html",
    "bridgebook/concerns/templates/concerns/_family_actions.html",
    "bridgebook/concerns/templates/concerns/_steps.html",
    "bridgebook/concerns/templates/concerns/_status.html",
    "bridgebook/concerns/templates/concerns/_entry.html",
    "bridgebook/concerns/templates/concerns/landing/*",
    # The home-school agreement a family reads, signs and prints, its messages, and the
    # admissions pack.
    "bridgebook/agreements/templates/agreements/family/*",
]
# Python modules whose every string reaches families: My day's symbols, the relationships,
# needs and choices on the pupil page, the texts of notifications, conversation emails and
# announcements (About:, machine translation), the translation and read-aloud labels, the
# book's PDF, photo and voice errors, working-hours summaries ("usually replies Mon–Fri").
FAMILY_SOURCES = [
    "bridgebook/diary/symbols.py",
    "bridgebook/diary/pdf.py",
    "bridgebook/diary/photos.py",
    "bridgebook/people/codes.py",
    "bridgebook/diary/notifications.py",
    "bridgebook/messaging/conversations.py",
    "bridgebook/messaging/actions/conversations.py",
    "bridgebook/messaging/quiet_hours.py",
    "bridgebook/announcements/text.py",
    "bridgebook/translation/display.py",
    "bridgebook/targets/models.py",
    "bridgebook/targets/notifications.py",
    "bridgebook/timetables/models.py",
    "bridgebook/timetables/actions.py",
    "bridgebook/questionnaires/models.py",
    "bridgebook/questionnaires/actions.py",
    "bridgebook/questionnaires/recordings.py",
    "bridgebook/questionnaires/views_family.py",
    "bridgebook/reviews/models.py",
    "bridgebook/reviews/notifications.py",
    "bridgebook/reviews/views_family.py",
    "bridgebook/reviews/forms_family.py",
    "bridgebook/reviews/pack.py",
    "bridgebook/appointments/models.py",
    "bridgebook/appointments/booking.py",
    "bridgebook/appointments/notifications.py",
    "bridgebook/appointments/views_family.py",
    "bridgebook/appointments/views.py",
    "bridgebook/appointments/forms.py",
    "bridgebook/appointments/evenings.py",
    "bridgebook/appointments/views_evenings.py",
    "bridgebook/appointments/forms_evenings.py",
    "bridgebook/contact/notifications.py",
    "bridgebook/agreements/models.py",
    "bridgebook/agreements/forms.py",
    "bridgebook/agreements/actions.py",
    "bridgebook/agreements/views_pupil.py",
    "bridgebook/agreements/plugin.py",
    "bridgebook/concerns/models.py",
    "bridgebook/concerns/forms.py",
    "bridgebook/concerns/notifications.py",
    "bridgebook/concerns/views.py",
    "bridgebook/concerns/plugin.py",
    "bridgebook/concerns/actions.py",
]
# Family-facing strings from modules that also hold staff-only ones.
FAMILY_MESSAGES = {
    # The book's filter, the home entry and photo forms, the stickers on school entries.
    "From", "To", "The end date must be on or after the start date", "Stickers",
    "Medication given", "First aid", "Toileting and personal care", "Photos",
    "Up to 10 photos in JPEG, PNG, WebP or HEIC format, each smaller than 15 MB",
    "Choose a photo", "What the photos show", "Describe what the photo shows",
    "For someone who cannot see them, for example “Maya painting a sunflower with yellow "
    "paint”",
    "Great listening", "Kind friend", "Brilliant trying", "Super sitting", "Good eating",
    "Great sharing", "Star helper", "Well done",
    "“My day” is written with symbols on the My day page.",
    "Someone else removed this entry while you were editing. Your changes have not been "
    "saved.",
    "%(count)s photos added.", "Photo added.",
    # Conversations and notification choices (messaging forms, models and views).
    "Subject", "Enter a subject", "Message", "Write your message",
    "When should we tell you about new things in the home-school book?",
    "As soon as something is added", "Once a day, in a daily summary",
    "Do not tell me (I will look in the app)",
    "Announcement", "Conversation", "Home-school book event", "Home-school book daily digest",
    "Sign-in", "Other", "Letter", "Saturday", "Sunday",
    "Your message has been sent to school.", "Your choice has been saved.",
    # What a family adds to a target from home (targets' forms and views).
    "What happened", "For example: she asked for the swing with her PECS card at the park.",
    "When", "Which targets does it show?",
    "Share with everyone who hears from school about this child",
    "If you leave this unticked, only school and your household see it.",
    "Add something from home", "Add it", "Thank you: it is with the targets it shows.",
    "%(name)s has no targets being worked on yet.", "Evidence taken away.",
    "Tagged as evidence: %(target)s", "No longer evidence: %(target)s", "Targets",
    # Answering a questionnaire (its forms).
    "Choose one answer",
}

RAW_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{|\{%")


def _compile_module():
    path = Path(settings.BASE_DIR) / "scripts" / "compile_messages.py"
    spec = importlib.util.spec_from_file_location("compile_messages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compile_messages = _compile_module()


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def django_po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def is_translated(message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def from_family_template(message) -> bool:
    """Whether one of the message's #: references is a family-facing template."""
    return any(fnmatch.fnmatch(filename, pattern)
               for filename, _line in message.locations for pattern in FAMILY_TEMPLATES)


def family_facing(message) -> bool:
    """Whether a parent or carer sees the message: from a family template or module, or one
    of the family strings of a mixed module."""
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return (from_family_template(message) or msgid in FAMILY_MESSAGES
            or any(filename in FAMILY_SOURCES for filename, _line in message.locations))


@pytest.fixture(scope="module")
def compiled():
    """Compile every catalogue with Babel, and make Django read the new .mo files."""
    for path in catalogues():
        compile_messages.compile_catalog(path)
    trans_real._translations = {}
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None


# --- the catalogues -----------------------------------------------------------------------

def test_every_language_but_english_has_a_catalogue():
    languages = {code for code, _name in settings.LANGUAGES} - {"en-gb"}
    assert languages <= {path.parent.parent.name for path in catalogues()}
    assert set(FAMILY_LANGUAGES) <= languages


@pytest.mark.parametrize("lang", sorted(NPLURALS))
def test_plural_header_and_nothing_fuzzy(lang):
    path = django_po(lang)
    catalog = read(path)
    assert catalog.num_plurals == NPLURALS[lang], f"{path}: {catalog.plural_forms}"
    assert not catalog.fuzzy, f"{path}: the header is marked fuzzy"
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert fuzzy == [], f"{path}: fuzzy entries {fuzzy[:5]}"
    for message in catalog:
        if message.pluralizable and any(message.string):
            assert len(message.string) == NPLURALS[lang]
            assert all(message.string), f"{path}: {message.id[0]!r} has an empty plural form"


def test_babel_compiles_every_catalogue_with_matching_placeholders(tmp_path):
    problems = []
    for path in catalogues():
        problems += compile_messages.placeholder_problems(path)
        with (tmp_path / "django.mo").open("wb") as handle:
            write_mo(handle, read(path), use_fuzzy=False)
    assert problems == []


def test_placeholder_check_catches_a_mismatch(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Dzień dobry %(imie)s"\n',
        encoding="utf-8")
    assert len(compile_messages.placeholder_problems(po)) == 1


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", catalogues(), ids=lambda path: path.parent.parent.name)
def test_msgfmt_check(path, tmp_path):
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_untranslated_counts(capsys):
    lines = []
    for path in catalogues():
        messages = [message for message in read(path) if message.id]
        missing = sum(not is_translated(message) for message in messages)
        lines.append(f"{path.parent.parent.name}: {len(messages) - missing} translated, "
                     f"{missing} untranslated of {len(messages)}")
    with capsys.disabled():
        print("\ninterface translations: " + "; ".join(lines))


@pytest.mark.parametrize("lang", sorted(NPLURALS))
def test_family_facing_strings_are_fully_translated(lang):
    catalog = read(django_po(lang))
    family = [message for message in catalog if message.id and family_facing(message)]
    assert len(family) > 400
    missing = [message.id for message in family if not is_translated(message)]
    assert missing == [], f"{lang}: {len(missing)} family-facing strings untranslated: " \
                          f"{missing[:5]}"


def test_every_family_message_is_in_the_catalogue():
    """A typo in FAMILY_MESSAGES, or a string since reworded, would silently check nothing."""
    ids = {message.id[0] if isinstance(message.id, (tuple, list)) else message.id
           for message in read(django_po("pl")) if message.id}
    assert FAMILY_MESSAGES - ids == set()
    sources = {filename for message in read(django_po("pl")) for filename, _line in
               message.locations}
    assert set(FAMILY_SOURCES) - sources == set()


# --- the pages ----------------------------------------------------------------------------

# A key string on each page, as it should read in each language.
EXPECTED = {
    "pl": {"sign_in": "Zaloguj się jako rodzic lub opiekun", "welcome": "Rodzice i opiekunowie",
           "landing": "Twoje dziecko"},
    "ur": {"sign_in": "والدین یا نگہداشت کرنے والے کے طور پر سائن ان کریں",
           "welcome": "والدین اور نگہداشت کرنے والے", "landing": "آپ کا بچہ"},
    "ro": {"sign_in": "Conectați-vă ca părinte sau îngrijitor",
           "welcome": "Părinți și îngrijitori", "landing": "Copilul dumneavoastră"},
    "pa": {"sign_in": "ਮਾਪੇ ਜਾਂ ਦੇਖਭਾਲ ਕਰਨ ਵਾਲੇ ਵਜੋਂ ਸਾਈਨ ਇਨ ਕਰੋ",
           "welcome": "ਮਾਪੇ ਅਤੇ ਦੇਖਭਾਲ ਕਰਨ ਵਾਲੇ", "landing": "ਤੁਹਾਡਾ ਬੱਚਾ"},
    "bn": {"sign_in": "বাবা-মা বা দেখাশোনাকারী হিসেবে সাইন ইন করুন",
           "welcome": "বাবা-মা ও দেখাশোনাকারীরা", "landing": "আপনার সন্তান"},
    "gu": {"sign_in": "માતા-પિતા અથવા સંભાળ રાખનાર તરીકે સાઇન ઇન કરો",
           "welcome": "માતા-પિતા અને સંભાળ રાખનારા", "landing": "તમારું બાળક"},
    "ar": {"sign_in": "سجّل الدخول كولي أمر أو مقدّم رعاية",
           "welcome": "أولياء الأمور ومقدّمو الرعاية", "landing": "طفلك"},
}
# Strings from the page frame and each page, looked up in the catalogue.
FRAME = ["Skip to main content", "About Bridgebook", "Support links"]
PAGE_STRINGS = {
    "sign_in": ["You do not need a password. We will send you a link and a code.",
                "Send me a link and a code", "Your email address or mobile number"],
    "welcome": ["School staff", "Sign in as a member of staff"],
    "landing": ["Home-school book", "Sign out"],
}


def in_language(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def page_for(world, lang, which):
    if which == "sign_in":
        response = in_language(signed_in(None), lang).get(reverse("accounts:family_sign_in"))
    elif which == "welcome":
        response = in_language(signed_in(None), lang).get(reverse("core:home"))
    else:
        response = in_language(signed_in(world.parent), lang).get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("which", ["sign_in", "welcome", "landing"])
@pytest.mark.parametrize("lang", FAMILY_LANGUAGES)
def test_family_pages_render_translated(compiled, world, lang, which):
    content = page_for(world, lang, which)
    assert f'lang="{lang}"' in content
    assert f'dir="{"rtl" if lang in RIGHT_TO_LEFT else "ltr"}"' in content
    assert EXPECTED[lang][which] in content
    with translation.override(lang):
        for english in FRAME + PAGE_STRINGS[which]:
            translated = translation.gettext(english)
            assert translated != english, f"{lang}: {english!r} is not translated"
            assert translated in content, f"{lang}: {translated!r} not on the {which} page"
            assert english not in content
    main = content.split('id="main-content"', 1)[1]
    assert not RAW_PLACEHOLDER.search(main), RAW_PLACEHOLDER.search(main).group(0)
    if which == "landing":
        assert world.pupil.display_name in content


def test_english_stays_english(compiled, world):
    content = page_for(world, "en-gb", "sign_in")
    assert 'lang="en-gb"' in content and 'dir="ltr"' in content
    assert "Sign in as a parent or carer" in content


def test_plural_forms_follow_each_language(compiled):
    with translation.override("pl"):
        forms = [translation.ngettext("%(counter)s new entry", "%(counter)s new entries", n)
                 % {"counter": n} for n in (1, 3, 5, 22)]
    assert forms == ["1 nowy wpis", "3 nowe wpisy", "5 nowych wpisów", "22 nowe wpisy"]
    with translation.override("ar"):
        assert translation.ngettext("%(counter)s reply", "%(counter)s replies", 2) \
            == "ردّان (%(counter)s)"
    with translation.override("gu"):
        forms = [translation.ngettext("%(counter)s new entry", "%(counter)s new entries", n)
                 % {"counter": n} for n in (1, 3)]
    assert forms == ["1 નવી નોંધ", "3 નવી નોંધો"]


@pytest.mark.parametrize("lang", FAMILY_LANGUAGES)
def test_the_two_family_inboxes_have_their_own_titles_in_each_language(compiled, world, lang):
    """Messages from school and conversations with school are told apart in every
    language, in the tab title as in the menu."""
    titles = []
    try:
        for url in (reverse("announcements:inbox"), reverse("messaging:inbox")):
            content = in_language(signed_in(world.parent), lang).get(url).content.decode()
            titles.append(re.search(r"<title>(.*?) – Bridgebook</title>", content).group(1))
    finally:
        translation.deactivate()   # LocaleMiddleware leaves the request's language active
    english = ["Messages from school", "Conversations with school"]
    with translation.override(lang):
        expected = [translation.gettext(title) for title in english]
    assert titles == expected
    assert titles[0] != titles[1]
    assert not set(titles) & set(english)
