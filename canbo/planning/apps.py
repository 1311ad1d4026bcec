from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """The planning pool (quy hoạch cán bộ) under its rules (issue 14.3): pools by post and term,
    proposals, decisions, yearly reviews, entry and exit with reasons, and the pool's structure against
    its targets. Its entries are people.PlanningMembership; above `decisions` (the political-standard
    gate and the rule sets)."""

    name = "canbo.planning"
    label = "planning"
    verbose_name = "Quy hoạch cán bộ"
