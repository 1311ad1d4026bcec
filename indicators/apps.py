from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _targets(sender: Any, **kwargs: Any) -> None:
    from indicators.services import targets_sync

    targets_sync()


def _plan_target_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading a fixture
        return
    from indicators.services import plan_target_sync

    plan_target_sync(plan_target=instance)


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self) -> None:
        # Every target after each migrate; each of a plan's targets whenever the plan is
        # loaded or changed (plans.services.plan_import saves its PlanTargets).
        post_migrate.connect(_targets, sender=self, dispatch_uid="indicators-targets")
        post_save.connect(
            _plan_target_saved, sender="plans.PlanTarget", dispatch_uid="indicators-plan-target"
        )
