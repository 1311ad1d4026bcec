from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "canbo.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"

    def ready(self) -> None:
        from canbo.core.append_only import on_post_migrate

        # Once for the whole migrate (sender: this app), after every app's tables exist.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="canbo_append_only_triggers")
