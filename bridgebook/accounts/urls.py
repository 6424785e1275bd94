from django.urls import path

from bridgebook.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("family/", views.family_sign_in, name="family_sign_in"),
    path("family/code/", views.family_code, name="family_code"),
    path("family/link/<str:secret>/", views.family_link, name="family_link"),
    path("invite/<int:contact_id>/", views.invite_contact, name="invite_contact"),
]
