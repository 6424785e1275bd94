"""The project's URLconf built again, once the sample app has registered its URLs."""

from django.urls import include, path

from bridgebook.core.registry import site
from config.urls import urlpatterns as _project

urlpatterns = [*_project,
               *(path(urls.prefix, include(urls.module)) for key, urls in site.urls.items()
                 if key == "sample_app")]
