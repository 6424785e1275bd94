"""Benchmark: a broadcast to every contact of the 2,000-pupil trust.

    make bench          (or: .venv/bin/python bench/bench_broadcast.py [--pupils N])

Seeds the demo trust at 2,000 pupils (``seed_demo --pupils 2000``: about 4,000 contacts)
in a fresh SQLite database, gives the contacts eight home languages and sends a text to
every other contact with a mobile number, then:

1. times accepting a school-wide announcement per school (``actions.do_send``: messages
   and deliveries written in bulk; sends start after commit). The principal sends it as
   urgent, so quiet hours do not hold the email and texts whatever time the bench runs;
2. runs one ``manage.py db_worker`` against local fake Notify servers (SMS and email,
   ``bridgebook/messaging/tests/fake_providers.py``) until every delivery is settled and
   the task queue is empty, and measures deliveries per second;
3. sends a second announcement with two workers while the SMS server fails 20% of
   requests, kills one worker with SIGKILL once a third of the deliveries are settled,
   starts a fresh one, and runs ``send_due_deliveries`` every two seconds as cron would
   (it retries temporary failures and takes back the rows the killed worker held) until
   everything is settled.

At the end of each run it counts, at the fake servers, every accepted message by its
idempotency reference: delivered (exactly one copy), lost (settled, but never accepted),
duplicated (a reference accepted more than once) and unsettled (still queued, sending or
waiting to retry when the run's time ran out: the run did not finish, which is a failure
too, but not a lost message). Figures are merged into bench/results.json under
"broadcast_2000". Exit status 1 when anything is lost, sent twice or left unsettled, or
accepting takes longer than the 1 second aim.
"""

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from results import merge_results

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAME = "broadcast_2000"
AIM_ACCEPT_SECONDS = 1.0
LANGUAGES = ["en", "ar", "ur", "pl", "ro", "pa", "bn", "so"]




def messaging_json(sms_url: str, email_url: str) -> str:
    from bridgebook.messaging.tests.fake_providers import NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID

    def options(url):
        return {"API_KEY": NOTIFY_API_KEY, "TEMPLATE_ID": NOTIFY_TEMPLATE_ID,
                "BASE_URL": url, "TIMEOUT": 2}

    return json.dumps({
        # Short waits so a run settles in seconds: retries after 1-2 s, a row left
        # "sending" by a killed worker is taken back after 5 s. A queued row whose task
        # was lost is enqueued again after 60 s: longer than the backlog takes to drain, or
        # cron would enqueue every waiting row again and again (harmless, the send claims
        # the row, but the queue fills with tasks that do nothing).
        "MAX_ATTEMPTS": 12, "RETRY_BASE_SECONDS": 1, "RETRY_MAX_SECONDS": 2,
        "SENDING_TIMEOUT_SECONDS": 5, "REQUEUE_AFTER_SECONDS": 60,
        "default": {
            "SMS": {"BACKEND": "bridgebook.messaging.backends.notify.NotifySmsBackend",
                    "OPTIONS": options(sms_url)},
            "EMAIL": {"BACKEND": "bridgebook.messaging.backends.notify.NotifyEmailBackend",
                      "OPTIONS": options(email_url)},
        },
    })


def start_worker(env, log: Path) -> subprocess.Popen:
    with open(log, "a") as errors:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.05",
             "--no-reload"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)


def stop(workers) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait()


def tasks_run() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="SUCCESSFUL").count()


