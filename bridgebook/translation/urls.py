from django.urls import path

from bridgebook.translation import views

app_name = "translation"
urlpatterns = [
    path("schools/<str:urn>/glossary/", views.glossary, name="glossary"),
    path("schools/<str:urn>/glossary/new/", views.glossary_add, name="glossary_add"),
    path("schools/<str:urn>/glossary/<int:term_id>/", views.glossary_edit,
         name="glossary_edit"),
    path("schools/<str:urn>/glossary/<int:term_id>/translation/", views.glossary_translation,
         name="glossary_translation"),
    path("schools/<str:urn>/translations/", views.review_queue, name="reviews"),
    path("schools/<str:urn>/translations/<int:review_id>/", views.review_detail,
         name="review"),
]
