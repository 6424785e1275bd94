from django.urls import path

from bridgebook.reviews import views, views_family, views_pack

app_name = "reviews"
urlpatterns = [
    # The SENCO's pages.
    path("schools/<str:urn>/reviews/", views.calendar, name="calendar"),
    path("schools/<str:urn>/reviews/authorities/", views.authorities, name="authorities"),
    path("reviews/authorities/<int:pk>/edit/", views.authority_edit, name="authority_edit"),
    path("reviews/compliance/", views.compliance_page, name="compliance"),
    # A child's reviews.
    path("pupils/<int:pk>/reviews/", views.pupil_reviews, name="pupil"),
    path("pupils/<int:pk>/reviews/plan/", views.record_edit, name="record_edit"),
    path("pupils/<int:pk>/reviews/new/", views.book, name="book"),
    # One review, from booking to the local authority's decision.
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/edit/", views.edit, name="edit"),
    path("reviews/<int:pk>/invite/", views.invite, name="invite"),
    path("reviews/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("reviews/<int:pk>/papers/new/", views.paper_add, name="paper_add"),
    path("reviews/<int:pk>/circulate/", views.circulate, name="circulate"),
    path("reviews/<int:pk>/meeting/", views.meeting, name="meeting"),
    path("reviews/<int:pk>/priorities/", views.priorities, name="priorities"),
    path("reviews/<int:pk>/targets/", views.make_targets, name="make_targets"),
    path("reviews/<int:pk>/report/", views.report, name="report"),
    path("reviews/<int:pk>/report/send/", views.send_report, name="send_report"),
    path("reviews/<int:pk>/decision/", views.decision, name="decision"),
    path("reviews/<int:pk>/chase/", views.chase, name="chase"),
    # The pack: the school's summary of the year, and each paper.
    path("reviews/<int:pk>/summary/", views_pack.summary, name="summary"),
    path("reviews/<int:pk>/summary.pdf", views_pack.summary_pdf, name="summary_pdf"),
    path("reviews/papers/<int:pk>/", views_pack.paper, name="paper"),
    # The family's part.
    path("reviews/<int:pk>/answer/", views_family.answer, name="answer"),
    path("reviews/<int:pk>/views/", views_family.give_views, name="give_views"),
    path("reviews/views/<str:token>/recording/", views_family.recording, name="recording"),
]
