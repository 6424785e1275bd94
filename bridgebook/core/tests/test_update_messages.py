"""scripts/update_messages.py keeps the committed header and brace flags and drops obsolete
entries from what makemessages writes."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "update_messages.py"
spec = importlib.util.spec_from_file_location("update_messages", SCRIPT)
update_messages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_messages)

BEFORE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : 1);\\n"

#: bridgebook/diary/models.py:155
#, python-brace-format
msgid "{\\"lunch\\": \\"most\\"}"
msgstr "{\\"lunch\\": \\"most\\"}"

msgid "Old"
msgstr "Stare"
'''

AFTER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: bridgebook/diary/models.py:160
msgid "{\\"lunch\\": \\"most\\"}"
msgstr "{\\"lunch\\": \\"most\\"}"

#: bridgebook/core/views.py:3
msgid "New"
msgstr ""

#~ msgid "Old"
#~ msgstr "Stare"
'''


def test_restore_keeps_header_and_flags_and_drops_obsolete_entries():
    restored = update_messages.restore(BEFORE, AFTER)
    assert restored.startswith(update_messages.header(BEFORE))
    assert "nplurals=3" in restored and "nplurals=2" not in restored
    assert '#: bridgebook/diary/models.py:160\n#, python-brace-format\nmsgid "{' in restored
    assert 'msgid "New"\nmsgstr ""' in restored
    assert "#~" not in restored and restored.endswith("\n")
