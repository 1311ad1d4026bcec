from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "canbo.people"
    label = "people"
    verbose_name = "Cán bộ"

    def ready(self) -> None:
        from canbo.people import checks  # noqa: F401  (registers the system checks)
