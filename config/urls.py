from django.contrib import admin
from django.urls import include, path

from bridgebook.core.registry import site

# core's pages, then each app's URLs as its plugin.py registers them (in INSTALLED_APPS
# order), then Django's admin.
urlpatterns = [
    path("", include("bridgebook.core.urls")),
    *(path(urls.prefix, include(urls.module)) for urls in site.urls.values()),
    path("django-admin/", admin.site.urls),
]
# Uploaded files (book photos, pending imports) are about children: they are never served
# from MEDIA_URL, only through views that check who is asking (diary:photo).
