"""Every route of the URLconf against every persona, from the table in route_rules.py.

The routes are read from the URLconf itself, so a route nobody wrote a rule for fails
``test_every_route_has_a_rule`` (naming it), and a rule for a route that is gone fails
``test_every_rule_is_for_a_route``. Each route is then one test: the world is built once,
every persona makes each of the route's requests, and every answer that differs from the
table is listed together.

Besides the status, nobody may read what is not theirs on a page they are given: a
restricted contact nothing of the child, their family or school (route_rules.MUST_NOT_READ).

Where the code answers a persona wrongly (the table says what the product promises), the
case names that persona in ``findings``: ``test_known_finding`` expects it to fail until the
code is fixed (strict, so the fix makes it fail until the finding is taken out).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, re_path, reverse
from django.urls.resolvers import RegexPattern
from django.views.static import serve

from bridgebook.conftest import EVERY_PERSONA as PERSONAS
from bridgebook.conftest import World, persona, signed_in
from bridgebook.core.tests.route_rules import (
    LOGIN,
    MUST_NOT_READ,
    OK,
    RULES,
    Case,
    Outcome,
    Records,
)

# Left out of the table, as they are not Bridgebook's pages:
# - django-admin/ (namespace "admin"): Django's admin site has its own gate (``is_staff``
#   and its own sign-in page) and its own tests (each app's test_admin.py);
# - static files, uploaded media and developer tools ("djdt", "__debug__/", "__reload__/"):
#   they exist only in development (DEBUG), and hold nothing about anyone: photos and other
#   uploads are never served from MEDIA_URL, only through views that check (config/urls.py).
SKIPPED_NAMESPACES = frozenset({"admin", "djdt"})
SKIPPED_PREFIXES = ("django-admin/", "static/", "media/", "__debug__/", "__reload__/")
SKIPPED_VIEW_MODULES = ("django.views.static", "django.contrib.staticfiles.views")


# Reading the URLconf ---------------------------------------------------------------------

def route_names(resolver: URLResolver | None = None) -> list[str]:
    """Every route of the URLconf (the project's, or ``resolver``'s) as
    ``"namespace:name"``, sorted; an unnamed route as ``"<unnamed> its/path/"`` (so the
    table cannot have a rule for it, and it is reported)."""
    names: set[str] = set()
    _walk(resolver or get_resolver(), namespaces=(), prefix="", found=names)
    return sorted(names)


def _walk(resolver: URLResolver, *, namespaces: tuple[str, ...], prefix: str,
          found: set[str]) -> None:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            _walk(entry, namespaces=inner, prefix=route, found=found)
        elif isinstance(entry, URLPattern):
            if getattr(entry.callback, "__module__", "").startswith(SKIPPED_VIEW_MODULES):
                continue
            if entry.name is None:
                found.add(f"<unnamed> {route}")
            else:
                found.add(":".join((*namespaces, entry.name)))


def unlisted_routes(resolver: URLResolver | None, rules: Mapping) -> list[str]:
    """The routes of the URLconf that have no rule in ``rules``."""
    return [name for name in route_names(resolver) if name not in rules]


def stale_rules(resolver: URLResolver | None, rules: Mapping) -> list[str]:
    """The rules in ``rules`` for routes the URLconf no longer has."""
    routes = set(route_names(resolver))
    return sorted(name for name in rules if name not in routes)


# Asking and comparing --------------------------------------------------------------------

def _redirect_path(response: HttpResponse) -> str | None:
    if response.status_code in (301, 302, 303, 307, 308):
        return urlsplit(response["Location"]).path
    return None


def matches(expected: Outcome, response: HttpResponse) -> bool:
    """Whether the answer is what the table says: a status, ``LOGIN`` (sent to sign in) or
    ``OK`` (a page, or a redirect anywhere but to sign in: a form's "done" redirect, or
    the next step of signing in)."""
    target = _redirect_path(response)
    sign_in = resolve_url(settings.LOGIN_URL)
    if expected == LOGIN:
        return target == sign_in and "next=" in response["Location"]
    if expected == OK:
        if target is not None:
            return target != sign_in
        return response.status_code in (200, 204)
    return response.status_code == expected


def read_aloud(words: list[str], response: HttpResponse) -> list[str]:
    """Which of ``words`` a page given to someone says."""
    if not words or not 200 <= response.status_code < 300:
        return []
    if response.streaming or not response.get("Content-Type", "").startswith("text/"):
        return []
    text = response.content.decode(response.charset or "utf-8", errors="replace")
    return [word for word in words if re.search(rf"\b{re.escape(word)}\b", text)]


def _hidden(world: World, name: str, case: Case, records: Records) -> list[str]:
    """What ``name`` must not read in the case's answer: never (MUST_NOT_READ) and here
    (``case.hidden``, whose records are made now, before the request)."""
    words = MUST_NOT_READ[name](world) if name in MUST_NOT_READ else []
    if name in case.hidden:
        words = [*words, *case.hidden[name](records)]
    return words


def describe(response: HttpResponse) -> str:
    target = _redirect_path(response)
    if target is None:
        return str(response.status_code)
    return f"{response.status_code} → {response['Location']}"


def _client(world: World, name: str, records: Records, case: Case,
            clients: dict[str, Client]) -> Client:
    """The persona's client (one per test), with what the case puts in their session."""
    if name not in clients:
        clients[name] = signed_in(persona(world, name))
    client = clients[name]
    if case.session is not None:
        extra = case.session(records, name)
        if extra:
            session = client.session
            session.update(extra)
            session.save()
    return client


