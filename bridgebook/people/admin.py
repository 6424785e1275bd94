"""Read-only admin for people records.

Pupils, contacts, classes and links change only on the staff pages, through
``bridgebook.people.actions``, so every change is checked the same way and audited.
"""

from django.contrib import admin

from bridgebook.core.admin import ReadOnlyAdmin
from bridgebook.people.models import (
    ClassStaff,
    Contact,
    Household,
    Pupil,
    PupilContact,
    ResidentialGroup,
    ResidentialStaff,
    SchoolClass,
)


class ClassStaffInline(admin.TabularInline):
    model = ClassStaff
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SchoolClass)
class SchoolClassAdmin(ReadOnlyAdmin):
    list_display = ["name", "school", "year_group"]
    list_filter = ["school"]
    search_fields = ["name"]
    list_select_related = ["school"]
    inlines = [ClassStaffInline]


class ResidentialStaffInline(ClassStaffInline):
    model = ResidentialStaff


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "school"]
    list_filter = ["school"]
    search_fields = ["name"]
    list_select_related = ["school"]
    inlines = [ResidentialStaffInline]


@admin.register(Pupil)
class PupilAdmin(ReadOnlyAdmin):
    list_display = ["legal_last_name", "legal_first_name", "school", "school_class",
                    "residential_group", "upn"]
    list_filter = ["school"]
    search_fields = ["legal_last_name", "legal_first_name", "upn"]
    list_select_related = ["school", "school_class", "residential_group"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "school"]
    list_filter = ["school"]
    search_fields = ["postcode", "address_line_1"]
    list_select_related = ["school"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["last_name", "first_name", "school", "email", "mobile"]
    list_filter = ["school", "interpreter_needed", "literacy_support"]
    search_fields = ["last_name", "first_name", "email", "mobile"]
    list_select_related = ["school"]


@admin.register(PupilContact)
class PupilContactAdmin(ReadOnlyAdmin):
    list_display = ["pupil", "contact", "relationship", "parental_responsibility",
                    "is_restricted", "priority"]
    list_filter = ["relationship", "is_restricted"]
    list_select_related = ["pupil", "contact"]
