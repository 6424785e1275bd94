from django.urls import path

from bridgebook.people import views

app_name = "people"
urlpatterns = [
    path("schools/<str:urn>/pupils/", views.pupil_list, name="pupils"),
    path("schools/<str:urn>/pupils/new/", views.pupil_create, name="pupil_create"),
    path("pupils/<int:pk>/", views.pupil_detail, name="pupil"),
    path("pupils/<int:pk>/edit/", views.pupil_edit, name="pupil_edit"),
    path("pupils/<int:pk>/contacts/add/", views.pupil_contact_add, name="pupil_contact_add"),
    path("pupil-contacts/<int:pk>/edit/", views.pupil_contact_edit, name="pupil_contact_edit"),
    path("schools/<str:urn>/families/", views.contact_list, name="contacts"),
    path("schools/<str:urn>/families/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("schools/<str:urn>/classes/", views.class_list, name="classes"),
    path("schools/<str:urn>/classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("schools/<str:urn>/residential-groups/", views.residential_group_list,
         name="residential_groups"),
    path("schools/<str:urn>/residential-groups/new/", views.residential_group_create,
         name="residential_group_create"),
    path("residential-groups/<int:pk>/", views.residential_group_detail,
         name="residential_group"),
    path("residential-groups/<int:pk>/edit/", views.residential_group_edit,
         name="residential_group_edit"),
    path("schools/<str:urn>/staff/", views.staff_list, name="staff"),
    path("schools/<str:urn>/staff/new/", views.staff_create, name="staff_create"),
    path("schools/<str:urn>/staff/<int:user_id>/", views.staff_edit, name="staff_member"),
]
