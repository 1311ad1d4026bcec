from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "canbo.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from canbo.core import checks, lookups  # noqa: F401  (registers the system checks, `__among`)
