from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "canbo.accounts"
    label = "accounts"
    verbose_name = "Người dùng và phân quyền"
