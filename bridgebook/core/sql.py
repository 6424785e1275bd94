"""For the few queries written out in SQL because building them with the ORM on every
request cost more than running them (the Viewer, the staff's news from families, an
announcement's figures): each names its tables through the models, as the ORM would."""

from django.db import connection


def table(model) -> str:
    """The model's table, quoted for the database."""
    return connection.ops.quote_name(model._meta.db_table)
