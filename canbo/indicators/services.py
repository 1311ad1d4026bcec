"""Writes of the indicators app: the targets kept in step with their sources, and snapshots."""

import datetime as dt
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from canbo.accounts.system import SYSTEM
from canbo.audit.services import actor_identity, audit_record, snapshot
from canbo.core.actors import Actor
from canbo.indicators.models import Indicator, Snapshot, Target, TargetScope

NATIONAL = Path(__file__).resolve().parent / "data" / "national.toml"
TARGET_FIELDS = ["indicator", "scope", "year", "threshold", "threshold_to", "text", "source"]
# The scope of each of the plan's indicators (plan item I.4): the share under 40 and the
# international share are the province's; the women rule binds every agency on its own.
PLAN_SCOPES = {
    Indicator.LEADERS_UNDER_40: TargetScope.PROVINCE,
    Indicator.WOMEN_LEADER_RULE: TargetScope.AGENCY,
    Indicator.ETHNIC_MINORITY_LEADERS: TargetScope.PROVINCE,
    Indicator.INTERNATIONAL_CAPABLE: TargetScope.PROVINCE,
}


def _decimal(value: Any) -> Decimal | None:
    """A threshold as the database keeps it (two decimals), so that 15 and 15.00 compare equal."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _upsert(actor: Actor, code: str, values: dict[str, Any], plan_target: Any = None) -> bool:
    """Create or update one target; audit it when something changed. True if it did."""
    values = {**values, "threshold": _decimal(values.get("threshold")),
              "threshold_to": _decimal(values.get("threshold_to"))}  # fmt: skip
    target = Target.objects.filter(code=code).first()
    if target is None:
        target = Target(code=code, plan_target=plan_target, **values)
        target.full_clean()
        target.save()
        audit_record(
            actor=actor, action="indicators.target.create", obj=target, after=snapshot(target, TARGET_FIELDS)
        )
        return True
    before = snapshot(target, TARGET_FIELDS)
    for name, value in values.items():
        setattr(target, name, value)
    target.plan_target = plan_target if plan_target is not None else target.plan_target
    after = snapshot(target, TARGET_FIELDS)
    if before == after:
        return False
    target.full_clean()
    target.save()
    audit_record(actor=actor, action="indicators.target.update", obj=target, before=before, after=after)
    return True


def national_targets_sync(*, actor: Actor = SYSTEM, path: Path = NATIONAL) -> int:
    """The national targets (RULES.md §6) from indicators/data/national.toml; the number changed."""
    with path.open("rb") as handle:
        rows = tomllib.load(handle).get("target", [])
    changed = 0
    with transaction.atomic():
        for row in rows:
            values = {name: row.get(name) for name in TARGET_FIELDS}
            changed += _upsert(actor, row["code"], values)
    return changed


def plan_target_sync(*, plan_target: Any, actor: Actor = SYSTEM) -> bool:
    """The target measured for one of a plan's targets (plans.PlanTarget), kept in step with it.
    A plan target whose indicator the system does not measure has none (an earlier one is removed)."""
    if plan_target.indicator not in PLAN_SCOPES:
        stale = Target.objects.filter(plan_target=plan_target).first()
        if stale is None:
            return False
        before = snapshot(stale, TARGET_FIELDS)
        audit_record(actor=actor, action="indicators.target.delete", obj=stale, before=before)
        stale.delete()
        return True
    plan = plan_target.plan
    values = {
        "indicator": plan_target.indicator,
        "scope": PLAN_SCOPES[plan_target.indicator],
        "year": plan_target.year,
        "threshold": plan_target.threshold,
        "threshold_to": plan_target.threshold_to,
        "text": plan_target.text,
        "source": f"{plan.title} ({plan.number}), mục I.4" if plan.number else f"{plan.title}, mục I.4",
    }
    return _upsert(actor, f"{plan.code}.{plan_target.code}", values, plan_target=plan_target)


def plan_targets_sync(*, actor: Actor, plan_targets: list[Any]) -> int:
    """The measured targets of a plan just loaded or changed, in step with its targets, audited as the
    user who loaded it (plans.services.plan_targets_saved calls this; settings.CANBO_PLAN_TARGETS_SAVED)."""
    return sum(plan_target_sync(plan_target=plan_target, actor=actor) for plan_target in plan_targets)


def targets_sync(*, actor: Actor = SYSTEM) -> int:
    """Every target in step with its source: the national ones and those of every loaded plan."""
    from canbo.plans.models import PlanTarget

    changed = national_targets_sync(actor=actor)
    for plan_target in PlanTarget.objects.select_related("plan"):
        changed += plan_target_sync(plan_target=plan_target, actor=actor)
    return changed


@transaction.atomic
def snapshot_save(*, actor: Actor, as_of: dt.date, data: Mapping[str, Any]) -> Snapshot:
    """Keep the province's indicators on a date (replacing an earlier snapshot of that date, audited
    with the figures before and after)."""
    user, name = actor_identity(actor)
    existing = Snapshot.objects.filter(as_of=as_of).first()
    if existing is None:
        saved = Snapshot.objects.create(as_of=as_of, taken_by=user, taken_by_name=name, data=data)
        audit_record(
            actor=actor,
            action="indicators.snapshot.create",
            obj=saved,
            after={"province": data.get("province")},
        )
        return saved
    before = {"province": existing.data.get("province"), "taken_at": existing.taken_at}
    existing.data, existing.taken_by, existing.taken_by_name = data, user, name
    existing.taken_at = timezone.now()
    existing.save()
    audit_record(
        actor=actor,
        action="indicators.snapshot.update",
        obj=existing,
        before=before,
        after={"province": data.get("province"), "taken_at": existing.taken_at},
    )
    return existing
