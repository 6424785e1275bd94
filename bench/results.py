"""bench/results.json: every benchmark's latest figures, merged by name."""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def merge_results(entries: dict) -> None:
    """Replace these benchmarks' entries in results.json, keeping everyone else's."""
    results = {}
    if RESULTS.exists():
        try:
            results = json.loads(RESULTS.read_text())
        except json.JSONDecodeError:
            results = {}
    results.update(entries)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
