from django.urls import path

from bridgebook.diary import views, views_day, views_media

app_name = "diary"
urlpatterns = [
    path("pupils/<int:pk>/book/", views.book, name="book"),
    path("pupils/<int:pk>/book/new/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("entries/<int:pk>/history/", views.entry_history, name="entry_history"),
    path("entries/<int:pk>/reply/", views.reply, name="reply"),
    path("incidents/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("pupils/<int:pk>/book/settings/", views.book_settings, name="book_settings"),
    path("schools/<str:urn>/book-events/new/", views.event_new, name="event_new"),
    path("book-events/<int:pk>/", views.event_detail, name="event"),
    path("book-events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("classes/<int:pk>/book/", views_day.class_day, name="class_day"),
    path("classes/<int:pk>/book/<str:day>/", views_day.class_day, name="class_day_on"),
    path("schools/<str:urn>/activities/", views_day.activities, name="activities"),
    path("photos/<str:token>/", views_media.photo, name="photo"),
    path("entries/<int:pk>/photos/add/", views_media.photo_add, name="photo_add"),
    path("classes/<int:pk>/book/<str:day>/photos/add/", views_media.group_photo_add,
         name="group_photo_add"),
    path("pupils/<int:pk>/my-day/", views_media.my_day, name="my_day"),
    path("symbols/<str:hexcode>.svg", views_media.symbol, name="symbol"),
    path("pupils/<int:pk>/book.pdf", views_media.book_pdf, name="book_pdf"),
    path("book-pdfs/<int:pk>/", views_media.book_export, name="book_export"),
    path("book-pdfs/<int:pk>/download/", views_media.book_export_download,
         name="book_export_download"),
    path("book-pdfs/<int:pk>/try-again/", views_media.book_export_retry,
         name="book_export_retry"),
]
