"""Benchmark: the main pages under load, served by gunicorn as a deployment serves them.

    make bench        (or: .venv/bin/python bench/bench_load.py [--pupils N] [--days D]
                       [--seconds S] [--rate-seconds S] [--mix-seconds S]
                       [--connections C] [--keep] [--reuse URL] [--no-save])

PostgreSQL only: a fresh database ``bench_load`` on the server at 127.0.0.1:5432 (or
``BENCH_POSTGRES_URL``; the exit status is 1 when no server answers), dropped at the end.
A child process migrates it, seeds the trust of 20 schools and 2,000 pupils and a school
year of the book (as bench_book.py does), ANALYZEs it, and then, at Mapledown (the demo's
story school), makes signed-in sessions for four people:

- a parent: Agnieszka Nowak, mother of Zofia (Rowan) and Jakub (Cedar);
- Zofia's class teacher, the office (the school business manager) and the principal,
  each past their second factor (a confirmed TOTP device on the session).

The principal sends an announcement to the whole school through the announcements app's
actions (``do_save_draft``, ``do_send``), and Django's immediate task backend delivers it
at once to the local outbox, so its report shows real delivery rows. The child writes the
pages below, each with its session cookie and a text it must show.

The pages: ``/healthz``, ``/about/`` (the floor: a template page, nobody signed in), the
parent's landing page, Zofia's book as her parent, the family inbox, the teacher's landing
page, Zofia's book as her teacher, her class's page for the last school day, the office's
and the principal's landing pages, and the announcement's report as the principal.

The static files are collected (into STATIC_ROOT, ``staticfiles/``) and gunicorn serves
the database as the README's deployment does: production mode, ``--workers 2`` (the sync
worker, which closes the connection after each answer), the cache in the database, static
files from WhiteNoise, no access log. Each request carries ``X-Forwarded-Proto: https`` as
the TLS proxy in front would send it. Every page is fetched once first: it must answer 200
(not a redirect to signing in) and show its text, or nothing is measured. Then, per page:

1. flat out: ``wrk`` with ``--connections`` connections (4) for ``--seconds`` (10), after
   a 2-second warm-up: requests a second, and that rate as a share of ``/about/``'s,
   measured in the same run. A Lua script counts every answer other than 200 (wrk itself
   counts a redirect as a success);
2. alone at 10 requests a second for ``--rate-seconds`` (10), open loop: ``h2load --h1 -r
   1 --rate-period 100ms -c N -n N`` opens one connection per request on its schedule,
   whether or not earlier requests have been answered, so a slow answer does not hold back
   the next request (no coordinated omission; against a server taking 200 ms per request
   at 10 a second, h2load still started one every 100 ms and the waits grew). p50 and p95
   come from its per-request log (start, status, microseconds to the end of the answer);
3. the main pages (all but /healthz and /about/) at once, at 50 requests a second in all
   for ``--mix-seconds`` (30): one h2load a page, open loop as above, started 1/50 s apart;
   each page's p95 and the whole mix's.

Page weight for families on capped mobile data, for the parent's landing page and
Zofia's book: the HTML, gzipped at level 5 as the nginx in front does it (README, "Running
in production"), and every asset the page loads (stylesheets, icons, scripts and the
modules they import, images, ``url(...)`` in the stylesheets), each fetched from gunicorn
with ``Accept-Encoding: gzip, br`` and counted as received: headers and body. First load
is all of that; a return visit, the next day, fetches the HTML again and each asset whose
``Cache-Control`` does not keep it for a day (revalidated where it has an ETag or a date:
the 304 is counted).

Aims: each landing page at least 0.25 of /about/'s flat-out rate; the two book pages, the
class day, the inbox and the report at least 0.10; p95 under 50 ms for each main page in
the mix; a first load under 150 KB and a return visit under 60 KB (KB: 1,000 bytes).
Figures are merged into bench/results.json under ``load_<page>``, ``load_mix`` and
``load_weight_<page>``. The exit status is 1 when an aim is missed or any request failed.

Needs ``wrk`` and ``h2load`` (Debian: ``apt-get install wrk nghttp2-client``;
``scripts/bootstrap.sh --bench`` installs them). ``--keep`` keeps the database and prints
how to serve it again, with the sessions, for profiling. ``--reuse URL`` measures a
database seeded the same way instead, adding only sessions and (once) the announcement,
and leaves it in place.
"""