def tasks_waiting() -> int:
    """Tasks not yet finished (a killed worker's RUNNING tasks never finish: not counted)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


def sendable(announcement_ids):
    from bridgebook.messaging.models import Delivery

    return Delivery.objects.filter(message__kind="announcement",
                                   message__source_id__in=announcement_ids,
                                   channel__in=["email", "sms"])


def unsettled(announcement_ids) -> int:
    return sendable(announcement_ids).filter(
        status__in=["queued", "sending", "temporary_failure"]).count()


def count_copies(announcement_ids, servers) -> dict:
    """Delivered, lost, duplicated and unsettled, counted at the fake servers by reference."""
    accepted = Counter()
    for server in servers:
        with server.lock:
            accepted.update(record.get("reference") for record in server.accepted)
    rows = list(sendable(announcement_ids).values_list("idempotency_key", "status"))
    open_statuses = {"queued", "sending", "temporary_failure"}
    delivered = sum(1 for key, _status in rows if accepted[key] >= 1)
    lost = sum(1 for key, status in rows if accepted[key] == 0 and status not in open_statuses)
    unsettled = sum(1 for key, status in rows if accepted[key] == 0 and status in open_statuses)
    duplicated = sum(accepted[key] - 1 for key, _status in rows if accepted[key] > 1)
    return {"deliveries": len(rows), "delivered": delivered, "lost": lost,
            "duplicated": duplicated, "unsettled": unsettled}


def principal_of(school):
    from bridgebook.core.models import Role, StaffRole

    role = StaffRole.objects.filter(school=school, role=Role.PRINCIPAL).select_related(
        "user").first()
    return role.user if role else None


def accept(school, subject: str) -> tuple[float, int, int]:
    """Send a school-wide announcement as the principal, marked urgent; the seconds
    ``do_send`` took, the messages written and the announcement's id."""
    from bridgebook.announcements import actions
    from bridgebook.announcements.models import Announcement

    principal = principal_of(school)
    announcement = Announcement.objects.create(
        school=school, author=principal, subject=subject,
        body="The school is closed on Monday for staff training. See you on Tuesday.")
    started = time.perf_counter()
    sent = actions.do_send(announcement=announcement, acting_user=principal, urgent=True)
    return time.perf_counter() - started, sent, announcement.pk


