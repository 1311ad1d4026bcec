"""django.contrib.admin with canbo's site (accounts.admin_site): named in INSTALLED_APPS in place of
"django.contrib.admin". Kept alone in this module: an apps module with two AppConfig classes would
lose the accounts app's own."""

from django.contrib.admin.apps import AdminConfig


class CanboAdminConfig(AdminConfig):
    default_site = "canbo.accounts.admin_site.CanboAdminSite"
