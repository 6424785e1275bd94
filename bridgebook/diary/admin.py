"""Read-only admin for the home-school book.

Entries, events and settings change only on the book pages, through
``bridgebook.diary.actions``, so every change keeps its history, its audit row and its one
announcement. Activities are kept on the school's activities page.
"""

from django.contrib import admin

from bridgebook.core.admin import ReadOnlyAdmin
from bridgebook.diary.models import (
    Activity,
    BookEvent,
    BookExport,
    BookSettings,
    Entry,
    EntryRevision,
    Incident,
    Photo,
    Reply,
)


class IncidentInline(admin.TabularInline):
    model = Incident
    extra = 0
    can_delete = False
    fields = ["kind", "happened_at", "what_happened", "action_taken", "who_was_told"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RevisionInline(IncidentInline):
    model = EntryRevision
    fields = ["version", "edited_by", "edited_at", "snapshot"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "pupil", "origin", "date", "status", "version", "deleted_at"]
    list_filter = ["origin", "status", "pupil__school"]
    search_fields = ["pupil__legal_last_name", "pupil__legal_first_name"]
    list_select_related = ["pupil"]
    date_hierarchy = "date"
    inlines = [IncidentInline, RevisionInline]


@admin.register(BookEvent)
class BookEventAdmin(ReadOnlyAdmin):
    list_display = ["title", "school", "school_class", "date", "published_at", "deleted_at"]
    list_filter = ["school"]
    search_fields = ["title"]
    list_select_related = ["school", "school_class"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["name", "school", "is_active"]
    list_filter = ["school", "is_active"]
    search_fields = ["name"]
    list_select_related = ["school"]


@admin.register(BookSettings)
class BookSettingsAdmin(ReadOnlyAdmin):
    list_display = ["pupil", "parts", "share_personal_care"]
    list_select_related = ["pupil"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["token", "school", "date", "alt_text"]
    list_filter = ["school"]
    exclude = ["image"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["entry", "author", "created_at"]
    list_select_related = ["entry", "author"]


@admin.register(BookExport)
class BookExportAdmin(ReadOnlyAdmin):
    """PDFs asked for in the last day, with why one failed; the file is not linked (it is
    fetched only by the person who asked, through diary:book_export_download)."""

    list_display = ["pk", "pupil", "requested_by", "date_from", "date_to", "status",
                    "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["pupil", "requested_by"]
    exclude = ["file"]
