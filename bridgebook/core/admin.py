"""Django admin for the school set-up that has no page of its own yet.

People records (pupils, contacts, classes) change only through the staff pages, which go
through ``bridgebook.people.actions`` and write the audit log; the admin shows them read-only.
The audit log itself is never editable.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import (
    AcademicYear,
    AuditEvent,
    LessonPeriod,
    School,
    StaffRole,
    Term,
    Trust,
    TrustAdministrator,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "trust", "la_code", "estab"]
    list_filter = ["trust"]
    search_fields = ["name", "urn"]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "starts_on", "ends_on"]
    list_filter = ["school"]
    inlines = [TermInline]


@admin.register(LessonPeriod)
class LessonPeriodAdmin(admin.ModelAdmin):
    list_display = ["school", "weekday", "name", "starts_at", "ends_at"]
    list_filter = ["school", "weekday"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users sign in with their email address; there is no username."""

    ordering = ["full_name"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                  "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(StaffRole)
class StaffRoleAdmin(ReadOnlyAdmin):
    """Roles change on the school's staff pages, which keep the audit log."""

    list_display = ["user", "school", "role", "job_title"]
    list_filter = ["school", "role"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user", "school"]


@admin.register(TrustAdministrator)
class TrustAdministratorAdmin(admin.ModelAdmin):
    list_display = ["user", "trust"]
    list_select_related = ["user", "trust"]
    autocomplete_fields = ["user"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "school", "action", "summary"]
    list_filter = ["action", "school"]
    search_fields = ["summary", "actor__email"]
    list_select_related = ["actor", "school"]
    date_hierarchy = "at"