def _ask(client: Client, case: Case, url: str) -> HttpResponse:
    with override_settings(**case.settings):
        return getattr(client, case.method.lower())(url)


def _url(route: str, args: Sequence) -> str:
    return reverse(route, args=list(args))


def _table(route: str, rows: list[tuple[str, str, Outcome, str]]) -> str:
    header = ("case", "persona", "expected", "got")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
    lines = [f"{route}: {len(rows)} persona(s) got what the table does not say"]
    for row in [header, *rows]:
        lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths,
                                                                               strict=True)))
    return "\n".join(lines)


# The table against the URLconf ------------------------------------------------------------

def test_every_route_has_a_rule():
    missing = unlisted_routes(None, RULES)
    assert not missing, (
        "These routes have no rule in bridgebook/core/tests/route_rules.py RULES: say what "
        "each persona gets from them.\n  " + "\n  ".join(missing))


def test_every_rule_is_for_a_route():
    stale = stale_rules(None, RULES)
    assert not stale, ("route_rules.py RULES has rules for routes the URLconf does not have "
                       "(renamed or removed?):\n  " + "\n  ".join(stale))


def test_every_case_says_what_every_persona_gets():
    problems = []
    for route, cases in RULES.items():
        assert cases, route
        labels = [case.label for case in cases]
        if len(set(labels)) != len(labels):
            problems.append(f"{route}: two cases with the same label")
        for case in cases:
            if set(case.expect) != set(PERSONAS):
                problems.append(f"{route} / {case.label}: personas "
                                f"{sorted(set(PERSONAS) ^ set(case.expect))}")
            if not set(case.findings) <= set(PERSONAS):
                problems.append(f"{route} / {case.label}: findings for unknown personas")
            if case.method not in ("GET", "POST"):
                problems.append(f"{route} / {case.label}: method {case.method}")
    assert not problems, "\n".join(problems)


def _page(request):  # pragma: no cover - never requested
    return HttpResponse()


def _with(*extra) -> URLResolver:
    """The project's URLconf with ``extra`` patterns after it, as a new app would add."""
    return URLResolver(RegexPattern(r"^/"), [*get_resolver().url_patterns, *extra])


def test_a_new_apps_route_without_a_rule_is_caught():
    trips = ([path("schools/<str:urn>/trips/<int:pk>/", _page, name="trip")], "trips")
    resolver = _with(path("", include(trips)))

    assert unlisted_routes(resolver, RULES) == ["trips:trip"]
    assert unlisted_routes(resolver, {**RULES, "trips:trip": ()}) == []


def test_an_unnamed_route_is_caught():
    resolver = _with(path("trips/", _page))

    assert unlisted_routes(resolver, RULES) == ["<unnamed> trips/"]


def test_a_rule_for_a_route_that_is_gone_is_caught():
    assert stale_rules(None, {**RULES, "trips:trip": ()}) == ["trips:trip"]


def test_djangos_admin_and_development_files_are_left_out():
    assert any(getattr(entry, "namespace", None) == "admin"
               for entry in get_resolver().url_patterns)
    resolver = _with(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": "/nowhere"}))

    names = route_names(resolver)

    assert not [name for name in names if name.startswith("admin:") or "media/" in name]
    assert "core:home" in names


# Every route against every persona -------------------------------------------------------

@pytest.mark.parametrize("route", sorted(RULES))
def test_route_access(world, every_persona, route):
    if route not in route_names():
        pytest.fail(f"{route} is not in the URLconf (see test_every_rule_is_for_a_route)")
    wrong: list[tuple[str, str, Outcome, str]] = []
    clients: dict[str, Client] = {}
    for case in RULES[route]:
        # What a GET reads is made once; a POST may change it, so each persona has its own.
        shared = Records(world)
        url = _url(route, case.args(shared)) if case.method == "GET" else None
        # Everything the personas must not read exists before anyone asks.
        hidden = {name: _hidden(world, name, case, shared) for name in PERSONAS}
        for name in PERSONAS:
            if name in case.findings:
                continue  # test_known_finding
            records = shared
            if case.method != "GET":
                records = Records(world)
                hidden[name] = _hidden(world, name, case, records)
            response = _ask(_client(world, name, records, case, clients), case,
                            url or _url(route, case.args(records)))
            if not matches(case.expect[name], response):
                wrong.append((case.label, name, case.expect[name], describe(response)))
            elif said := read_aloud(hidden[name], response):
                wrong.append((case.label, name, case.expect[name],
                              f"{describe(response)} naming {', '.join(said)}"))
    if wrong:
        pytest.fail(_table(route, wrong), pytrace=False)


def _findings():
    for route, cases in sorted(RULES.items()):
        for case in cases:
            for name, why in case.findings.items():
                yield pytest.param(route, case.label, name, id=f"{route}-{case.label}-{name}",
                                   marks=pytest.mark.xfail(strict=True, reason=why))


@pytest.mark.parametrize("route,label,name", list(_findings()))
def test_known_finding(world, every_persona, route, label, name):
    case = next(case for case in RULES[route] if case.label == label)
    records = Records(world)
    hidden = _hidden(world, name, case, records)
    response = _ask(_client(world, name, records, case, {}), case,
                    _url(route, case.args(records)))
    assert matches(case.expect[name], response), (
        f"{route} / {label} / {name}: expected {case.expect[name]}, got {describe(response)}")
    assert not read_aloud(hidden, response)




