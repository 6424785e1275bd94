"""Benchmark: import a whole school's Common Transfer File.

    make bench                      (or: .venv/bin/python bench/bench_import.py [--pupils N])

Generates a fictional CTF of 2,000 pupils and about 4,000 contacts with ``make_ctf.py``,
imports it into a fresh school in a fresh SQLite database (``BENCH_DATABASE_URL`` points it
at another database, for example an empty PostgreSQL one) through the same code as
``manage.py import_ctf``: stream-read, plan, write all or nothing. Then imports it again,
which must change nothing.

Reports seconds per stage and memory: the process's peak resident size (ru_maxrss, which
includes Python and Django themselves) and, in a second run into another fresh school, the
peak of Python allocations made by the import (tracemalloc; that run is slower, so it is
not timed). Prints a summary and merges the figures into bench/results.json under
"import_ctf_2000", leaving other benchmarks' entries alone. The issue's aim is under 20
seconds and under 200 MB on a 2-core machine; the exit status is 1 when the aim is missed.
"""

import argparse
import datetime
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from results import RESULTS, merge_results

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAME = "import_ctf_2000"
AIM_SECONDS = 20
AIM_MB = 200


def rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def setup_django(workdir: Path) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    sys.path[:0] = [str(ROOT), str(HERE)]
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return url.split(":", 1)[0]


def fresh_school(name: str):
    from bridgebook.core.models import School, Trust

    trust, _ = Trust.objects.get_or_create(name="Benchmark Trust")
    number = School.objects.count() + 1
    return School.objects.create(trust=trust, name=name, urn=f"9{number:05d}", la_code="999")


def import_file(school, path: Path) -> dict:
    """Read, plan and write, timing each stage; returns the run's counts and the timings."""
    from bridgebook.imports.actions import apply_plan
    from bridgebook.imports.ctf import read_ctf
    from bridgebook.imports.engine import plan_import

    started = time.perf_counter()
    with open(path, "rb") as handle:
        parsed = read_ctf(handle)
    read = time.perf_counter()
    plan = plan_import(school, parsed)
    planned = time.perf_counter()
    run = apply_plan(plan, acting_user=None, filename=path.name)
    written = time.perf_counter()
    if run.status != "committed":
        raise SystemExit(f"The benchmark file was refused: {run.problems[:5]}")
    return {"counts": run.counts, "read_seconds": read - started,
            "plan_seconds": planned - read, "write_seconds": written - planned,
            "seconds": written - started}




def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--no-save", action="store_true", help="do not write results.json")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bridgebook-bench-") as workdir:
        workdir = Path(workdir)
        database = setup_django(workdir)
        from make_ctf import make_ctf

        path = workdir / "school.ctf.xml"
        made = make_ctf(path, args.pupils)
        rss_before = rss_mb()

        first = import_file(fresh_school("Benchmark School"), path)
        rss_peak = rss_mb()
        school = fresh_school("Benchmark School (re-import)")
        import_file(school, path)
        again = import_file(school, path)
        changed = {key: value for key, value in again["counts"].items()
                   if value and key != "pupils_missing"}
        if changed:
            raise SystemExit(f"Importing the same file again changed records: {changed}")

        tracemalloc.start()
        import_file(fresh_school("Benchmark School (memory)"), path)
        _current, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        entry = {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "file": {"pupils": made["pupils"], "contacts": made["contacts"],
                     "links": made["links"], "mb": round(path.stat().st_size / 1e6, 2)},
            "counts": first["counts"],
            "seconds": round(first["seconds"], 2),
            "read_seconds": round(first["read_seconds"], 2),
            "plan_seconds": round(first["plan_seconds"], 2),
            "write_seconds": round(first["write_seconds"], 2),
            "reimport_seconds": round(again["seconds"], 2),
            "peak_rss_mb": round(rss_peak, 1),
            "rss_before_import_mb": round(rss_before, 1),
            "python_peak_mb": round(python_peak / 1e6, 1),
            "aim": {"seconds": AIM_SECONDS, "peak_mb": AIM_MB},
            "database": database,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        }
    entry["within_aim"] = entry["seconds"] < AIM_SECONDS and entry["peak_rss_mb"] < AIM_MB

    counts = entry["counts"]
    print(f"{NAME}: {made['pupils']} pupils, {made['contacts']} contacts in the file "
          f"({entry['file']['mb']} MB), {database}, {entry['cpus']} CPUs")
    print(f"  imported {counts['pupils_created']} pupils, {counts['contacts_created']} "
          f"contacts, {counts['links_created']} links, {counts['households_created']} "
          "households")
    print(f"  {entry['seconds']:.2f} s (read {entry['read_seconds']:.2f}, plan "
          f"{entry['plan_seconds']:.2f}, write {entry['write_seconds']:.2f}); re-import "
          f"{entry['reimport_seconds']:.2f} s, no changes")
    print(f"  peak memory: {entry['peak_rss_mb']:.0f} MB resident (process, "
          f"{entry['rss_before_import_mb']:.0f} MB before importing), "
          f"{entry['python_peak_mb']:.0f} MB allocated by the import")
    print(f"  aim: under {AIM_SECONDS} s and {AIM_MB} MB: "
          f"{'met' if entry['within_aim'] else 'MISSED'}")
    if not args.no_save:
        merge_results({NAME: entry})
        print(f"  written to {RESULTS.relative_to(ROOT)}")
    return 0 if entry["within_aim"] else 1


if __name__ == "__main__":
    sys.exit(main())
