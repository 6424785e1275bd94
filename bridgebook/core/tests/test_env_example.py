""".env.example documents every environment variable the settings read, names nothing they
do not, and its examples work: each line is valid for the shell that reads it, and the
messaging and translation examples pass the start-up checks."""

import ast
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
EXAMPLE = ROOT / ".env.example"
READERS = {"env_str", "env_bool", "env_int", "env_list"}
# Read outside config/settings.py: the browser tests' Chromium (bridgebook/browser_tests).
READ_ELSEWHERE = {"BRIDGEBOOK_CHROMIUM"}
ASSIGNMENT = re.compile(r"^#?([A-Z][A-Z0-9_]*)=(.*)$")


def settings_variables() -> set[str]:
    """Names passed to the typed readers of config/env.py in config/settings.py."""
    tree = ast.parse((ROOT / "config" / "settings.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in READERS):
            first = node.args[0]
            assert isinstance(first, ast.Constant), (
                f"line {node.lineno}: read a variable by its literal name, so it can be "
                f"documented")
            names.add(first.value)
    return names


def example_lines() -> list[tuple[str, str]]:
    """(name, value) of every assignment in .env.example, commented out or not."""
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = ASSIGNMENT.match(line)
        if match:
            lines.append((match.group(1), match.group(2)))
    return lines


def shell_value(raw: str) -> str:
    """What ``sh`` makes of ``NAME=raw`` (the demo script and systemd read the file so)."""
    result = subprocess.run(["sh", "-c", f"set -e; VALUE={raw}; printf %s \"$VALUE\""],
                            capture_output=True, text=True, timeout=10)
    assert result.returncode == 0 and result.stderr == "", (raw, result.stderr)
    return result.stdout


def test_the_settings_read_variables_through_the_typed_readers():
    names = settings_variables()
    assert {"BRIDGEBOOK_PRODUCTION", "BRIDGEBOOK_MESSAGING_JSON",
            "BRIDGEBOOK_TRANSLATION_BACKEND", "EMAIL_HOST"} <= names
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source


def test_every_variable_the_settings_read_is_in_env_example():
    documented = {name for name, _value in example_lines()}
    missing = sorted(settings_variables() - documented)
    assert missing == [], f"add these to .env.example: {missing}"


def test_env_example_names_only_variables_that_are_read():
    documented = {name for name, _value in example_lines()}
    unknown = sorted(documented - settings_variables() - READ_ELSEWHERE)
    assert unknown == [], f".env.example names variables nothing reads: {unknown}"


def test_every_example_is_valid_for_the_shell():
    for _name, raw in example_lines():
        shell_value(raw)


def _examples(name: str) -> list[str]:
    return [shell_value(raw) for found, raw in example_lines() if found == name]


def test_messaging_examples_pass_the_start_up_check(settings):
    from bridgebook.messaging.backends.config import check_messaging_settings

    examples = _examples("BRIDGEBOOK_MESSAGING_JSON")
    assert len(examples) >= 3
    seen = set()
    for raw in examples:
        config = json.loads(raw)
        # As config/settings.py builds it from the JSON.
        settings.BRIDGEBOOK_MESSAGING = {
            **config,
            "default": {"EMAIL": {"BACKEND": "bridgebook.messaging.backends.smtp.MailerBackend",
                                  "OPTIONS": {"MAILER": "default"}},
                        "SMS": settings.BRIDGEBOOK_SMS, **config.get("default", {})},
            "schools": config.get("schools", {}),
        }
        assert check_messaging_settings() == [], raw
        for school in config["schools"].values():
            seen |= {channel["BACKEND"].rsplit(".", 1)[-1] for key, channel in school.items()
                     if key in ("EMAIL", "SMS")}
    assert {"NotifySmsBackend", "NotifyEmailBackend", "TwilioSmsBackend",
            "MailerBackend"} <= seen


@pytest.mark.parametrize("name", ["BRIDGEBOOK_TRANSLATION_BACKEND"])
def test_translation_examples_name_real_backends(name):
    from bridgebook.translation.backends.base import backend_class

    examples = _examples(name)
    assert {"none", "libretranslate", "argos"} <= set(examples)
    for value in examples:
        assert backend_class(value).name == value