def wait_settled(ids, env, log: Path, *, deadline: float, kill_at: int | None = None,
                 workers=None) -> dict:
    """Run cron's ``send_due_deliveries`` every two seconds until every delivery of
    ``ids`` is settled and no task waits (so the next run starts on an empty queue), or
    the deadline passes. With ``kill_at``, SIGKILL the first worker once that many
    deliveries are settled and start a fresh one in its place."""
    from django.core.management import call_command

    total = sendable(ids).count()
    killed = None
    last_cron = 0.0
    settled_at = None
    while time.monotonic() < deadline:
        left = unsettled(ids)
        if left == 0 and settled_at is None:
            settled_at = time.monotonic()
        if left == 0 and tasks_waiting() == 0:
            break
        if kill_at is not None and killed is None and total - left >= kill_at:
            victim = workers[0]
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            killed = total - left
            workers[0] = start_worker(env, log)
        if time.monotonic() - last_cron > 2:
            call_command("send_due_deliveries", stdout=open(os.devnull, "w"))
            last_cron = time.monotonic()
        time.sleep(0.2)
    return {"left": unsettled(ids), "killed_after": killed, "tasks": tasks_run(),
            "settled_at": settled_at or time.monotonic()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("BRIDGEBOOK_TRANSLATION_BACKEND", "none")
    sys.path[:0] = [str(ROOT)]

    from bridgebook.messaging.tests.fake_providers import FakeNotify

    with FakeNotify() as sms_server, FakeNotify() as email_server:
        os.environ["BRIDGEBOOK_MESSAGING_JSON"] = messaging_json(sms_server.url,
                                                                 email_server.url)
        import django

        django.setup()
        from django.core.management import call_command

        from bridgebook.core.models import School
        from bridgebook.people.models import Contact

        call_command("migrate", verbosity=0)
        started = time.monotonic()
        call_command("seed_demo", pupils=args.pupils, quiet=True, stdout=open(os.devnull, "w"))
        seeded = time.monotonic() - started
        # Eight languages; every other contact with a mobile also wants texts.
        ids = list(Contact.objects.order_by("pk").values_list("pk", "mobile"))
        by_language = {code: [] for code in LANGUAGES}
        texting = []
        for index, (pk, mobile) in enumerate(ids):
            by_language[LANGUAGES[index % len(LANGUAGES)]].append(pk)
            if mobile and index % 2 == 0:
                texting.append(pk)
        for code, pks in by_language.items():
            Contact.objects.filter(pk__in=pks).update(language=code)
        Contact.objects.filter(pk__in=texting).update(preferred_channels=["email", "sms"])
        contacts = len(ids)
        env = {**os.environ}

        log = workdir / "workers.log"

        # 1. Accepting a school-wide announcement, per school.
        accepts, run1_ids, messages = [], [], 0
        for school in School.objects.order_by("pk"):
            seconds, sent, pk = accept(school, "School closed on Monday")
            if sent:
                accepts.append({"school": school.urn, "contacts": sent,
                                "seconds": round(seconds, 3)})
                run1_ids.append(pk)
                messages += sent
        biggest = max(accepts, key=lambda a: a["contacts"])

        # 2. One worker, everything answering.
        workers = [start_worker(env, log)]
        total1 = sendable(run1_ids).count()
        t0 = time.monotonic()
        state1 = wait_settled(run1_ids, env, log, deadline=t0 + 600)
        took1 = state1["settled_at"] - t0
        stop(workers)
        copies1 = count_copies(run1_ids, [sms_server, email_server])

        # 3. Two workers, SMS failing 20%, one worker killed with SIGKILL mid-way.
        sms_server.fail_rate = 0.2
        run2_ids = []
        for school in School.objects.order_by("pk"):
            _seconds, sent, pk = accept(school, "School closed on Monday (reminder)")
            if sent:
                run2_ids.append(pk)
        total2 = sendable(run2_ids).count()
        workers = [start_worker(env, log), start_worker(env, log)]
        t0 = time.monotonic()
        state2 = wait_settled(run2_ids, env, log, deadline=t0 + 600, kill_at=total2 // 3,
                              workers=workers)
        took2 = state2["settled_at"] - t0
        stop(workers)
        copies2 = count_copies(run2_ids, [sms_server, email_server])
        sms_failures = sum(1 for method, path in sms_server.requests if method == "POST") - \
            len(sms_server.accepted)

    entry = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "database": "sqlite",
        "pupils": args.pupils, "contacts": contacts, "languages": len(LANGUAGES),
        "seed_seconds": round(seeded, 1),
        "accept": accepts,
        "accept_seconds_biggest_school": biggest["seconds"],
        "accept_contacts_biggest_school": biggest["contacts"],
        "run1_one_worker": {**copies1, "seconds": round(took1, 1),
                            "deliveries_per_second_per_worker": round(total1 / took1, 1),
                            "tasks_run": state1["tasks"]},
        "run2_kill_and_20pc_sms_failures": {**copies2, "seconds": round(took2, 1),
                                            "deliveries_per_second_two_workers":
                                                round(total2 / took2, 1),
                                            "killed_after": state2["killed_after"],
                                            "sms_requests_failed": sms_failures,
                                            "tasks_run": state2["tasks"] - state1["tasks"]},
    }
    print(json.dumps(entry, indent=2))
    for label, copies in (("run 1", copies1), ("run 2 (SIGKILL, 20% SMS failures)", copies2)):
        print(f"{label}: delivered {copies['delivered']}, lost {copies['lost']}, "
              f"duplicated {copies['duplicated']}, unsettled {copies['unsettled']} "
              f"of {copies['deliveries']}")
    if not args.no_save:
        merge_results({NAME: entry})
    ok = biggest["seconds"] < AIM_ACCEPT_SECONDS and all(
        copies[name] == 0 for copies in (copies1, copies2)
        for name in ("lost", "duplicated", "unsettled"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
