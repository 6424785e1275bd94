"""Browser tests: Debian's Chromium driven by Playwright, every page checked with axe-core.

Playwright's own browser download does not work everywhere Bridgebook is built, so the tests
launch the system Chromium (BRIDGEBOOK_CHROMIUM overrides its path). axe-core comes from npm.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from bridgebook.translation.display import direction, labels

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# What a page shows after a POST (a send that writes each family's message, a PDF) may take
# longer than Playwright's 5 seconds while CI runs three workers on two cores: wait as long
# for it as for anything else (the tabs' default below).
expect.set_options(timeout=10_000)

CHROMIUM = os.environ.get("BRIDGEBOOK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser_tests" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
                    "(make test does this) or set BRIDGEBOOK_CHROMIUM.")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture(params=["phone", "desktop"])
def width(request):
    return request.param


@pytest.fixture
def page(browser, width, live_server):
    """A fresh browser tab at phone or desktop width, pointed at the live server."""
    context = browser.new_context(viewport=WIDTHS[width], base_url=live_server.url,
                                  locale="en-GB")
    context.set_default_timeout(10_000)
    # Loading a page that builds a PDF or sends to every family can take longer than a
    # click's wait while three test workers share two cores.
    context.set_default_navigation_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


def check_axe(page) -> None:
    """Run axe-core on the page as it is now; any WCAG 2.2 AA violation fails the test.

    A click just before may have started a navigation: the page is checked once it has
    loaded, and again from the start if the navigation replaces it mid-check."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE_SCRIPT))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [node["target"] for node in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], f"axe found problems on {page.url}:\n" + json.dumps(
        violations, indent=2)


def check_translated_then_original(page, language: str, translated: str, original: str):
    """The page's first machine translation is in ``language`` (its direction too), marked
    as such, with axe passing; a tap on "show the original" shows the original, in English
    left to right."""
    block = page.locator(".bb-translated").first
    expect(block).to_contain_text(translated)
    assert block.get_attribute("lang") == language
    assert block.get_attribute("dir") == direction(language)
    words = labels(language)
    expect(page.get_by_text(words["machine"]).first).to_be_visible()
    shown = page.locator(".bb-original").first
    expect(shown).to_be_hidden()
    check_axe(page)
    page.get_by_text(words["original"]).first.click()
    expect(shown).to_be_visible()
    expect(shown).to_contain_text(original)
    assert shown.get_attribute("lang") == "en" and shown.get_attribute("dir") == "ltr"


@pytest.fixture
def sign_in_as(live_server):
    """Give a browser tab a signed-in session (staff already past their second factor)."""

    def sign_in(page, user, *, interface_language: str | None = "en-gb") -> None:
        """Sign the tab in as ``user``, who has chosen ``interface_language`` with the
        language chooser (``None``: Bridgebook chooses, a family member's own language)."""
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if user.staff_roles.exists() or user.trust_admin_roles.exists():
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="browser",
                                                         confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                                   "url": live_server.url}])
        if interface_language is not None:
            page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME,
                                       "value": interface_language, "url": live_server.url}])

    return sign_in
