from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bridgebook.accounts"
    label = "accounts"
    verbose_name = "Sign-in"
