"""The Django admin: every registered model's list and one record open; people records and
the audit log are read-only there (they change through the audited staff pages)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, StaffRole
from bridgebook.core.tests.factories import UserFactory
from bridgebook.people.models import Contact, Pupil, PupilContact, SchoolClass


@pytest.fixture
def superuser_client(world, settings):
    settings.BRIDGEBOOK_STAFF_2FA = False
    user = UserFactory(is_staff=True, is_superuser=True, email="root@example.org")
    return signed_in(user)


def test_every_model_list_opens(world, superuser_client):
    models = [m for m in admin.site._registry if m._meta.app_label in {"core", "people"}]
    assert len(models) >= 12
    for model in models:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert superuser_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", [Pupil, Contact, PupilContact, SchoolClass, StaffRole,
                                   AuditEvent])
def test_people_records_are_read_only(world, superuser_client, model):
    obj = model.objects.first() or AuditEvent.objects.create(action="view", object_type="x",
                                                             summary="x")
    meta = model._meta
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert superuser_client.get(add).status_code == 403
