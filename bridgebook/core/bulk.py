"""Writing many rows at once when Django's ``bulk_create`` is too slow.

``bulk_create`` builds a model instance per row and prepares every field of every row on
its own: about 0.2 ms a row, so a school-wide announcement (two thousand messages, four
thousand deliveries) spent a second and a half before the database saw anything. Here the
caller gives plain tuples for the columns that vary; each column is adapted to the
database once per distinct value (a send's timestamp is shared by every row) and every
other field takes its model default (called per row when it is callable, so each row gets
its own idempotency key). Rows go in multi-row ``INSERT ... RETURNING`` statements, which
PostgreSQL and SQLite (3.35 and later) both answer; the caller names the columns it wants
back, so it can match rows by value rather than trust the order they come back in.

Nothing here sends signals or calls ``save()``: use it only for models whose writes have no
side effects beyond the row itself.
"""

import functools
import json
from collections.abc import Callable, Sequence

from django.db import connections, models, router

Adapter = Callable[[object], object] | None


def remembering(adapt: Callable[[object], object], most: int = 100_000):
    """``adapt`` remembering its answers (rows share a few timestamps and dates)."""
    seen: dict = {}

    def adapted(value):
        if value not in seen:
            if len(seen) > most:
                seen.clear()
            seen[value] = adapt(value)
        return seen[value]
    return adapted


def adapter_for(field: models.Field, connection) -> Adapter:
    """How a Python value of ``field`` becomes what the database driver takes, or None
    where the driver takes it as it is (text, numbers, booleans, None)."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return functools.partial(json.dumps, cls=field.encoder)
    if isinstance(field, models.DateTimeField):
        return remembering(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return remembering(ops.adapt_datefield_value)
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    return None


def insert_returning(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple],
                     returning: Sequence[str] = ("id",)) -> list[tuple]:
    """Insert ``rows`` (values for ``columns``, named by attname: ``message_id``) and return
    the ``returning`` fields of each new row. Other fields take their defaults."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    given = [opts.get_field(name) for name in columns]
    rest = [field for field in opts.concrete_fields
            if field.attname not in columns and not field.primary_key]
    adapters = [adapter_for(field, connection) for field in given]
    fixed, per_row, fixed_names, per_row_names = [], [], [], []
    for field in rest:
        adapt = adapter_for(field, connection)
        if field.has_default() and callable(field.default):
            per_row.append((field.get_default, adapt))
            per_row_names.append(field.column)
        else:
            value = field.get_default()
            fixed.append(adapt(value) if adapt and value is not None else value)
            fixed_names.append(field.column)
    fixed = tuple(fixed)
    quote = connection.ops.quote_name
    names = [field.column for field in given] + fixed_names + per_row_names
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    head = (f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(n) for n in names)}) "
            f"VALUES ")
    tail = " RETURNING " + ", ".join(quote(opts.get_field(name).column) for name in returning)
    per_batch = connection.ops.bulk_batch_size([None] * len(names), rows)
    found: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_batch):
            batch = rows[start:start + per_batch]
            params: list = []
            for row in batch:
                params.extend(adapt(value) if adapt and value is not None else value
                              for adapt, value in zip(adapters, row, strict=True))
                params.extend(fixed)
                for default, adapt in per_row:
                    value = default()
                    params.append(adapt(value) if adapt and value is not None else value)
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, params)
            found.extend(tuple(row) for row in cursor.fetchall())
    return found
