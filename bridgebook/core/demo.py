"""The demo trust, built by every installed app's demo seeder in turn.

Each app registers a ``DemoSeeder`` (bridgebook/core/registry.py) with the seeders it
builds on: the people app's schools, staff and families first, then the book, the
conversations and whatever else is installed. ``seed_demo`` (the management command) calls
:func:`seed`. Every seeder is idempotent, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from bridgebook.core.registry import site


@dataclass
class SeedResult:
    created: dict[str, int]

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def seed(*, pupils: int = 0, schools: int = 2) -> SeedResult:
    """Run every registered demo seeder after the ones it builds on, in one transaction;
    ``pupils`` and ``schools`` grow the trust for benchmarks."""
    created: dict[str, int] = {}
    with transaction.atomic():
        for seeder in site.seeders_in_order():
            created.update(seeder.seed(pupils=pupils, schools=schools))
    return SeedResult(created=created)
