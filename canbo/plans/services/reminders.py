"""Reminders: each agency's focal officers are e-mailed about occurrences due soon and overdue, once
per occurrence and day.

The record comes first, the mail after: one transaction records the day's reminders as pending
(Reminder.sent_at empty); once it has committed, each agency's message is sent, and only a message
the mail server took marks its reminders sent (with one audit entry each). A mail that fails leaves
its reminders pending, and the next run of the same day sends them, with whatever is new, and
nothing already sent: a rollback sends nothing, and a failure half-way neither loses a reminder nor
sends one twice. Two runs at once (a cron job and an officer's manual run) deliver one after the
other (core.locks.held), the second reading what is still pending only when the first is done, and
neither holds the database while it talks to the mail server. (The one window left: the server takes
a message and the process dies before the mark is written; that message goes again. At least once,
never silently lost.)"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from canbo.accounts.system import SYSTEM
from canbo.audit.services import audit_entry, audit_record, audit_record_many
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import InputRejected
from canbo.core.locks import held, serialize
from canbo.core.text import site_link
from canbo.org.selectors import unit_names
from canbo.plans.choices import NotificationKind, ReminderKind, Status
from canbo.plans.models import Occurrence, Reminder
from canbo.plans.selectors import OccurrenceRow, occurrence_rows, occurrences_visible
from canbo.plans.services.common import clean, require_home_affairs
from canbo.plans.services.notifications import notify

logger = logging.getLogger(__name__)


@dataclass
class ReminderResult:
    """What a run did. Filled when the record commits (before reminders_send returns, unless it was
    called inside a transaction of the caller's: then when that one commits)."""

    sent: list[Reminder] = field(default_factory=list)  # sent by this run, pending ones of the day included
    failed: list[str] = field(
        default_factory=list
    )  # agencies whose mail failed: their reminders stay pending
    agencies_without_recipient: list[str] = field(default_factory=list)


def _focal_recipients(as_of: dt.date) -> dict[int, list[str]]:
    """unit id -> e-mail addresses of the focal officers whose scope holds that unit on as_of."""
    from canbo.accounts.choices import Role
    from canbo.accounts.models import RoleAssignment
    from canbo.org.scope import visible_unit_ids

    recipients: dict[int, set[str]] = {}
    users = {a.user for a in RoleAssignment.objects.filter(role=Role.FOCAL).select_related("user")}
    for user in users:
        if not user.is_active or not user.email:
            continue
        for unit_id in visible_unit_ids(user, "change", as_of=as_of) or set():
            recipients.setdefault(unit_id, set()).add(user.email)
    return {unit_id: sorted(emails) for unit_id, emails in recipients.items()}


def _kind(row: OccurrenceRow, horizon: dt.date) -> str | None:
    if row.status == Status.OVERDUE:
        return ReminderKind.OVERDUE
    if row.status == Status.ON_TIME and row.due is not None and row.due <= horizon:
        return ReminderKind.DUE_SOON
    return None


def reminders_send(*, as_of: dt.date, days: int | None = None) -> ReminderResult:
    """Remind each agency's focal officers of its occurrences due within `days`
    (CANBO_REMIND_DAYS) and of those overdue: the day's reminders are recorded, pending, then
    e-mailed after the record commits (see the module's docstring). Never the same occurrence twice
    on the same day (a database constraint too); what was sent, and what waits, is listed on the task.
    `result.failed` names the agencies whose mail failed: run again to send theirs."""
    days = settings.CANBO_REMIND_DAYS if days is None else days
    result = ReminderResult()

    def deliver() -> None:
        _deliver(as_of=as_of, days=days, result=result)

    with transaction.atomic():
        serialize("plans.remind")  # one run at a time (core.locks)
        _record(as_of=as_of, horizon=as_of + dt.timedelta(days=days), result=result)
        transaction.on_commit(deliver, robust=True)
    return result


def _record(*, as_of: dt.date, horizon: dt.date, result: ReminderResult) -> None:
    """The day's new reminders, pending: every occurrence due soon or overdue that has none for the
    day yet (sent or pending), for an agency with a focal officer to write to."""
    already = set(Reminder.objects.filter(sent_on=as_of).values_list("occurrence_id", flat=True))
    recipients = _focal_recipients(as_of)
    missing: set[str] = set()
    new: list[Reminder] = []
    for row in occurrence_rows(user=SYSTEM, as_of=as_of):
        kind = _kind(row, horizon)
        if row.responsible is None or kind is None or row.occurrence.pk in already:
            continue
        emails = recipients.get(row.responsible.pk)
        if not emails:
            missing.add(row.responsible_name)
            continue
        reminder = Reminder(
            occurrence=row.occurrence,
            unit=row.responsible,
            sent_on=as_of,
            kind=kind,
            recipients=", ".join(emails),
        )
        # Its own fields: the occurrence and the unit were just read, `already` is the once-a-day
        # check (the database's constraint is the guarantee).
        clean(reminder, exclude=["occurrence", "unit"], validate_unique=False, validate_constraints=False)
        new.append(reminder)
    Reminder.objects.bulk_create(new)
    result.agencies_without_recipient = sorted(missing)


def _deliver(*, as_of: dt.date, days: int, result: ReminderResult) -> None:
    """E-mail the day's pending reminders, one message per agency (and list of addresses), each
    marked sent once its message has gone; one delivery at a time, which reads what is pending only
    once the one before it has marked what it sent."""
    with held("plans.remind.deliver"):
        _deliver_pending(as_of=as_of, days=days, result=result)


def _deliver_pending(*, as_of: dt.date, days: int, result: ReminderResult) -> None:
    pending = list(
        Reminder.objects.filter(sent_on=as_of, sent_at__isnull=True)
        .select_related("unit")
        .order_by("unit__code", "pk")  # the agencies in a steady order, run after run
    )
    if not pending:
        return
    rows = {
        row.occurrence.pk: row
        for row in occurrence_rows(
            user=SYSTEM,
            as_of=as_of,
            queryset=occurrences_visible(user=SYSTEM).filter(pk__in=[r.occurrence_id for r in pending]),
        )
    }
    names = unit_names(units=list({r.unit for r in pending}), as_of=as_of)
    messages: dict[tuple[int, str], list[Reminder]] = {}
    for reminder in pending:
        messages.setdefault((reminder.unit_id, reminder.recipients), []).append(reminder)
    for (unit_id, recipients), reminders in messages.items():
        agency = names.get(unit_id, "")
        reminders.sort(key=lambda r: (rows[r.occurrence_id].due or as_of, rows[r.occurrence_id].task.order))
        lines = [
            f"- {row.task.code} {row.task.title} ({row.occurrence.period}): "
            f"{'QUÁ HẠN từ' if r.kind == ReminderKind.OVERDUE else 'hạn'} {format_date(row.due)}"
            for r in reminders
            for row in [rows[r.occurrence_id]]
        ]
        subject = f"[canbo] Nhắc việc ngày {format_date(as_of)}: {len(reminders)} nhiệm vụ của {agency}"
        body = (
            f"Kính gửi {agency},\n\nSở Nội vụ nhắc các nhiệm vụ sắp đến hạn (trong {days} ngày) "
            "hoặc đã quá hạn:\n\n"
            + "\n".join(lines)
            + "\n\nĐề nghị cập nhật tiến độ trên hệ thống canbo: "
            + site_link(reverse("plans:agency", args=[unit_id]))
        )
        try:
            send_mail(subject, body, from_email=None, recipient_list=recipients.split(", "))
        except Exception as exc:  # any failure of the mail (SMTP, network): the reminders stay pending
            logger.warning(
                "reminders of %s for unit %s: the mail failed (%s); %d left pending for the next run",
                as_of.isoformat(),
                unit_id,
                type(exc).__name__,
                len(reminders),
            )
            result.failed.append(agency)
            continue
        _mark_sent(reminders)
        result.sent.extend(reminders)


@transaction.atomic
def _mark_sent(reminders: list[Reminder]) -> None:
    now = timezone.now()
    Reminder.objects.filter(pk__in=[r.pk for r in reminders], sent_at__isnull=True).update(sent_at=now)
    for reminder in reminders:
        reminder.sent_at = now
    audit_record_many(
        [
            audit_entry(
                actor=SYSTEM, action="plans.reminder.send", obj=r, after={"kind": r.kind, "to": r.recipients}
            )
            for r in reminders
        ]
    )


OPEN = (Status.ON_TIME, Status.OVERDUE, Status.NO_DEADLINE)


@dataclass
class ManualReminders:
    """What reminders_request did: the reminders recorded (e-mailed after commit) and, by agency, the
    occurrences left out (already reminded that day, nothing left to do, no focal officer)."""

    recorded: list[Reminder] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def reminders_request(*, actor: Actor, occurrences: list[Occurrence], on: dt.date) -> ManualReminders:
    """Sở Nội vụ reminds the agencies answering for `occurrences` now ("Nhắc việc" on the task page,
    or several at once from the list; issue 13.5, 13.7). Recorded like `canbo remind`: one Reminder
    per occurrence and day, pending until its mail has gone (the day's delivery runs after commit and
    sends what is pending); the focal officers are also told in the application. An occurrence already
    reminded that day, finished or waiting for review, or of an agency without a focal officer to
    write to, is skipped and named. NotAllowed for anyone but Sở Nội vụ; OutOfScope outside its scope."""
    if not occurrences:
        raise InputRejected.single("Chưa chọn nhiệm vụ nào để nhắc.")
    for occurrence in occurrences:
        require_home_affairs(actor, occurrence)
    serialize("plans.remind")  # not beside a run of `canbo remind` recording the same day
    result = ManualReminders()
    already = set(
        Reminder.objects.filter(sent_on=on, occurrence__in=occurrences).values_list(
            "occurrence_id", flat=True
        )
    )
    recipients = _focal_recipients(on)
    rows = occurrence_rows(
        user=SYSTEM,
        as_of=on,
        queryset=occurrences_visible(user=SYSTEM).filter(pk__in=[o.pk for o in occurrences]),
    )
    for row in rows:
        label = f"{row.task.code} ({row.occurrence.period}) — {row.responsible_name}"
        if row.occurrence.pk in already:
            result.skipped.append(f"{label}: đã nhắc hôm nay")
            continue
        if row.status not in OPEN or row.responsible is None:
            result.skipped.append(f"{label}: {row.status.label.lower()}, không cần nhắc")
            continue
        emails = recipients.get(row.responsible.pk)
        if not emails:
            result.skipped.append(f"{label}: cơ quan chưa có cán bộ đầu mối có địa chỉ thư")
            continue
        reminder = Reminder(
            occurrence=row.occurrence,
            unit=row.responsible,
            sent_on=on,
            kind=ReminderKind.OVERDUE if row.status == Status.OVERDUE else ReminderKind.DUE_SOON,
            recipients=", ".join(emails),
        )
        clean(reminder, exclude=["occurrence", "unit"], validate_unique=False, validate_constraints=False)
        reminder.save()
        audit_record(
            actor=actor, action="plans.reminder.request", obj=reminder, after={"kind": reminder.kind}
        )
        due = f" (hạn {format_date(row.due)})" if row.due else ""
        notify(
            actor=actor,
            occurrence=row.occurrence,
            kind=NotificationKind.REMINDER,
            text=f"Sở Nội vụ nhắc nhiệm vụ {row.task.code} ({row.occurrence.period}){due}: "
            f"{row.status.label}.",
            on=on,
        )
        result.recorded.append(reminder)
    if result.recorded:
        days = settings.CANBO_REMIND_DAYS
        transaction.on_commit(lambda: _deliver(as_of=on, days=days, result=ReminderResult()), robust=True)
    return result