import argparse
import contextlib
import datetime
import gzip
import http.client
import json
import logging
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from common import analyze, drop_postgres, percentile, postgres_url, say
from results import RESULTS, merge_results

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_load"
SCHOOLS = 20
WORKERS = 2
WARMUP_SECONDS = 2
ALONE_RATE = 10   # requests a second, each page alone
MIX_RATE = 50     # requests a second, the main pages together
FLOOR = "about"
# The flat-out rate each main page must reach, as a share of /about/'s.
SHARE_AIMS = {
    "parent_home": 0.25, "parent_book": 0.10, "inbox": 0.10,
    "teacher_home": 0.25, "teacher_book": 0.10, "class_day": 0.10,
    "office_home": 0.25, "principal_home": 0.25, "report": 0.10,
}
AIM_MIX_P95_MS = 50
WEIGHED = ["parent_home", "parent_book"]
AIM_FIRST_LOAD_KB = 150
AIM_RETURN_VISIT_KB = 60
KB = 1000
# A return visit is the next day: an asset kept for less is asked for again.
RETURN_AFTER_SECONDS = 24 * 3600
# What the nginx in front gzips (README, "Running in production"); it always gzips HTML.
PROXY_GZIP_TYPES = {"text/html", "text/css", "application/javascript", "image/svg+xml"}
PROXY_GZIP_LEVEL = 5
SUBJECT = "School closed on Monday"
BODY = "The school is closed on Monday for staff training. See you on Tuesday."
# Count every answer other than 200: wrk counts a redirect as a success.
STATUS_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) wrong = 0; first = 0 end
function response(status, headers, body)
  if status ~= 200 then
    wrong = wrong + 1
    if first == 0 then first = status end
  end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("not 200: %d %d\\n", thread:get("wrong"), thread:get("first")))
  end
end
"""


# The parent: seed, serve, measure, report -------------------------------------------------

def django_env(url: str, secret: str, **settings: str) -> dict:
    """Django on the benchmark's database with the embedded defaults (the cache in the
    database, the local outbox, no machine translation) whatever this shell has set, and
    one secret key, so the child's sessions are good in gunicorn."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("BRIDGEBOOK_", "EMAIL_", "REDIS_URL"))}
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url,
            "BRIDGEBOOK_SECRET_KEY": secret, **settings}


def production_env(url: str, secret: str) -> dict:
    return django_env(url, secret, BRIDGEBOOK_PRODUCTION="true",
                      BRIDGEBOOK_ALLOWED_HOSTS="127.0.0.1", BRIDGEBOOK_LOG_LEVEL="WARNING")


