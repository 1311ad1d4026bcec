from canbo.plans.models.plan import DEFAULT_ADDRESSEE_KINDS, Plan, PlanSection, PlanTarget, Task
from canbo.plans.models.work import Extension, Notification, Obstacle, Occurrence, Reminder, Report

__all__ = [
    "DEFAULT_ADDRESSEE_KINDS",
    "Extension",
    "Notification",
    "Obstacle",
    "Occurrence",
    "Plan",
    "PlanSection",
    "PlanTarget",
    "Reminder",
    "Report",
    "Task",
]
