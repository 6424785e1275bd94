#!/usr/bin/env python3
"""Bring new interface strings into the catalogues, keeping what Django's makemessages loses.

    .venv/bin/python scripts/update_messages.py

Runs ``manage.py makemessages`` for every interface language (GNU gettext's xgettext and
msgmerge must be installed: ``apt-get install gettext``), then puts back what it would
otherwise change in every catalogue:

- the header as committed (makemessages rewrites the plural rule and the charset line);
- a ``python-brace-format`` flag an entry carried before (msgmerge drops it from entries
  whose text only looks like a brace format, such as the book's JSON examples);
- no obsolete ``#~`` entries: a string no longer used is removed, not kept commented out.

New strings arrive with an empty translation, or marked fuzzy where msgmerge guessed one
from a similar string; translate them, clear the fuzzy mark, then compile with
``scripts/compile_messages.py`` (bridgebook/core/tests/test_translations.py refuses fuzzy
entries and family-facing strings left untranslated).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ["pl", "ur", "ro", "pa", "ar", "pt", "es", "bn", "gu"]
IGNORE = [".venv", "node_modules", "build"]
BRACE = "#, python-brace-format"


def header(text: str) -> str:
    """The first entry (msgid "") with its comments: everything before the first blank line."""
    return text[:text.index("\n\n") + 2]


def entries(text: str) -> list[str]:
    return text[text.index("\n\n") + 2:].split("\n\n")


def msgid_of(entry: str) -> str | None:
    match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.MULTILINE)
    return match.group(1).strip() if match else None


def restore(before: str, after: str) -> str:
    """``after`` (makemessages' output) with ``before``'s header and brace flags, and no
    obsolete entries."""
    braced = {msgid_of(entry) for entry in entries(before) if BRACE in entry.split("\n")}
    kept = []
    for entry in entries(after):
        if entry.lstrip().startswith("#~"):
            continue
        lines = entry.split("\n")
        if msgid_of(entry) in braced and BRACE not in lines:
            first = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
            lines.insert(first, BRACE)
        kept.append("\n".join(lines))
    return header(before) + "\n\n".join(kept).rstrip("\n") + "\n"


def main() -> int:
    paths = {code: LOCALE / code / "LC_MESSAGES" / "django.po" for code in LANGUAGES}
    before = {code: path.read_text(encoding="utf-8") for code, path in paths.items()}
    command = [sys.executable, str(ROOT / "manage.py"), "makemessages", "--no-obsolete"]
    command += [f"--locale={code}" for code in LANGUAGES]
    command += [f"--ignore={name}" for name in IGNORE]
    subprocess.run(command, cwd=ROOT, check=True)
    for code, path in paths.items():
        path.write_text(restore(before[code], path.read_text(encoding="utf-8")),
                        encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        fuzzy = text.count("#, fuzzy")
        untranslated = len(re.findall(r'^msgstr ""\n\n', text, re.MULTILINE))
        print(f"{code}: {fuzzy} fuzzy, about {untranslated} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
