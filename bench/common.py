"""Helpers the benchmarks share: a PostgreSQL database of their own, progress lines and
percentiles."""

import math
import os
from urllib.parse import urlsplit, urlunsplit


def postgres_url(default: str) -> str | None:
    """The benchmark database's URL (``BENCH_POSTGRES_URL``, or ``default``), created
    empty, or None when no server answers (the reason is printed)."""
    url = os.environ.get("BENCH_POSTGRES_URL", default)
    try:
        import psycopg
    except ImportError:
        print("PostgreSQL skipped: psycopg is not installed.")
        return None
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"PostgreSQL skipped: no server answered at {parts.hostname}:{parts.port} "
              f"({str(error).strip().splitlines()[0]}).")
        return None
    return url


def drop_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def say(where: str, text: str) -> None:
    print(f"[{where}] {text}", flush=True)


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def analyze(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
