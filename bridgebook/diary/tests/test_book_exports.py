"""The book's PDF as a background job: the page that waits for it, who may see it, failure
and trying again, exactly once, and pruning after a day.

What the PDF says is checked in test_pdf.py.
"""

import datetime as dt
import io
import os

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.tasks import default_task_backend
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.diary import actions, exports, pdf
from bridgebook.diary.actions import exports as export_actions
from bridgebook.diary.models import BookExport
from bridgebook.diary.tasks import render_book_export
from bridgebook.people.models import PupilContact

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
RANGE = {"from": "2026-03-01", "to": "2026-03-10"}
Status = BookExport.Status


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def queued(settings):
    """Tasks are queued and not run, as with a real worker that has not got to them yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs were rendered."""
    made = []
    real = pdf.html_to_pdf

    def counting(html, **kwargs):
        made.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "html_to_pdf", counting)
    return made


def ask(client, world, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("diary:book_pdf", args=[world.pupil.pk]),
                               data or RANGE)
    return response


def page_url(export) -> str:
    return reverse("diary:book_export", args=[export.pk])


def download_url(export) -> str:
    return reverse("diary:book_export_download", args=[export.pk])


def retry_url(export) -> str:
    return reverse("diary:book_export_retry", args=[export.pk])


def export_for(user, world, *, status=Status.QUEUED, **fields) -> BookExport:
    fields = {"date_from": dt.date(2026, 3, 1), "date_to": dt.date(2026, 3, 10),
              "language": "en-gb", **fields}
    return BookExport.objects.create(requested_by=user, pupil=world.pupil, status=status,
                                     **fields)


def touched(name: str, when: dt.datetime) -> str:
    """Give a stored file a modification time (the file system's clock is not frozen)."""
    os.utime(default_storage.path(name), (when.timestamp(), when.timestamp()))
    return name


# Asking and waiting ----------------------------------------------------------------------

