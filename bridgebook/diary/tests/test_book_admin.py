"""The book in the Django admin: every list and one record open, and nothing changes
there (the book changes only through its audited actions)."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.tests.factories import UserFactory
from bridgebook.diary import actions
from bridgebook.diary.models import BookExport, BookSettings, Entry, Reply
from bridgebook.diary.tests.factories import ActivityFactory, BookEventFactory, make_photo


@pytest.fixture
def superuser_client(world, settings):
    settings.BRIDGEBOOK_STAFF_2FA = False
    return signed_in(UserFactory(is_staff=True, is_superuser=True, email="root@example.org"))


def test_every_book_model_opens_read_only(world, superuser_client):
    day = datetime.date(2026, 3, 3)
    entry = actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin="school", date=day,
        data={"note": "Hi"}, publish=True,
        incidents=[{"kind": "accident", "happened_at": datetime.time(10), "what_happened": "x",
                    "action_taken": "y"}])
    actions.do_update_entry(entry=entry, editor=world.class_teacher, expected_version=1,
                            data={"note": "Changed"})
    actions.do_reply(entry=entry, author=world.parent, text="Thanks")
    actions.do_save_book_settings(pupil=world.pupil, parts=["note"], share_personal_care=False,
                                  acting_user=world.principal)
    ActivityFactory(school=world.school)
    BookEventFactory(school=world.school)
    make_photo(school=world.school, date=day, entry=entry, pupils=[world.pupil])
    BookExport.objects.create(requested_by=world.parent, pupil=world.pupil, date_from=day,
                              date_to=day, language="en-gb",
                              status=BookExport.Status.FAILED, error="Boom")
    models = [m for m in admin.site._registry if m._meta.app_label == "diary"]
    assert {Entry, Reply, BookSettings, BookExport} <= set(models)
    for model in models:
        meta = model._meta
        url = reverse(f"admin:diary_{meta.model_name}_changelist")
        assert superuser_client.get(url).status_code == 200, url
        obj = model.objects.first()
        page = superuser_client.get(reverse(f"admin:diary_{meta.model_name}_change",
                                            args=[obj.pk]))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert superuser_client.get(
            reverse(f"admin:diary_{meta.model_name}_add")).status_code == 403
