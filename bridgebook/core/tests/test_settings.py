"""Settings read from the environment: production passes Django's deploy checks, and bad or
missing values stop start-up with a message that names the variable.

Each case starts ``manage.py`` in a fresh process, because settings are read once at import.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean slate: no Bridgebook settings, nor DJANGO_ALLOW_ASYNC_UNSAFE (which the browser
    # tests set for their own process and which check --deploy rightly objects to).
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("BRIDGEBOOK_", "DJANGO_"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


PRODUCTION = {
    "BRIDGEBOOK_PRODUCTION": "true",
    "BRIDGEBOOK_SECRET_KEY": secrets.token_urlsafe(50),
    "BRIDGEBOOK_ALLOWED_HOSTS": "school.example",
}


def test_production_mode_passes_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_development_defaults_pass_the_ordinary_checks():
    result = manage("check", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_boolean_must_be_true_or_false():
    result = manage("check", BRIDGEBOOK_DEBUG="yes")
    assert result.returncode != 0
    assert "BRIDGEBOOK_DEBUG must be 'true' or 'false', not 'yes'" in result.stderr


def test_a_number_must_be_a_number():
    result = manage("check", BRIDGEBOOK_SESSION_HOURS="twelve")
    assert result.returncode != 0
    assert "BRIDGEBOOK_SESSION_HOURS must be a whole number" in result.stderr


@pytest.mark.parametrize("missing, message", [
    ("BRIDGEBOOK_SECRET_KEY", "BRIDGEBOOK_SECRET_KEY must be set in production mode"),
    ("BRIDGEBOOK_ALLOWED_HOSTS", "BRIDGEBOOK_ALLOWED_HOSTS must be set in production mode"),
])
def test_production_refuses_to_start_without(missing, message):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_demo_mode():
    result = manage("check", BRIDGEBOOK_DEMO="true", **PRODUCTION)
    assert result.returncode != 0
    assert "cannot be combined with BRIDGEBOOK_DEBUG or BRIDGEBOOK_DEMO" in result.stderr


@pytest.mark.parametrize("env, shown", [
    ({}, "False"),                                   # a pilot left out of production mode
    ({"BRIDGEBOOK_DEMO": "true"}, "True"),           # the demo shows it
    ({"BRIDGEBOOK_DEMO": "true", "BRIDGEBOOK_OUTBOX_PAGE": "false"}, "False"),
])
def test_the_outbox_page_is_on_only_in_demo_mode(env, shown):
    """The outbox page shows sign-in links to anyone: only the demo has it by default."""
    result = manage("shell", "-c",
                    "from django.conf import settings; print(settings.BRIDGEBOOK_OUTBOX_PAGE)",
                    **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == shown


def test_collected_modules_import_each_other_by_their_hashed_names(settings, tmp_path):
    """A browser keeps each static file for a year under its hashed name, so one module
    must import another by that name too, or it may run with a stale copy of it."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "bridgebook.core.storage.StaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    [module] = (tmp_path / "bridgebook").glob("bridgebook.*.js")
    imported = re.findall(r'from "([^"]+)"', module.read_text())
    assert imported and all(re.search(r"\.[0-9a-f]{12}\.js$", name) for name in imported)
    assert all((module.parent / name).resolve().exists() for name in imported)
