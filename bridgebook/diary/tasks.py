"""Background work for the book. Tasks take ids, never model instances."""

from django.tasks import task

from bridgebook.diary import actions


@task()
def render_book_export(*, export_id: int) -> str:
    """Make the PDF of one book export. Running it again, or twice at the same time, makes
    it once: the row is claimed with a conditional UPDATE first."""

    return actions.do_render_book_export(export_id=export_id)
