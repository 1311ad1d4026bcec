"""Obstacles an agency raises in a report; open until Sở Nội vụ answers them (plan, section IV.2)."""

import datetime as dt

from django.db import transaction

from canbo.audit.services import actor_identity, audit_record
from canbo.core.actors import Actor
from canbo.core.errors import InputRejected
from canbo.plans.choices import NotificationKind
from canbo.plans.models import Obstacle, Report
from canbo.plans.services.common import clean, labels, require_home_affairs
from canbo.plans.services.notifications import notify

OBSTACLE_COLUMNS = labels(Obstacle)


def obstacle_raise(*, actor: Actor, report: Report, text: str, proposal: str, on: dt.date) -> Obstacle:
    """The obstacle a report raises (report_submit calls it, inside its transaction)."""
    obstacle = Obstacle(
        occurrence=report.occurrence, report=report, text=text, proposal=proposal, raised_on=on
    )
    clean(obstacle, columns=OBSTACLE_COLUMNS)
    obstacle.save()
    audit_record(actor=actor, action="plans.obstacle.raise", obj=obstacle, after={"text": obstacle.text})
    return obstacle


@transaction.atomic
def obstacle_answer(*, actor: Actor, obstacle: Obstacle, answer: str, on: dt.date) -> Obstacle:
    """Sở Nội vụ answers (NotAllowed for others, OutOfScope outside its scope; InputRejected for an
    empty answer). An answer may be amended: the one before stays in the audit trail."""
    require_home_affairs(actor, obstacle)
    if not answer.strip():
        raise InputRejected.single("Phải ghi nội dung trả lời.", column=OBSTACLE_COLUMNS["answer"])
    obstacle = Obstacle.objects.select_for_update().get(pk=obstacle.pk)  # the answer before, as it is now
    before = {"answer": obstacle.answer}
    obstacle.answer = answer
    obstacle.answered_by = actor_identity(actor)[0]
    obstacle.answered_on = on
    clean(obstacle, columns=OBSTACLE_COLUMNS)
    obstacle.save()
    audit_record(
        actor=actor, action="plans.obstacle.answer", obj=obstacle, before=before, after={"answer": answer}
    )
    occurrence = obstacle.occurrence
    notify(  # issue 13.5: who raised it (the report's sender) and the agency's focal officers
        actor=actor,
        occurrence=occurrence,
        kind=NotificationKind.OBSTACLE_ANSWERED,
        text=(
            f"Sở Nội vụ trả lời vướng mắc về nhiệm vụ {occurrence.task.code} ({occurrence.period}) "
            f"“{obstacle.text[:120]}”: {answer.strip()}"
        ),
        on=on,
        also=[obstacle.report.submitted_by] if obstacle.report else [],
    )
    return obstacle
