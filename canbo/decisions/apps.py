from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _rule_settings(sender: Any, **kwargs: Any) -> None:
    from canbo.decisions.services import rule_settings_sync

    rule_settings_sync()


class DecisionsConfig(AppConfig):
    """Personnel decisions (issue 14): effective-dated rule sets, the appointment checker, the
    planning pool under its rules, the lists the plan asks for. Above `people` and `plans`; `people`
    reaches the checker through the setting CANBO_APPOINTMENT_CHECKS."""

    name = "canbo.decisions"
    label = "decisions"
    verbose_name = "Quyết định nhân sự"

    def ready(self) -> None:
        # The rule settings of the data file after each migrate (and each test database flush);
        # versions Sở Nội vụ added are kept (decisions.services.rule_settings_sync).
        post_migrate.connect(_rule_settings, sender=self, dispatch_uid="decisions-rule-settings")
