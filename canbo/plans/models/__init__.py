from canbo.plans.models.plan import Plan, PlanSection, PlanTarget, Task
from canbo.plans.models.work import Extension, Obstacle, Occurrence, Reminder, Report

__all__ = [
    "Extension",
    "Obstacle",
    "Occurrence",
    "Plan",
    "PlanSection",
    "PlanTarget",
    "Reminder",
    "Report",
    "Task",
]
