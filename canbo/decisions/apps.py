from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Personnel decisions (issue 14): effective-dated rule sets, the appointment checker, the
    planning pool under its rules, the lists the plan asks for. Above `people` and `plans`; `people`
    reaches the checker through the setting CANBO_APPOINTMENT_CHECKS."""

    name = "canbo.decisions"
    label = "decisions"
    verbose_name = "Quyết định nhân sự"
