"""The statements every NAS school's home-school agreement includes (the NAS Parents and
Schools in Partnership policy, section 4), and the check that a version has them.

Each statement has a key, so a school's own wording of one is recognised by the key it was
written from, and a conduct incident can name the statement it breaches. A key alone is not
enough: the school words each statement its own way, but a required statement must still
say what the policy requires, so each has a few essential words (``Essential``) its wording
must carry (any one of each word's forms). A statement that lost one was reworded beyond
recognition (``reworded``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Essential:
    """A word a required statement's wording must carry: ``word`` as staff read it (the
    agreement is written in English, so it is not translated), found when the wording has
    a word starting with one of ``forms`` ("threat" finds "threats" and "threatening")."""

    word: str
    forms: tuple[str, ...]

    def found_in(self, words: str) -> bool:
        return any(re.search(rf"\b{re.escape(form)}", words) for form in self.forms)


def _essential(word: str, *forms: str) -> Essential:
    return Essential(word, forms or (word,))


@dataclass(frozen=True)
class RequiredStatement:
    key: str
    section: str
    # What the statement must say, as the policy words it (the school may word it its own
    # way; the check looks for the key on one of the version's statements, and for the
    # essential words in its wording).
    text: str
    # A short name for lists ("Abusive conduct is not tolerated").
    name: str
    # The words its wording must carry, whatever else the school writes.
    essentials: tuple[Essential, ...] = field(default=())

    def lacking(self, wording: str) -> list[str]:
        """The essential words ``wording`` does not carry (empty: it says what it must)."""
        words = _normalised(wording)
        return [essential.word for essential in self.essentials
                if not essential.found_in(words)]


def _normalised(text: str) -> str:
    """Lower case, every run of punctuation a space ("Social-media" reads "social media")."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _statements() -> tuple[RequiredStatement, ...]:
    return (
        RequiredStatement(
            "collaboration", "aims",
            _("The parents/carers and school will work collaboratively, each respecting the "
              "contribution of the other in the development of a person-centred approach "
              "to learning."),
            _("Working together"),
            (_essential("together", "together", "collaborat", "partnership"),
             _essential("respect"),
             _essential("learning", "learn"))),
        RequiredStatement(
            "reasonable_wishes", "school",
            _("The school will endeavour to accommodate reasonable parental wishes relative "
              "to that person-centred approach, taking into account the needs of all pupils, "
              "the level of staffing and service purchased by the commissioning authority, "
              "and the facilities available to the school."),
            _("Reasonable wishes of parents and carers"),
            (_essential("reasonable", "reasonabl"),
             _essential("wishes", "wish", "ask", "request"),
             _essential("all pupils", "all pupils", "other pupils", "other children"))),
        RequiredStatement(
            "no_abuse", "family",
            _("Harassment, intimidation, threatening behaviour, physical violence and other "
              "forms of abusive conduct (including by way of social media like Facebook and "
              "twitter) will not be tolerated, and may lead to police involvement."),
            _("Abusive conduct is not tolerated"),
            (_essential("harassment", "harass"),
             _essential("intimidation", "intimidat"),
             _essential("threatening", "threat"),
             _essential("violence", "violen"),
             _essential("abusive", "abus"),
             _essential("social media", "social media"))),
        RequiredStatement(
            "understanding_procedures", "school",
            _("The school will support parents/carers in understanding procedures, how to "
              "access support, and will be given documents to be discussed prior to "
              "meetings."),
            _("Help with procedures and papers before meetings"),
            (_essential("understanding", "understand"),
             _essential("support"),
             _essential("documents", "document", "paper"),
             _essential("meetings", "meeting"))),
        RequiredStatement(
            "reviews_and_functions", "school",
            _("Parents/Carers will be invited to attend their child's annual review/EHCP "
              "meetings, informal and formal school functions as appropriate."),
            _("Invitations to reviews and school functions"),
            (_essential("invited", "invit"),
             _essential("review", "review", "ehcp"),
             _essential("functions", "function", "event"))),
        RequiredStatement(
            "respond_positively", "school",
            _("The school will respond positively to parental/carer input and regularly "
              "review the effectiveness of informal/formal home/school liaison."),
            _("Responding to what families say"),
            (_essential("respond", "respon"),
             _essential("positively", "positiv"),
             _essential("regularly", "regular"))),
        RequiredStatement(
            "raise_concerns", "family",
            _("Parents/carers/schools are encouraged to raise any concerns with class or "
              "residential staff. Appointments can be made to meet with specific staff "
              "members at mutually convenient times."),
            _("Raising concerns and making appointments"),
            (_essential("concerns", "concern", "worr"),
             _essential("staff"),
             _essential("appointments", "appointment", "meet"))),
        RequiredStatement(
            "regular_liaison", "school",
            _("Regular liaison will be developed in appropriate areas. This could include "
              "home/school diaries, reports, visits, workshops, reviews, parents evening, "
              "telephone calls, literature, information, support groups, coffee mornings "
              "and social events."),
            _("Regular liaison"),
            (_essential("regular", "regular"),
             _essential("liaison", "liaison", "in touch", "contact"))),
        RequiredStatement(
            "clear_reports", "school",
            _("Written reports will be provided in a clear professional style avoiding the "
              "use of jargon. Depending on the type of, and reason for the report reference "
              "may be made to academic and/or any other special achievements and progress, "
              "activities that have taken place, general health, food intake, reference to "
              "incidents/accidents and any other relevant information."),
            _("Clear reports without jargon"),
            (_essential("reports", "report"),
             _essential("jargon", "jargon", "plain", "clear"))),
    )


REQUIRED = _statements()
BY_KEY = {statement.key: statement for statement in REQUIRED}
KEY_CHOICES = [(statement.key, statement.name) for statement in REQUIRED]


def missing(keys) -> list[RequiredStatement]:
    """The required statements not among ``keys`` (the nas_key of a version's statements),
    in the policy's order."""
    present = set(keys)
    return [statement for statement in REQUIRED if statement.key not in present]


@dataclass(frozen=True)
class Reworded:
    """A required statement whose wording lost essential words (``lacking``)."""

    required: RequiredStatement
    lacking: list[str]


def reworded(wordings) -> list[Reworded]:
    """The required statements there (``wordings``: (nas_key, text) of a version's
    statements) whose wording lost any of their essential words, in the policy's order. A
    school that says one in two statements with the same key is read as one wording."""
    texts: dict[str, list[str]] = {}
    for key, text in wordings:
        if key in BY_KEY:
            texts.setdefault(key, []).append(text)
    found = []
    for statement in REQUIRED:
        if statement.key not in texts:
            continue
        lacking = statement.lacking(" ".join(texts[statement.key]))
        if lacking:
            found.append(Reworded(statement, lacking))
    return found
