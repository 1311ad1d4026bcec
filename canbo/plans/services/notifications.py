"""Notifications (issue 13.5): who is concerned by a decision on their agency's work is told in the
application (the bell, the home page's "Việc cần làm") and by e-mail.

The people concerned by an occurrence: the user the decision answers (who sent the report, asked for
the extension, raised the obstacle) and the focal officers (role `dau_moi`) whose scope holds the
agency answering for the occurrence that day; never the one who decided. The notifications are written
in the decision's transaction (a rollback leaves none) and audited; the e-mail leaves after commit
(`transaction.on_commit`, as reminders do) and marks `emailed_at` once the mail server took it. A mail
that fails is logged without addresses and not retried: the notification stays in the application."""

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from canbo.accounts.system import SYSTEM
from canbo.audit.services import audit_entry, audit_record_many
from canbo.core.actors import Actor
from canbo.core.text import site_link
from canbo.plans.models import Notification, Occurrence
from canbo.plans.selectors import occurrence_row

logger = logging.getLogger(__name__)


def focal_officers(*, unit_id: int, as_of: dt.date) -> list[Any]:
    """The active focal officers whose scope lets them change the unit's work on as_of."""
    from canbo.accounts.choices import Role
    from canbo.accounts.models import RoleAssignment
    from canbo.org.scope import visible_unit_ids

    users = {a.user for a in RoleAssignment.objects.filter(role=Role.FOCAL).select_related("user")}
    found = []
    for user in users:
        if not user.is_active:
            continue
        visible = visible_unit_ids(user, "change", as_of=as_of)
        if visible is None or unit_id in visible:
            found.append(user)
    return sorted(found, key=lambda u: u.pk)


def concerned(*, occurrence: Occurrence, on: dt.date, also: Iterable[Any] = ()) -> list[Any]:
    """`also` (the user the decision answers) and the focal officers of the agency answering for the
    occurrence on `on` (the unit it was given to, or its successor), each once."""
    responsible = occurrence_row(user=SYSTEM, pk=occurrence.pk, as_of=on).responsible
    people = {u.pk: u for u in also if u is not None and getattr(u, "is_active", False)}
    if responsible is not None:
        people.update({u.pk: u for u in focal_officers(unit_id=responsible.pk, as_of=on)})
    return [people[pk] for pk in sorted(people)]


def notify(
    *,
    actor: Actor,
    occurrence: Occurrence,
    kind: str,
    text: str,
    on: dt.date,
    also: Iterable[Any] = (),
) -> list[Notification]:
    """Tell the people concerned by `occurrence` (see concerned()) `text`, except the actor; called by
    a service inside its transaction. The e-mails leave once it commits."""
    actor_pk = getattr(actor, "pk", None)
    notes = [
        Notification(recipient=user, occurrence=occurrence, kind=kind, text=text)
        for user in concerned(occurrence=occurrence, on=on, also=also)
        if user.pk != actor_pk
    ]
    if not notes:
        return []
    for note in notes:  # its own fields: the recipient and the occurrence were just read
        note.full_clean(exclude=["recipient", "occurrence"], validate_constraints=False)
    created = Notification.objects.bulk_create(notes)
    audit_record_many(
        [
            audit_entry(
                actor=actor,
                action="plans.notification.create",
                obj=n,
                after={"kind": kind, "to": n.recipient_id},
            )
            for n in created
        ]
    )
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: _email(ids), robust=True)
    return created


def notifications_email_pending(*, within_days: int = 7, now: dt.datetime | None = None) -> int:
    """Mail again the notifications of the last `within_days` days whose mail failed (the server did
    not take it): `canbo remind` runs this every day. How many went out."""
    since = (now or timezone.now()) - dt.timedelta(days=within_days)
    ids = list(
        Notification.objects.filter(emailed_at__isnull=True, created_at__gte=since)
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    return _email(ids)


def _email(ids: list[int]) -> int:
    """One message per notification whose recipient has an address; marked once the server took it.
    How many the server took."""
    notes = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient", "occurrence__task"
    )
    sent = 0
    for note in notes:
        address = note.recipient.email
        if not address:
            continue
        subject = f"[canbo] {note.get_kind_display()}: {note.occurrence.task.code} ({note.occurrence.period})"
        body = f"{note.text}\n\nXem chi tiết trên hệ thống canbo: {site_link(note.get_absolute_url())}"
        try:
            send_mail(subject, body, from_email=None, recipient_list=[address])
        except Exception as exc:  # any failure of the mail: the notification stays in the application
            logger.warning("notification %s: the mail failed (%s)", note.pk, type(exc).__name__)
            continue
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def notifications_mark_read(
    *, actor: Actor, ids: Iterable[int] | None = None, occurrence: Occurrence | None = None
) -> int:
    """Mark the actor's own unread notifications read: those of `ids`, or about `occurrence` (its page
    was opened), or all of them; how many."""
    queryset = Notification.objects.filter(recipient_id=getattr(actor, "pk", None), read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    if occurrence is not None:
        queryset = queryset.filter(occurrence=occurrence)
    notes = list(queryset)
    if not notes:
        return 0
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(read_at=now)
    audit_record_many(
        [
            audit_entry(actor=actor, action="plans.notification.read", obj=n, after={"read_at": now})
            for n in notes
        ]
    )
    return len(notes)
