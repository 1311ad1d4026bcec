"""Writes to plans, one module per subject:

- plan.py: loading a plan (all or nothing, idempotent) and scheduling its occurrences (the periods
  themselves are pure arithmetic: plans.periods);
- reports.py: an agency's report and Sở Nội vụ's review of it;
- extensions.py: asking for more time, and the decision;
- obstacles.py: obstacles raised in a report, and their answer;
- reminders.py: the daily reminders, recorded first and e-mailed after the record commits, and
  Sở Nội vụ's reminder to chosen agencies ("Nhắc việc");
- notifications.py: who is concerned by a decision is told in the application and by e-mail;
- common.py: who may act on what, and a model checked (full_clean) before it is saved.

Every write is atomic, checked against the actor's scope and audited. A refusal is one of
core.errors' kinds: OutOfScope (404, like a missing object), NotAllowed (403), InputRejected (422,
each problem under its column), Conflict (409: decided already). Import from here:
`from plans.services import report_submit`."""

from canbo.plans.periods import ONCE, WHOLE_PERIOD, Period, schedule_from_json
from canbo.plans.services.extensions import extension_decide, extension_request
from canbo.plans.services.notifications import notifications_email_pending, notifications_mark_read, notify
from canbo.plans.services.obstacles import obstacle_answer, obstacle_raise
from canbo.plans.services.plan import (
    PlanImportResult,
    ScheduleResult,
    plan_import,
    plan_schedule,
    plan_validate,
    plan_wanted,
    plans_reschedule,
    task_periods,
)
from canbo.plans.services.reminders import ManualReminders, ReminderResult, reminders_request, reminders_send
from canbo.plans.services.reports import ReportInput, report_review, report_submit, reports_accept

__all__ = [
    "ONCE",
    "WHOLE_PERIOD",
    "ManualReminders",
    "Period",
    "PlanImportResult",
    "ReminderResult",
    "ReportInput",
    "ScheduleResult",
    "extension_decide",
    "extension_request",
    "notifications_email_pending",
    "notifications_mark_read",
    "notify",
    "obstacle_answer",
    "obstacle_raise",
    "plan_import",
    "plan_schedule",
    "plan_validate",
    "plan_wanted",
    "plans_reschedule",
    "reminders_request",
    "reminders_send",
    "report_review",
    "report_submit",
    "reports_accept",
    "schedule_from_json",
    "task_periods",
]
