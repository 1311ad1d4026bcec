"""Extensions: an agency asks for more time; Sở Nội vụ grants or refuses. A granted extension moves
the deadline from the day it is granted; the original stays (RULES.md §7)."""

import datetime as dt

from django.db import transaction

from canbo.audit.services import actor_identity, audit_record
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import Conflict, InputRejected, NotAllowed, RowError
from canbo.plans.choices import ExtensionState, NotificationKind, Progress, Review
from canbo.plans.models import Extension, Occurrence
from canbo.plans.services.common import clean, labels, require_change, require_home_affairs
from canbo.plans.services.notifications import notify

EXTENSION_COLUMNS = labels(Extension, decision_comment="Ý kiến")


@transaction.atomic
def extension_request(
    *, actor: Actor, occurrence: Occurrence, requested_due: dt.date, reason: str, on: dt.date
) -> Extension:
    """Ask for more time (OutOfScope when the occurrence is not the actor's; InputRejected names every
    problem: no deadline to move, a new deadline not after the day of asking, no reason)."""
    require_change(actor, occurrence)
    errors = []
    due_column = EXTENSION_COLUMNS["requested_due"]
    if occurrence.original_due is None:
        errors.append(RowError("Nhiệm vụ không có thời hạn, không cần gia hạn.", column=due_column))
    elif occurrence.reports.filter(
        progress=Progress.DONE, review__in=[Review.SUBMITTED, Review.ACCEPTED]
    ).exists():  # issue 12.9: nothing left to extend
        errors.append(RowError("Nhiệm vụ đã được báo cáo hoàn thành, không cần gia hạn.", column=due_column))
    elif requested_due <= on:
        errors.append(RowError("Thời hạn đề nghị phải sau ngày đề nghị.", column=due_column))
    if not reason.strip():
        errors.append(RowError("Phải ghi lý do đề nghị gia hạn.", column=EXTENSION_COLUMNS["reason"]))
    if errors:
        raise InputRejected(errors)
    extension = Extension(
        occurrence=occurrence,
        requested_due=requested_due,
        reason=reason,
        requested_by=actor_identity(actor)[0],
        requested_on=on,
    )
    clean(extension, columns=EXTENSION_COLUMNS)
    extension.save()
    audit_record(
        actor=actor,
        action="plans.extension.request",
        obj=extension,
        after={"requested_due": requested_due, "reason": reason},
    )
    return extension


@transaction.atomic
def extension_decide(
    *, actor: Actor, extension: Extension, grant: bool, comment: str, on: dt.date
) -> Extension:
    """Grant or refuse, with a comment (NotAllowed for anyone but Sở Nội vụ and for who asked;
    OutOfScope outside its scope; InputRejected without a comment). A granted
    extension moves the deadline from `on`; the original stays. The row is locked and read again: of
    two officers deciding at once, the second is told who decided (Conflict)."""
    require_home_affairs(actor, extension)
    locked = Extension.objects.select_for_update(of=("self",)).select_related("decided_by")
    extension = locked.get(pk=extension.pk)
    if extension.state != ExtensionState.PENDING:
        raise Conflict(
            f"Đề nghị gia hạn này đã được {extension.decided_by or 'người khác'} "
            f"{'đồng ý' if extension.state == ExtensionState.GRANTED else 'không đồng ý'}"
            f"{' ngày ' + format_date(extension.decided_on) if extension.decided_on else ''}; "
            "quyết định của bạn chưa được ghi."
        )
    if extension.requested_by_id is not None and extension.requested_by_id == getattr(actor, "pk", None):
        # Two people: who asks never decides (issue 12.9), as for reports.
        raise NotAllowed(
            "Không thể tự quyết định đề nghị gia hạn do chính mình gửi; người khác của Sở Nội vụ quyết định."
        )
    if not comment.strip():
        raise InputRejected.single(
            "Quyết định gia hạn phải ghi ý kiến (lý do đồng ý hoặc không đồng ý).",
            column=EXTENSION_COLUMNS["decision_comment"],
        )
    extension.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    extension.decided_by = actor_identity(actor)[0]
    extension.decided_on = on
    extension.decision_comment = comment
    clean(extension, columns=EXTENSION_COLUMNS)
    extension.save()
    audit_record(
        actor=actor,
        action="plans.extension.grant" if grant else "plans.extension.refuse",
        obj=extension,
        after={"state": extension.state, "requested_due": extension.requested_due, "comment": comment},
    )
    occurrence = extension.occurrence
    notify(  # issue 13.5
        actor=actor,
        occurrence=occurrence,
        kind=NotificationKind.EXTENSION_GRANTED if grant else NotificationKind.EXTENSION_REFUSED,
        text=(
            f"Đề nghị gia hạn nhiệm vụ {occurrence.task.code} ({occurrence.period}) đến ngày "
            f"{format_date(extension.requested_due)}: Sở Nội vụ "
            f"{'đồng ý' if grant else 'không đồng ý'}. Ý kiến: {comment.strip()}"
        ),
        on=on,
        also=[extension.requested_by],
    )
    return extension
