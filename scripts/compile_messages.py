#!/usr/bin/env python3
"""Compile the interface translations (locale/*/LC_MESSAGES/*.po) into .mo files with Babel.

GNU gettext (msgfmt) is not needed, so `make demo` works on a machine without it. Fuzzy
entries are left out, as msgfmt does; an untranslated entry simply shows in English.

    .venv/bin/python scripts/compile_messages.py            compile every catalogue
    .venv/bin/python scripts/compile_messages.py --check    also fail on placeholder mismatches
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"

# %(name)s, %(count)d, %s, %d (and not a literal %%).
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%")


# The number a plural form is chosen by: a form may leave it out ("one reply").
COUNTS = {"%(counter)s", "%(count)d", "%(count)s", "%(n)s", "%d", "%s"}


def placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def read_catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def placeholder_problems(path: Path) -> list[str]:
    """Every translation whose placeholders differ from its msgid's (msgid_plural for plurals)."""
    problems = []
    for message in read_catalog(path):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            singular, plural = message.id[0], message.id[1]
            wanted = set(placeholders(singular)) | set(placeholders(plural))
            for index, string in enumerate(message.string):
                if not string:
                    continue
                found = set(placeholders(string))
                names = set(placeholders(plural)) - COUNTS
                if not found <= wanted or not names <= found:
                    problems.append(f"{path}: {singular!r} msgstr[{index}] {string!r}")
        elif message.string and placeholders(message.string) != placeholders(message.id):
            problems.append(f"{path}: {message.id!r} -> {message.string!r}")
    return problems


def compile_catalog(path: Path) -> Path:
    catalog = read_catalog(path)
    target = path.with_suffix(".mo")
    # Written beside it and renamed, so a server or test reading the catalogue never sees
    # half a file.
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    with partial.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    os.replace(partial, target)
    return target


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
    problems: list[str] = []
    for path in paths:
        if check:
            problems += placeholder_problems(path)
        compile_catalog(path)
    for problem in problems:
        print(f"placeholder mismatch: {problem}", file=sys.stderr)
    print(f"compile_messages: {len(paths)} catalogue(s) compiled")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
