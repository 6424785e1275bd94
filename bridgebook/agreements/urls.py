from django.urls import path

from bridgebook.agreements import views, views_pupil

app_name = "agreements"
urlpatterns = [
    # The school's agreement: the version in force, versions, review record, settings.
    path("schools/<str:urn>/agreement/", views.overview, name="overview"),
    path("schools/<str:urn>/agreement/start/", views.start, name="start"),
    path("schools/<str:urn>/agreement/settings/", views.agreement_settings, name="settings"),
    path("schools/<str:urn>/agreement/views/new/", views.view_new, name="view_new"),
    path("schools/<str:urn>/agreement/signatures/", views.signatures, name="signatures"),
    # The draft and its statements.
    path("schools/<str:urn>/agreement/draft/", views.draft, name="draft"),
    path("schools/<str:urn>/agreement/draft/statements/new/", views.statement_new,
         name="statement_new"),
    path("schools/<str:urn>/agreement/draft/required/", views.add_required,
         name="add_required"),
    path("schools/<str:urn>/agreement/draft/discard/", views.discard, name="discard"),
    path("schools/<str:urn>/agreement/draft/publish/", views.publish, name="publish"),
    path("schools/<str:urn>/agreement/statements/<int:pk>/", views.statement_edit,
         name="statement_edit"),
    path("schools/<str:urn>/agreement/statements/<int:pk>/remove/", views.statement_remove,
         name="statement_remove"),
    path("schools/<str:urn>/agreement/statements/<int:pk>/move/", views.statement_move,
         name="statement_move"),
    # Published versions.
    path("schools/<str:urn>/agreement/versions/<int:pk>/", views.version, name="version"),
    path("schools/<str:urn>/agreement/versions/<int:pk>/pdf/", views.version_pdf,
         name="version_pdf"),
    path("schools/<str:urn>/agreement/versions/<int:pk>/check/", views.check_translation,
         name="check_translation"),
    # The admissions pack.
    path("schools/<str:urn>/agreement/pack/", views.pack, name="pack"),
    path("schools/<str:urn>/agreement/pack/documents/new/", views.pack_document_new,
         name="pack_document_new"),
    path("schools/<str:urn>/agreement/pack/agreement/", views.pack_add_agreement,
         name="pack_add_agreement"),
    path("schools/<str:urn>/agreement/pack/items/<int:pk>/", views.pack_item_file,
         name="pack_item_file"),
    path("schools/<str:urn>/agreement/pack/items/<int:pk>/remove/", views.pack_item_remove,
         name="pack_item_remove"),
    path("schools/<str:urn>/agreement/pack/new-families/", views.new_families,
         name="new_families"),
    # A child's Agreement tab: reading, signing, printing; staff's signatures and pack.
    path("pupils/<int:pk>/agreement/", views_pupil.pupil_agreement, name="pupil"),
    path("pupils/<int:pk>/agreement/sign/", views_pupil.sign, name="sign"),
    path("pupils/<int:pk>/agreement/pdf/", views_pupil.agreement_pdf, name="pdf"),
    path("pupils/<int:pk>/agreement/paper/", views_pupil.paper, name="paper"),
    path("pupils/<int:pk>/agreement/pupil-signs/", views_pupil.pupil_signing,
         name="pupil_signing"),
    path("pupils/<int:pk>/agreement/pupil-sign/", views_pupil.pupil_sign, name="pupil_sign"),
    path("pupils/<int:pk>/admissions-pack/", views_pupil.family_pack, name="family_pack"),
    path("pupils/<int:pk>/admissions-pack/send/", views_pupil.send_pack, name="send_pack"),
    path("pupils/<int:pk>/admissions-pack/<int:item>/", views_pupil.pack_file,
         name="pack_file"),
]
