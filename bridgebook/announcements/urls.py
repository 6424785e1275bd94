from django.urls import path

from bridgebook.announcements import views

app_name = "announcements"
urlpatterns = [
    path("schools/<str:urn>/announcements/", views.announcement_list, name="list"),
    path("schools/<str:urn>/announcements/new/", views.announcement_new, name="new"),
    path("schools/<str:urn>/announcements/<int:pk>/", views.announcement_detail,
         name="detail"),
    path("schools/<str:urn>/announcements/<int:pk>/edit/", views.announcement_edit,
         name="edit"),
    path("schools/<str:urn>/announcements/<int:pk>/send/", views.announcement_send,
         name="send"),
    path("schools/<str:urn>/announcements/<int:pk>/report/", views.announcement_report,
         name="report"),
    path("schools/<str:urn>/announcements/<int:pk>/languages/<slug:language>/send/",
         views.announcement_release, name="release"),
    path("schools/<str:urn>/letters/", views.letters, name="letters"),
    path("schools/<str:urn>/letters/print/", views.letters_print, name="letters_print"),
    path("schools/<str:urn>/letters/<int:pk>.pdf", views.letters_pdf, name="letters_pdf"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("announcement-files/<int:pk>/", views.attachment, name="attachment"),
]