def run_child(url: str, secret: str, args, workdir: Path) -> dict:
    out = workdir / "pages.json"
    env = django_env(url, secret, BRIDGEBOOK_DEBUG="false", PYTHONUNBUFFERED="1",
                     BRIDGEBOOK_TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend")
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--out", str(out),
               "--pupils", str(args.pupils), "--days", str(args.days)]
    if args.reuse:
        command += ["--reuse", args.reuse]
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(url: str, secret: str, workdir: Path):
    """gunicorn on a free port, as deployed; yields its base URL once /healthz answers."""
    env = production_env(url, secret)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   env=env, cwd=ROOT, check=True)
    port = free_port()
    log = workdir / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log, "w") as errors:
        server = subprocess.Popen(
            # Its log shows only problems; no control socket, so another gunicorn on this
            # machine (someone profiling) keeps its own.
            [str(gunicorn), "config.wsgi", "--workers", str(WORKERS),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--no-control-socket"],
            env=env, cwd=ROOT, stdout=errors, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if fetch(base, "/healthz").status == 200:
                    break
            time.sleep(0.2)
        say("load", f"gunicorn ({WORKERS} sync workers, production mode) at {base}")
        yield base
    finally:
        server.terminate()
        server.wait()
        problems = log.read_text().strip()
        if problems:
            say("load", f"gunicorn logged:\n{problems[-3000:]}")


class Answer:
    """A response as it came over the wire: status, headers and body (de-chunked, still
    compressed if it was sent compressed), and the bytes its headers took."""

    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = {name.lower(): value for name, value in response.getheaders()}
        self.header_bytes = (len(f"HTTP/1.1 {response.status} {response.reason}\r\n")
                             + sum(len(f"{name}: {value}\r\n")
                                   for name, value in response.getheaders()) + 2)
        self.body = response.read()

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def encoding(self) -> str:
        return self.headers.get("content-encoding", "")

    @property
    def proxy_gzips(self) -> bool:
        return not self.encoding and self.media_type in PROXY_GZIP_TYPES

    def text(self) -> str:
        body = self.body
        if self.encoding == "gzip":
            body = gzip.decompress(body)
        elif self.encoding == "br":
            import brotli  # WhiteNoise sends brotli only when this package is installed

            body = brotli.decompress(body)
        return body.decode()

    def received(self) -> int:
        """Bytes a browser receives through the proxy: the proxy gzips what it is told to
        and what nothing compressed before it."""
        body = len(self.body)
        if self.proxy_gzips:
            body = len(gzip.compress(self.body, compresslevel=PROXY_GZIP_LEVEL))
        return self.header_bytes + body


def fetch(base: str, path: str, *, cookie: str = "", headers: dict | None = None) -> Answer:
    """GET ``path`` as through the TLS proxy; redirects are not followed."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    sent = {"X-Forwarded-Proto": "https", **(headers or {})}
    if cookie:
        sent["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=sent)
        return Answer(connection.getresponse())
    finally:
        connection.close()


def check_pages(base: str, pages: list[dict]) -> dict[str, int]:
    """Fetch each page once: 200 and its text, or stop. Returns each page's HTML bytes."""
    sizes = {}
    for page in pages:
        answer = fetch(base, page["path"], cookie=page["cookie"])
        where = f"{page['name']} ({page['path']}, {page['who']})"
        if answer.status != 200:
            location = answer.headers.get("location")
            raise SystemExit(f"{where} answered {answer.status}"
                             + (f", redirecting to {location}" if location else "")
                             + ": nothing was measured.")
        if page["expect"] not in answer.text():
            raise SystemExit(f"{where} does not show {page['expect']!r}: nothing was measured.")
        sizes[page["name"]] = len(answer.body)
    return sizes


# Page weight

class PageAssets(HTMLParser):
    """What a browser fetches for a page: stylesheets, icons, scripts and images."""

    LINKS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload"}

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []   # (reference, "css", "module" or "file")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = set((attrs.get("rel") or "").lower().split())
        if tag == "link" and attrs.get("href") and rel & self.LINKS:
            self.found.append((attrs["href"], "css" if "stylesheet" in rel else "file"))
        elif tag == "script" and attrs.get("src"):
            self.found.append((attrs["src"], "module" if attrs.get("type") == "module"
                               else "file"))
        elif tag == "img" and attrs.get("src"):
            self.found.append((attrs["src"], "file"))


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
MODULE_IMPORT = re.compile(
    r"""(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+?from\s*)?["']([^"']+)["']""")


def page_weight(base: str, page: dict) -> dict:
    """The bytes a family's phone receives for the page on a first and a return visit."""
    page_url = urljoin(base, page["path"])
    html = fetch(base, page["path"], cookie=page["cookie"])
    parser = PageAssets()
    parser.feed(html.text())
    queue = [(urljoin(page_url, ref), kind) for ref, kind in parser.found]
    seen, assets, problems = set(), [], []
    while queue:
        url, kind = queue.pop(0)
        url = url.split("#")[0]
        if url in seen or urlsplit(url).netloc != urlsplit(base).netloc:
            continue   # fetched already, or a data: URI or another site (none today)
        seen.add(url)
        path = urlsplit(url)._replace(scheme="", netloc="").geturl()
        answer = fetch(base, path, cookie=page["cookie"],
                       headers={"Accept-Encoding": "gzip, br"})
        if answer.status != 200:
            problems.append(f"{path} answered {answer.status}")
            continue
        if kind == "css":
            queue += [(urljoin(url, ref), "file") for _quote, ref in CSS_URL.findall(
                answer.text()) if not ref.startswith(("data:", "#"))]
        elif kind == "module":
            queue += [(urljoin(url, ref), "module")
                      for ref in MODULE_IMPORT.findall(answer.text())]
        assets.append({"path": path, "type": answer.media_type,
                       "encoding": answer.encoding or ("gzip by the proxy"
                                                        if answer.proxy_gzips else "none"),
                       "bytes": answer.received(),
                       "cache_control": answer.headers.get("cache-control", ""),
                       "return_visit_bytes": return_visit(base, path, page["cookie"], answer)})
    again = fetch(base, page["path"], cookie=page["cookie"]).received()
    first = html.received() + sum(asset["bytes"] for asset in assets)
    after = again + sum(asset["return_visit_bytes"] for asset in assets)
    within = (not problems and first < AIM_FIRST_LOAD_KB * KB
              and after < AIM_RETURN_VISIT_KB * KB)
    return {"path": page["path"], "html_bytes": len(html.body), "html_gzip_bytes":
            html.received(), "first_load_bytes": first, "return_visit_bytes": after,
            "assets": assets, "problems": problems,
            "aim": {"first_load_kb": AIM_FIRST_LOAD_KB,
                    "return_visit_kb": AIM_RETURN_VISIT_KB},
            "within_aim": within}


def return_visit(base: str, path: str, cookie: str, first: Answer) -> int:
    """What a return visit the next day receives for an asset: nothing if it is kept a
    day, a revalidation (304) if it can be, else all of it again."""
    cache = {part.strip().split("=")[0]: part.strip().partition("=")[2]
             for part in first.headers.get("cache-control", "").lower().split(",")}
    max_age = int(cache["max-age"]) if cache.get("max-age", "").isdigit() else 0
    if max_age >= RETURN_AFTER_SECONDS and not {"no-cache", "no-store"} & cache.keys():
        return 0
    validators = {}
    if "etag" in first.headers and "no-store" not in cache:
        validators["If-None-Match"] = first.headers["etag"]
    if "last-modified" in first.headers and "no-store" not in cache:
        validators["If-Modified-Since"] = first.headers["last-modified"]
    if not validators:
        return first.received()
    return fetch(base, path, cookie=cookie,
                 headers={"Accept-Encoding": "gzip, br", **validators}).received()


# Load

def flat_out(base: str, page: dict, args, script: Path) -> dict:
    """Requests a second with ``--connections`` connections kept busy, after a warm-up."""
    command = ["wrk", "-t1", f"-c{args.connections}", "--timeout", "10s", "-s", str(script),
               "-H", "X-Forwarded-Proto: https"]
    if page["cookie"]:
        command += ["-H", f"Cookie: {page['cookie']}"]
    url = base + page["path"]
    subprocess.run([*command, f"-d{WARMUP_SECONDS}s", url], check=True, capture_output=True)
    out = subprocess.run([*command, f"-d{args.seconds}s", url], check=True,
                         capture_output=True, text=True).stdout

    def number(pattern: str) -> float:
        found = re.search(pattern, out)
        return float(found.group(1)) if found else 0

    wrong = re.search(r"not 200: (\d+) (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    return {"requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
            "requests": int(number(r"(\d+) requests in")),
            "not_200": int(wrong.group(1)), "first_wrong_status": int(wrong.group(2)),
            "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
            "connections": args.connections, "seconds": args.seconds}


def open_loop(base: str, page: dict, *, period_ms: int, count: int, log: Path):
    """h2load opening one connection per request every ``period_ms``, answered or not."""
    command = ["h2load", "--h1", "-r", "1", "--rate-period", f"{period_ms}ms",
               "-c", str(count), "-n", str(count), "-N", "60s", "--log-file", str(log),
               "-H", "X-Forwarded-Proto: https"]
    if page["cookie"]:
        command += ["-H", f"Cookie: {page['cookie']}"]
    return subprocess.Popen([*command, base + page["path"]], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def finish(process, log: Path, *, count: int, rate: float, timeout: float) -> dict:
    """Wait for an h2load; its latencies in ms, failures, and the rate it really offered
    (said when it strays more than a tenth from ``rate``)."""
    output, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise SystemExit(f"h2load failed:\n{output[-2000:]}")
    rows = [line.split("\t") for line in log.read_text().splitlines() if line.strip()]
    starts = sorted(int(row[0]) for row in rows)
    times = [int(row[2]) / 1000 for row in rows if row[1] == "200"]
    span = (starts[-1] - starts[0]) / 1e6 if len(starts) > 1 else 0
    offered = round((len(starts) - 1) / span, 2) if span else 0
    if abs(offered - rate) > rate / 10:
        say("load", f"h2load offered {offered} requests a second, not {rate:g}:\n{output}")
    return {"requests": count, "failed": count - len(times), "times": times,
            "offered_per_second": offered}


def latency(figures: dict) -> dict:
    times = figures.pop("times")
    if times:
        figures.update({name: round(percentile(times, fraction), 1)
                        for name, fraction in (("p50_ms", 0.5), ("p95_ms", 0.95),
                                               ("p99_ms", 0.99))})
        figures["max_ms"] = round(max(times), 1)
    return figures


def alone(base: str, page: dict, args, workdir: Path) -> dict:
    period_ms = round(1000 / ALONE_RATE)
    count = args.rate_seconds * ALONE_RATE
    log = workdir / f"alone-{page['name']}.tsv"
    process = open_loop(base, page, period_ms=period_ms, count=count, log=log)
    return latency(finish(process, log, count=count, rate=1000 / period_ms,
                          timeout=args.rate_seconds + 120))


def mix(base: str, pages: list[dict], args, workdir: Path) -> dict:
    """The main pages together, each at an equal share of MIX_RATE, staggered so the
    requests come evenly; per page and overall latencies."""
    period_ms = round(1000 * len(pages) / MIX_RATE)
    count = round(args.mix_seconds * 1000 / period_ms)
    started = time.monotonic()
    running = []
    for index, page in enumerate(pages):
        time.sleep(max(0.0, started + index * period_ms / 1000 / len(pages)
                       - time.monotonic()))
        log = workdir / f"mix-{page['name']}.tsv"
        running.append((page, log, open_loop(base, page, period_ms=period_ms, count=count,
                                             log=log)))
    per_page = {page["name"]: finish(process, log, count=count, rate=1000 / period_ms,
                                     timeout=args.mix_seconds + 120)
                for page, log, process in running}
    overall = latency({
        "requests": count * len(pages),
        "failed": sum(figures["failed"] for figures in per_page.values()),
        "times": [t for figures in per_page.values() for t in figures["times"]],
        "offered_per_second": round(sum(figures["offered_per_second"]
                                        for figures in per_page.values()), 1)})
    return {"rate": round(1000 * len(pages) / period_ms, 1), "seconds": args.mix_seconds,
            **overall, "pages": {name: latency(figures) for name, figures in per_page.items()}}


# The table

def report(prepared: dict, sizes: dict, flat: dict, single: dict, mixed: dict,
           weights: dict, load_before: float, args) -> tuple[dict, bool]:
    """Print the table; return the results.json entries and whether every aim was met."""
    when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    machine = {"load_average_before": round(load_before, 2),
               "load_average": [round(n, 2) for n in os.getloadavg()],
               "cpus": os.cpu_count(), "python": platform.python_version()}
    floor = flat[FLOOR]["requests_per_second"]
    entries, ok = {}, True
    print()
    print("| page | KB | req/s flat out | share of /about/ | p50 / p95 at 10 req/s "
          "| p95 in 50 req/s mix | aim | met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for page in prepared["pages"]:
        name = page["name"]
        share = flat[name]["requests_per_second"] / floor if floor else 0
        in_mix = mixed["pages"].get(name)
        failed = (flat[name]["not_200"] + flat[name]["socket_errors"] + single[name]["failed"]
                  + (in_mix["failed"] if in_mix else 0))
        misses = [f"{failed} requests failed"] if failed else []
        share_aim = SHARE_AIMS.get(name)
        if share_aim is not None and share < share_aim:
            shown = f"{share:.2f}" if round(share, 2) < share_aim else f"{share:.3f}"
            misses.append(f"{shown} of {share_aim:.2f}")
        if in_mix and in_mix.get("p95_ms", float("inf")) >= AIM_MIX_P95_MS:
            misses.append(f"p95 {in_mix.get('p95_ms', float('inf')):.0f} of "
                          f"{AIM_MIX_P95_MS} ms")
        ok = ok and not misses
        aim = (f"≥ {share_aim:.2f}, p95 < {AIM_MIX_P95_MS} ms" if share_aim is not None
               else "floor" if name == FLOOR else "—")
        met = "; ".join(misses) if misses else ("yes" if share_aim is not None else "—")
        alone_ms = (f"{single[name]['p50_ms']:.0f} / {single[name]['p95_ms']:.0f} ms"
                    if "p95_ms" in single[name] else "—")
        mix_ms = f"{in_mix['p95_ms']:.0f} ms" if in_mix and "p95_ms" in in_mix else "—"
        print(f"| {name} | {sizes[name] / KB:.1f} | {flat[name]['requests_per_second']:.0f} "
              f"| {share:.2f} | {alone_ms} | {mix_ms} | {aim} | {met} |")
        entries[f"load_{name}"] = {
            "when": when, "path": page["path"], "url_name": page["url_name"],
            "who": page["who"], "html_bytes": sizes[name], "flat_out": flat[name],
            "share_of_about": round(share, 3), f"alone_{ALONE_RATE}_per_second": single[name],
            "mix_p95_ms": in_mix.get("p95_ms") if in_mix else None,
            "aim": {"share_of_about": share_aim,
                    "mix_p95_ms": AIM_MIX_P95_MS if in_mix else None},
            "within_aim": not misses, "misses": misses, **prepared["data"], **machine}
        if name == "report":
            entries["load_report"]["announcement"] = prepared["announcement"]
    print()
    print("KB: the page's HTML as gunicorn sends it, before the proxy's gzip. Flat out: wrk, "
          f"{args.connections} connections, {args.seconds} s; open loop: h2load, one "
          "connection a request.")
    mix_ok = mixed["failed"] == 0 and mixed.get("p95_ms", float("inf")) < AIM_MIX_P95_MS
    print(f"mix: {mixed['rate']:g} requests a second for {mixed['seconds']} s (offered "
          f"{mixed['offered_per_second']:g}), {mixed['requests']:,} requests, "
          f"{mixed['failed']} failed: p50 "
          f"{mixed.get('p50_ms', 0):.0f} ms, p95 {mixed.get('p95_ms', 0):.0f} ms, p99 "
          f"{mixed.get('p99_ms', 0):.0f} ms")
    entries["load_mix"] = {"when": when, **mixed, "aim": {"p95_ms": AIM_MIX_P95_MS},
                           "within_aim": mix_ok, **prepared["data"], **machine}
    for name, weight in weights.items():
        ok = ok and weight["within_aim"]
        print(f"page weight, {name} ({weight['path']}): first load "
              f"{weight['first_load_bytes'] / KB:.1f} KB (aim under {AIM_FIRST_LOAD_KB}), "
              f"return visit {weight['return_visit_bytes'] / KB:.1f} KB (aim under "
              f"{AIM_RETURN_VISIT_KB}): {'met' if weight['within_aim'] else 'MISSED'}")
        print(f"    {weight['html_gzip_bytes'] / KB:6.1f} KB  the HTML, gzipped by the proxy "
              f"({weight['html_bytes'] / KB:.1f} KB before), again on a return visit")
        for asset in weight["assets"]:
            again = ("kept" if asset["return_visit_bytes"] == 0
                     else f"{asset['return_visit_bytes'] / KB:.1f} KB again")
            print(f"    {asset['bytes'] / KB:6.1f} KB  {asset['path']} ({asset['encoding']}; "
                  f"{asset['cache_control'] or 'no Cache-Control'}: {again})")
        for problem in weight["problems"]:
            print(f"    MISSING: {problem}")
        entries[f"load_weight_{name}"] = {"when": when, **weight, **machine}
    load = " ".join(f"{n:.2f}" for n in machine["load_average"])
    print(f"machine: load average {load} at the end ({load_before:.2f} before measuring), "
          f"{machine['cpus']} CPUs, Python {machine['python']}")
    ok = ok and mix_ok
    print(f"aims: {'met' if ok else 'MISSED'}")
    return entries, ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--days", type=int, default=190, help="school days in the year")
    parser.add_argument("--seconds", type=int, default=10, help="each flat-out run")
    parser.add_argument("--connections", type=int, default=4, help="wrk's, flat out")
    parser.add_argument("--rate-seconds", type=int, default=10,
                        help=f"each page alone at {ALONE_RATE} requests a second")
    parser.add_argument("--mix-seconds", type=int, default=30,
                        help=f"the main pages together at {MIX_RATE} requests a second")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database and say how to serve it again")
    parser.add_argument("--reuse", metavar="URL",
                        help="measure this seeded database instead (left in place)")
    parser.add_argument("--no-save", action="store_true", help="do not write results.json")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    missing = [tool for tool in ("wrk", "h2load") if shutil.which(tool) is None]
    if missing:
        print(f"bench_load.py needs {' and '.join(missing)}: on Debian or Ubuntu, "
              "sudo apt-get install wrk nghttp2-client (or run scripts/bootstrap.sh --bench "
              "as root).")
        return 1
    url = args.reuse or postgres_url(POSTGRES_URL)
    if url is None:
        print("bench_load.py measures PostgreSQL only: nothing was measured.")
        return 1
    secret = secrets.token_urlsafe(50)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="bridgebook-bench-load-") as workdir:
            workdir = Path(workdir)
            prepared = run_child(url, secret, args, workdir)
            pages = prepared["pages"]
            main_pages = [page for page in pages if page["name"] in SHARE_AIMS]
            script = workdir / "status.lua"
            script.write_text(STATUS_SCRIPT)
            with serving(url, secret, workdir) as base:
                sizes = check_pages(base, pages)
                load_before = os.getloadavg()[0]
                say("load", f"every page answers 200 with its text; flat out, "
                            f"{args.seconds} s a page")
                weights = {page["name"]: page_weight(base, page) for page in pages
                           if page["name"] in WEIGHED}
                flat = {}
                for page in pages:
                    flat[page["name"]] = flat_out(base, page, args, script)
                    say("load", f"{page['name']}: "
                                f"{flat[page['name']]['requests_per_second']:.0f} requests "
                                f"a second")
                say("load", f"each page alone at {ALONE_RATE} requests a second, "
                            f"{args.rate_seconds} s a page")
                single = {page["name"]: alone(base, page, args, workdir) for page in pages}
                say("load", f"the main pages together at {MIX_RATE} requests a second for "
                            f"{args.mix_seconds} s")
                mixed = mix(base, main_pages, args, workdir)
    finally:
        if args.keep and not args.reuse:
            print(f"Kept {url}.")
        elif not args.reuse:
            drop_postgres(url)
    entries, ok = report(prepared, sizes, flat, single, mixed, weights, load_before, args)
    if args.keep and not args.reuse:
        print(f"\nTo serve it again (these sessions stay good with this key; send "
              f"X-Forwarded-Proto: https with each request):\n"
              f"  BRIDGEBOOK_PRODUCTION=true BRIDGEBOOK_SECRET_KEY={secret} "
              f"BRIDGEBOOK_ALLOWED_HOSTS=127.0.0.1 BRIDGEBOOK_LOG_LEVEL=WARNING "
              f"DATABASE_URL={url} .venv/bin/gunicorn config.wsgi --workers {WORKERS} "
              f"--bind 127.0.0.1:8000")
        for page in pages:
            print(f"  {page['name']:<15} {page['path']:<40} {page['cookie'] or '-'}")
        print(f"Or measure it again: .venv/bin/python bench/bench_load.py --reuse {url}")
    print(f"took {time.monotonic() - started:.0f} s in all")
    if not args.no_save:
        merge_results(entries)
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if ok else 1


# The child: seed, sessions, the announcement, the pages ----------------------------------

def session_cookie(user, device=None) -> str:
    """A session as signing in (and, for staff, their second factor) leaves it. Written
    directly rather than by signing in, so nothing else is written (``--reuse`` may point
    at someone else's database)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def announce(school, principal):
    """The school-wide announcement, sent by the principal as urgent (so working hours
    hold nothing back whenever the bench runs); the one sent before when reusing."""
    from bridgebook.announcements import actions
    from bridgebook.announcements.models import Announcement

    sent = Announcement.objects.filter(school=school, subject=SUBJECT,
                                       status=Announcement.Status.SENT).first()
    if sent is not None:
        return sent
    announcement = actions.do_save_draft(school=school, acting_user=principal,
                                         data={"subject": SUBJECT, "body": BODY})
    actions.do_send(announcement=announcement, acting_user=principal, urgent=True)
    return announcement


def child(args) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # The immediate backend would log each of the announcement's hundreds of sends.
    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bridgebook.core.models import Role, StaffRole
    from bridgebook.diary import demo
    from bridgebook.diary.models import Entry
    from bridgebook.messaging.models import Delivery
    from bridgebook.people.demo.story import MAPLEDOWN
    from bridgebook.people.models import ClassStaff, Pupil, PupilContact

    end = demo.school_days(demo.london_today(), 1)[0]
    data = {}
    if not args.reuse:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("seed_demo", pupils=args.pupils, schools=SCHOOLS, quiet=True)
        seeded = time.perf_counter()
        say("load", f"migrated and seeded a trust of {Pupil.objects.count():,} pupils in "
                    f"{seeded - started:.1f} s")
        demo.seed_book_year(Pupil.objects.all(), days=args.days, end=end)
        data.update(school_days=args.days, seed_seconds=round(seeded - started, 1),
                    year_seconds=round(time.perf_counter() - seeded, 1))
    data.update(pupils=Pupil.objects.count(), entries=Entry.objects.count(),
                reused=bool(args.reuse))
    say("load", f"{data['entries']:,} book entries"
                + (f", a school year seeded in {data['year_seconds']:.1f} s"
                   if "year_seconds" in data else " (reused)"))

    # The demo's story: Zofia Nowak (Rowan), whose mother also has Jakub in Cedar.
    pupil = Pupil.objects.select_related("school", "school_class").get(
        school__urn=MAPLEDOWN.urn, legal_first_name="Zofia", legal_last_name="Nowak")
    school, school_class = pupil.school, pupil.school_class
    mother = (PupilContact.objects.entitled().filter(pupil=pupil)
              .select_related("contact__user").order_by("priority", "pk").first().contact)
    if mother.user is None:
        raise SystemExit(f"{mother.full_name} has no account: seed a year of the book first.")
    children = " and ".join(link.pupil.first_name for link in PupilContact.objects.entitled()
                            .filter(contact=mother).select_related("pupil").order_by("pk"))

    def staff(user):
        return user, TOTPDevice.objects.filter(user=user, confirmed=True).first()

    def role(name):
        return staff(StaffRole.objects.filter(school=school, role=name).select_related(
            "user").order_by("pk").first().user)

    teacher = staff(ClassStaff.objects.filter(school_class=school_class, is_class_teacher=True)
                    .select_related("user").first().user)
    office, principal = role(Role.OFFICE), role(Role.PRINCIPAL)
    announcement = announce(school, principal[0])
    if not args.reuse:
        analyze(connection)   # as autovacuum would, after the seeding and the announcement
    deliveries = {f"{row['channel']} {row['status']}": row["n"] for row in
                  Delivery.objects.filter(message__kind="announcement",
                                          message__source_id=announcement.pk)
                  .values("channel", "status").annotate(n=Count("pk")).order_by("channel")}
    say("load", f"announcement {announcement.pk} to {school.name}: "
                + ", ".join(f"{n} {key}" for key, n in deliveries.items()))
    if not any(key.endswith((" sent", " delivered")) for key in deliveries):
        raise SystemExit("The announcement was not delivered: its report would be empty.")

    if end == demo.london_today():
        day = ("diary:class_day", reverse("diary:class_day", args=[school_class.pk]))
    else:
        day = ("diary:class_day_on", reverse("diary:class_day_on",
                                             args=[school_class.pk, end.isoformat()]))
    parent = session_cookie(mother.user)
    people = {"parent": (f"{mother.full_name}, parent of {children}", parent),
              "teacher": (f"{teacher[0].full_name}, class teacher",
                          session_cookie(*teacher)),
              "office": (f"{office[0].full_name}, office", session_cookie(*office)),
              "principal": (f"{principal[0].full_name}, principal", session_cookie(*principal))}
    book = ("diary:book", reverse("diary:book", args=[pupil.pk]))
    home = ("core:home", reverse("core:home"))
    delivered = ("announcements:report", reverse("announcements:report",
                                                 args=[school.urn, announcement.pk]))
    pages = [
        ("healthz", ("core:healthz", reverse("core:healthz")), None, "ok"),
        ("about", ("core:about", reverse("core:about")), None, "About Bridgebook"),
        ("parent_home", home, "parent", pupil.display_name),
        ("parent_book", book, "parent", pupil.display_name),
        ("inbox", ("announcements:inbox", reverse("announcements:inbox")), "parent", SUBJECT),
        ("teacher_home", home, "teacher", school_class.name),
        ("teacher_book", book, "teacher", pupil.display_name),
        ("class_day", day, "teacher", school_class.name),
        ("office_home", home, "office", school.name),
        ("principal_home", home, "principal", school.name),
        ("report", delivered, "principal", SUBJECT),
    ]
    say("load", "; ".join(who for who, _cookie in people.values()))
    found = [{"name": name, "url_name": url_name, "path": path,
              "who": people[who][0] if who else "nobody signed in",
              "cookie": people[who][1] if who else "", "expect": expect}
             for name, (url_name, path), who, expect in pages]
    Path(args.out).write_text(json.dumps(
        {"pages": found, "data": data,
         "announcement": {"id": announcement.pk, "deliveries": deliveries}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
