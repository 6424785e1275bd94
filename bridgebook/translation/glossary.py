"""Glossary terms: which apply to a school, and keeping them intact through translation.

Before text goes to a backend each glossary term in it becomes a numbered placeholder
(``[[G0]]``) that translation engines leave alone; afterwards the placeholder becomes the
agreed translation of the term in that language, or the term itself where none is agreed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from bridgebook.translation.models import GlossaryTerm

PLACEHOLDER = "[[G{}]]"
# Engines sometimes add spaces inside brackets; accept them on the way back.
PLACEHOLDER_RE = re.compile(r"\[\s*\[\s*G\s*(\d+)\s*\]\s*\]")


def terms_for_school(school) -> list[GlossaryTerm]:
    """The terms that apply at a school (its own, its trust's, the standard ones), one per
    name, the nearest winning. One query."""
    condition = Q(school__isnull=True, trust__isnull=True)
    if school is not None:
        condition |= Q(school=school) | Q(trust_id=school.trust_id)
    rank = {"school": 0, "trust": 1, "standard": 2}
    chosen: dict[str, GlossaryTerm] = {}
    for term in sorted(GlossaryTerm.objects.filter(condition), key=lambda t: rank[t.scope]):
        chosen.setdefault(term.term.casefold(), term)
    return sorted(chosen.values(), key=lambda t: t.term.casefold())


@dataclass
class Protected:
    text: str                                   # with placeholders
    found: list[tuple[GlossaryTerm, str]] = field(default_factory=list)  # (term, as written)


class Glossary:
    def __init__(self, terms: list[GlossaryTerm]):
        self.terms = terms
        self.by_name = {term.term.casefold(): term for term in terms}
        names = sorted(self.by_name, key=len, reverse=True)   # "annual review" before "review"
        self.pattern = (re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names)
                                   + r")(?!\w)", re.IGNORECASE) if names else None)

    @classmethod
    def for_school(cls, school) -> Glossary:
        return cls(terms_for_school(school))

    def term_at(self, match: re.Match) -> GlossaryTerm | None:
        """The term a match is, if it is one: an acronym (EHCP, SALT) only in capitals, so
        salt on chips is not a speech therapist; other terms in any case."""
        term = self.by_name.get(match.group(1).casefold())
        if term is None or (term.term.isupper() and match.group(1) != term.term):
            return None
        return term

    def find(self, text: str) -> list[GlossaryTerm]:
        if self.pattern is None or not text:
            return []
        return [term for m in self.pattern.finditer(text) if (term := self.term_at(m))]

    def protect(self, text: str) -> Protected:
        protected = Protected(text=text)
        if self.pattern is None:
            return protected

        def swap(match: re.Match) -> str:
            term = self.term_at(match)
            if term is None:
                return match.group(0)
            protected.found.append((term, match.group(1)))
            return PLACEHOLDER.format(len(protected.found) - 1)

        protected.text = self.pattern.sub(swap, text)
        return protected

    @staticmethod
    def restore(translated: str, protected: Protected, language: str) -> str:
        def back(match: re.Match) -> str:
            index = int(match.group(1))
            if index >= len(protected.found):
                return match.group(0)
            term, as_written = protected.found[index]
            return term.translations.get(language) or as_written

        return PLACEHOLDER_RE.sub(back, translated)