def test_asking_queues_one_export_and_sends_the_person_to_wait_for_it(
        world, queued, django_capture_on_commit_callbacks):
    client = signed_in(world.parent)
    response = ask(client, world, django_capture_on_commit_callbacks, replies="yes", **RANGE)
    export = BookExport.objects.get()
    assert response["Location"] == page_url(export)
    assert (export.requested_by, export.pupil, export.status) == (
        world.parent, world.pupil, Status.QUEUED)
    assert (export.date_from, export.date_to) == (dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert export.include_replies and export.language == "en-gb"
    [result] = default_task_backend.results
    assert result.task.name == "render_book_export"
    assert result.kwargs == {"export_id": export.pk}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_waiting_page_says_so_and_updates_itself(world, queued,
                                                     django_capture_on_commit_callbacks):
    client = signed_in(world.parent)
    ask(client, world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    response = client.get(page_url(export))
    page = response.content.decode()
    assert "<title>We are making your PDF – Bridgebook</title>" in page
    assert "Amira’s book from 1 March 2026 to 10 March 2026." in page
    assert "This page will change by itself when the PDF is ready." in page
    # Without JavaScript the page refreshes itself; with it, htmx asks every 3 seconds.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert f'hx-get="{page_url(export)}" hx-trigger="every 3s"' in page
    assert 'aria-live="polite"' in page
    assert "no-store" in response["Cache-Control"]
    assert "Download the PDF" not in page
    # htmx asking while it is still being made gets nothing to swap.
    polled = client.get(page_url(export), headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled.content == b""
    # The download is not there yet: back to the page.
    early = client.get(download_url(export))
    assert early.status_code == 302 and early["Location"] == page_url(export)
    # The worker gets to it; the next look shows the download, and stops refreshing.
    assert render_book_export.call(export_id=export.pk) == Status.READY
    for headers in ({}, {"HX-Request": "true"}):
        page = client.get(page_url(export), headers=headers).content.decode()
        assert "Your PDF is ready" in page and download_url(export) in page
        assert "book-amira-hassan-2026-03-01-to-2026-03-10.pdf" in page
        assert "http-equiv" not in page and "hx-trigger" not in page
    response = client.get(download_url(export))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="book-amira-hassan-2026-03-01-to-2026-03-10.pdf"')


def test_the_file_is_kept_privately(world, django_capture_on_commit_callbacks):
    ask(signed_in(world.parent), world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    assert export.file.name.startswith("book-exports/") and export.file.name.endswith(".pdf")
    assert len(export.file.name) > len("book-exports/.pdf") + 30   # not guessable
    assert export.size == default_storage.size(export.file.name)
    assert (export.started_at, export.finished_at) == (NOW, NOW)


# Who may see it --------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_person_who_asked_sees_the_export(world, name,
                                                   django_capture_on_commit_callbacks):
    """It is a personal download: staff who may read the book make their own."""
    ask(signed_in(world.parent), world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    failed = export_for(world.parent, world, status=Status.FAILED, date_from=dt.date(2026, 3, 2))
    client = signed_in(persona(world, name))
    page, download, retry = (client.get(page_url(export)), client.get(download_url(export)),
                             client.post(retry_url(failed)))
    if name == "parent":
        assert (page.status_code, download.status_code, retry.status_code) == (200, 200, 302)
        assert BookExport.objects.count() == 3
        assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1
        return
    for response in (page, download, retry):
        if name == "anonymous":
            assert response.status_code == 302 and "/accounts/" in response["Location"]
        else:
            assert response.status_code == 404, name
    assert BookExport.objects.count() == 2
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.parametrize("name", ["class_teacher", "separated_parent"])
def test_each_person_who_may_read_the_book_sees_their_own(world, name,
                                                          django_capture_on_commit_callbacks):
    user = getattr(world, name)
    ask(signed_in(user), world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get(requested_by=user)
    assert signed_in(user).get(page_url(export)).status_code == 200
    assert signed_in(world.parent).get(page_url(export)).status_code == 404


def test_someone_who_may_no_longer_read_the_book_loses_their_export(
        world, django_capture_on_commit_callbacks):
    ask(signed_in(world.separated_parent), world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    PupilContact.objects.filter(contact=world.separated_contact).update(is_restricted=True)
    client = signed_in(world.separated_parent)
    assert client.get(page_url(export)).status_code == 404
    assert client.get(download_url(export)).status_code == 404


def test_nothing_is_made_for_someone_who_lost_access_before_it_ran(
        world, queued, renders, django_capture_on_commit_callbacks):
    ask(signed_in(world.separated_parent), world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    PupilContact.objects.filter(contact=world.separated_contact).update(is_restricted=True)
    assert render_book_export.call(export_id=export.pk) == Status.FAILED
    export.refresh_from_db()
    assert export.status == Status.FAILED and "may no longer see" in export.error
    assert renders == [] and not export.file


def test_a_file_gone_from_storage_is_not_found_and_not_audited(
        world, django_capture_on_commit_callbacks):
    client = signed_in(world.parent)
    ask(client, world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    default_storage.delete(export.file.name)
    assert client.get(download_url(export)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# Failing and trying again ----------------------------------------------------------------

def test_a_failure_is_shown_plainly_with_a_way_to_try_again(
        world, monkeypatch, django_capture_on_commit_callbacks):
    def broken(html, **kwargs):
        raise OSError("Pango could not load a font")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    client = signed_in(world.parent)
    ask(client, world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    assert export.status == Status.FAILED
    assert export.error == "OSError: Pango could not load a font"
    assert export.finished_at == NOW and not export.file
    page = client.get(page_url(export)).content.decode()
    assert "Sorry, we could not make the PDF" in page
    assert "Something went wrong while we were making Amira’s book from 1 March 2026 to " \
           "10 March 2026." in page
    assert "Please try again. If it still does not work, please tell the school." in page
    assert f'action="{retry_url(export)}"' in page and "Try again" in page
    assert "Pango" not in page   # the technical reason is for the admin and the logs
    assert "http-equiv" not in page and "hx-trigger" not in page
    assert client.get(download_url(export)).status_code == 302

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(export))
    again = BookExport.objects.exclude(pk=export.pk).get()
    assert response["Location"] == page_url(again)
    assert again.status == Status.READY
    assert (again.date_from, again.date_to, again.include_replies) == (
        export.date_from, export.date_to, export.include_replies)
    assert b"".join(client.get(download_url(again)).streaming_content).startswith(b"%PDF")


def test_an_export_nobody_finished_shows_as_failed_and_trying_again_gives_up_on_it(
        world, queued, django_capture_on_commit_callbacks):
    client = signed_in(world.parent)
    stuck = export_for(world.parent, world, status=Status.RUNNING,
                       started_at=NOW - dt.timedelta(minutes=31))
    slow = export_for(world.class_teacher, world, status=Status.QUEUED)
    BookExport.objects.filter(pk=slow.pk).update(created_at=NOW - dt.timedelta(minutes=29))
    slow.refresh_from_db()
    assert exports.state_of(slow) == exports.WAITING
    assert exports.state_of(stuck) == exports.FAILED
    page = client.get(page_url(stuck)).content.decode()
    assert "Sorry, we could not make the PDF" in page and "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(stuck))
    stuck.refresh_from_db()
    assert stuck.status == Status.FAILED and "Not finished within 30 minutes" in stuck.error
    again = BookExport.objects.get(requested_by=world.parent, status=Status.QUEUED)
    assert response["Location"] == page_url(again)
    # The stuck worker finishing late changes nothing and leaves no file behind.
    assert export_actions._finish(stuck.pk, status=Status.READY, file="x") == 0


# Exactly once ----------------------------------------------------------------------------

def test_a_double_click_asks_once(world, queued, django_capture_on_commit_callbacks):
    client = signed_in(world.parent)
    first = ask(client, world, django_capture_on_commit_callbacks)
    second = ask(client, world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    assert first["Location"] == second["Location"] == page_url(export)
    assert len(default_task_backend.results) == 1
    # Other dates, replies, another language or another person are other exports.
    ask(client, world, django_capture_on_commit_callbacks, replies="yes", **RANGE)
    ask(signed_in(world.separated_parent), world, django_capture_on_commit_callbacks)
    actions.do_request_book_export(user=world.parent, pupil=world.pupil,
                                   date_from=dt.date(2026, 3, 1),
                                   date_to=dt.date(2026, 3, 10), include_replies=False,
                                   language="pl")
    assert BookExport.objects.count() == 4


def test_asking_again_once_it_is_ready_makes_a_fresh_one(world,
                                                         django_capture_on_commit_callbacks):
    """The book may have changed since: a ready PDF is not handed out again."""
    client = signed_in(world.parent)
    ask(client, world, django_capture_on_commit_callbacks)
    ask(client, world, django_capture_on_commit_callbacks)
    assert list(BookExport.objects.values_list("status", flat=True)) == [Status.READY] * 2


def test_two_asks_at_the_same_moment_cannot_both_queue(world):
    """The database settles what the lookup in do_request_book_export cannot see: two
    requests that both found nothing waiting."""
    export_for(world.parent, world, status=Status.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        export_for(world.parent, world, status=Status.QUEUED)
    export_for(world.parent, world, status=Status.READY)   # finished ones may be many
    export_for(world.parent, world, status=Status.FAILED)


def test_the_second_of_two_asks_at_once_gets_the_first_ones_export(
        world, queued, monkeypatch, django_capture_on_commit_callbacks):
    """The other request inserted its export after this one looked and found none."""
    winner = export_for(world.parent, world)
    real_first = QuerySet.first
    looked = []

    def missing_it(self):
        if self.model is BookExport and not looked:
            looked.append(self)
            return None
        return real_first(self)

    monkeypatch.setattr(QuerySet, "first", missing_it)
    with django_capture_on_commit_callbacks(execute=True):
        got = actions.do_request_book_export(
            user=world.parent, pupil=world.pupil, date_from=winner.date_from,
            date_to=winner.date_to, include_replies=False, language="en-gb")
    assert looked and got == winner
    assert BookExport.objects.count() == 1
    assert default_task_backend.results == []   # the winner queued the task


def test_a_task_run_twice_renders_once(world, queued, renders,
                                       django_capture_on_commit_callbacks):
    ask(signed_in(world.parent), world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    assert render_book_export.call(export_id=export.pk) == Status.READY
    assert render_book_export.call(export_id=export.pk) == ""
    assert len(renders) == 1
    assert render_book_export.call(export_id=export.pk + 100) == ""   # pruned meanwhile


def test_a_pdf_finished_after_it_was_given_up_on_is_thrown_away(
        world, queued, monkeypatch, django_capture_on_commit_callbacks):
    ask(signed_in(world.parent), world, django_capture_on_commit_callbacks)
    export = BookExport.objects.get()
    real = pdf.render_book_pdf

    def slow(**kwargs):
        BookExport.objects.filter(pk=export.pk).update(status=Status.FAILED)
        return real(**kwargs)

    monkeypatch.setattr(pdf, "render_book_pdf", slow)
    assert actions.do_render_book_export(export_id=export.pk) == ""
    export.refresh_from_db()
    assert export.status == Status.FAILED and not export.file
    assert default_storage.listdir(exports.FOLDER)[1] == []


# Pruning ---------------------------------------------------------------------------------

def test_exports_older_than_a_day_are_pruned_with_their_files(
        world, django_capture_on_commit_callbacks):
    client = signed_in(world.parent)
    ask(client, world, django_capture_on_commit_callbacks)
    old = BookExport.objects.get()
    BookExport.objects.filter(pk=old.pk).update(created_at=NOW - dt.timedelta(hours=25))
    ask(client, world, django_capture_on_commit_callbacks)
    recent = BookExport.objects.exclude(pk=old.pk).get()
    failed = export_for(world.parent, world, status=Status.FAILED)
    BookExport.objects.filter(pk=failed.pk).update(created_at=NOW - dt.timedelta(days=2))
    # Files no export names any more (its pupil deleted, say), from two days and an hour ago.
    orphan = touched(default_storage.save("book-exports/orphan.pdf", ContentFile(b"%PDF")),
                     NOW - dt.timedelta(days=2))
    young_orphan = touched(default_storage.save("book-exports/young.pdf", ContentFile(b"%PDF")),
                           NOW - dt.timedelta(hours=1))
    touched(recent.file.name, NOW)
    old_file = old.file.name

    out = io.StringIO()
    call_command("prune_book_exports", stdout=out)
    assert out.getvalue().strip() == "Removed 2 old book PDF(s)."
    assert list(BookExport.objects.all()) == [recent]
    assert not default_storage.exists(old_file) and not default_storage.exists(orphan)
    assert default_storage.exists(recent.file.name) and default_storage.exists(young_orphan)
    assert client.get(page_url(old)).status_code == 404
    call_command("prune_book_exports", stdout=out)   # again: nothing more to do
    assert BookExport.objects.count() == 1


def test_pruning_with_nothing_there(db):
    assert actions.do_prune_book_exports() == 0
