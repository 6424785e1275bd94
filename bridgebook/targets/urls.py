from django.urls import path

from bridgebook.targets import views

app_name = "targets"
urlpatterns = [
    path("pupils/<int:pk>/targets/", views.pupil_targets, name="pupil"),
    path("pupils/<int:pk>/targets/plan/new/", views.plan_new, name="plan_new"),
    path("pupils/<int:pk>/targets/plan/edit/", views.plan_edit, name="plan_edit"),
    path("pupils/<int:pk>/targets/outcomes/new/", views.outcome_new, name="outcome_new"),
    path("pupils/<int:pk>/targets/new/", views.target_new, name="target_new"),
    path("pupils/<int:pk>/targets/engagement/", views.engagement, name="engagement"),
    path("pupils/<int:pk>/targets/strategies/new/", views.strategy_new, name="strategy_new"),
    path("pupils/<int:pk>/targets/evidence/new/", views.evidence_new, name="evidence_new"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/photos/", views.tag_photo, name="tag_photo"),
    path("targets/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("targets/outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("targets/strategies/<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("targets/strategies/<int:pk>/remove/", views.strategy_remove, name="strategy_remove"),
    path("targets/strategies/<int:pk>/check/", views.strategy_check, name="strategy_check"),
    path("targets/evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("targets/evidence/tag/", views.tag_entry, name="tag_entry"),
    path("schools/<str:urn>/targets/scale/", views.scale, name="scale"),
]
