from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("bridgebook.core.urls")),
    path("accounts/", include("bridgebook.accounts.urls")),
    path("", include("bridgebook.people.urls")),
    path("", include("bridgebook.imports.urls")),
    path("", include("bridgebook.diary.urls")),
    path("", include("bridgebook.announcements.urls")),
    path("messages/", include("bridgebook.messaging.urls")),
    path("", include("bridgebook.translation.urls")),
    path("django-admin/", admin.site.urls),
]
# Uploaded files (book photos, pending imports) are about children: they are never served
# from MEDIA_URL, only through views that check who is asking (diary:photo).
