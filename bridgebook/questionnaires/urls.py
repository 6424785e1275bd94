from django.urls import path

from bridgebook.questionnaires import views, views_family

app_name = "questionnaires"
urlpatterns = [
    # Staff: the school's questionnaires, their questions and the rounds sent.
    path("schools/<str:urn>/questionnaires/", views.questionnaire_list, name="list"),
    path("schools/<str:urn>/questionnaires/<int:pk>/", views.template_detail,
         name="template"),
    path("schools/<str:urn>/questionnaires/<int:pk>/edit/", views.template_edit,
         name="template_edit"),
    path("schools/<str:urn>/questionnaires/<int:pk>/questions/new/", views.question_add,
         name="question_add"),
    path("schools/<str:urn>/questionnaires/questions/<int:pk>/", views.question_edit,
         name="question_edit"),
    path("schools/<str:urn>/questionnaires/questions/<int:pk>/move/", views.question_move,
         name="question_move"),
    path("schools/<str:urn>/questionnaires/questions/<int:pk>/remove/",
         views.question_remove, name="question_remove"),
    path("schools/<str:urn>/questionnaires/send/", views.round_new, name="round_new"),
    path("schools/<str:urn>/questionnaires/sent/<int:pk>/", views.round_detail,
         name="round"),
    # A child's questionnaires (staff: the rounds and the comparison; families: theirs).
    path("pupils/<int:pk>/questionnaires/", views.pupil_questionnaires, name="pupil"),
    path("pupils/<int:pk>/questionnaires/compare/", views.compare, name="compare"),
    path("questionnaires/answers/<int:pk>/evidence/", views.answer_evidence,
         name="answer_evidence"),
    # A family member answering, one question at a time.
    path("questionnaires/<int:pk>/", views_family.request_start, name="request"),
    path("questionnaires/<int:pk>/questions/<int:number>/", views_family.step,
         name="step"),
    path("questionnaires/<int:pk>/check/", views_family.check_answers, name="check"),
    path("questionnaire-recordings/<str:token>/", views_family.recording,
         name="recording"),
]
