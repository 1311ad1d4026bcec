from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _targets(sender: Any, **kwargs: Any) -> None:
    from canbo.indicators.services import targets_sync

    targets_sync()


class IndicatorsConfig(AppConfig):
    name = "canbo.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self) -> None:
        from canbo.indicators import checks  # noqa: F401  (registers the system checks)

        # Every target after each migrate (the national ones come from a data file). A plan's targets
        # are kept in step by the plan's load itself, with its user (settings.CANBO_PLAN_TARGETS_SAVED).
        post_migrate.connect(_targets, sender=self, dispatch_uid="indicators-targets")
