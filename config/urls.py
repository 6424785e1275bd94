from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("bridgebook.core.urls")),
    path("accounts/", include("bridgebook.accounts.urls")),
    path("", include("bridgebook.people.urls")),
    path("", include("bridgebook.imports.urls")),
    path("", include("bridgebook.diary.urls")),
    path("messages/", include("bridgebook.messaging.urls")),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
