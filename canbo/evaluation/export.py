"""What the command line and the API both answer about a ranking and the quota, built once: the
ranking as plain JSON (`canbo evaluation rank --format json`, GET /api/evaluation/{year}/units/{id}/ranking)
and the quota's answer (`canbo evaluation quota`, GET /api/evaluation/quota)."""

from collections.abc import Hashable
from fractions import Fraction
from typing import Any

from canbo.core.dates import today
from canbo.decisions.rulesets import RuleMissing, rule_value
from canbo.evaluation import rules
from canbo.evaluation.selectors import LEVEL_TEXT, MISSING_TEXT, RankingView

__all__ = ["QUOTA_RULE", "default_ratio", "percent", "points", "quota_answer", "ranking_json"]

QUOTA_RULE = (
    "Điều 20 khoản 5 Nghị định 335/2025/NĐ-CP: số xếp loại “hoàn thành xuất sắc nhiệm vụ” không quá "
    "{ratio} số xếp loại “hoàn thành tốt nhiệm vụ”; số tối đa = min(k, floor(r(t+k)/(1+r))) với "
    "k = {k} người đủ điểm xuất sắc, t = {t} người xếp loại tốt, r = {ratio}."
)


def percent(ratio: Fraction) -> str:
    return f"{float(ratio) * 100:g} %".replace(".", ",")


def default_ratio() -> Fraction:
    """The setting eval.quota_ratio in force today, or 20 % (Decree 335/2025 art. 20(5)(a))."""
    try:
        return Fraction(str(rule_value("eval.quota_ratio", today()).value))
    except (RuleMissing, ValueError):
        return Fraction(1, 5)


def quota_answer(*, good: int, candidates: int, ratio: Fraction) -> dict[str, Any]:
    allowed = rules.excellent_quota(candidates, good, ratio=ratio)
    return {
        "allowed": allowed,
        "rule": QUOTA_RULE.format(ratio=percent(ratio), k=candidates, t=good),
    }


def points(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def ranking_json(view: RankingView) -> dict[str, Any]:
    """The ranking as plain JSON: the unit, the year, the parameters in force, each group of similar
    duties with its quota and its people (score to 2 decimals, the level before the quota, the final
    level — "" while undecided — the forced reasons and what is missing)."""
    p = view.parameters
    groups: dict[Hashable, list[dict[str, Any]]] = {}
    for row in view.rows:
        o = row.outcome
        groups.setdefault(row.sheet.group_id, []).append(
            {
                "sheet_id": row.sheet.pk,
                "person_id": row.sheet.person_id,
                "name": row.sheet.person.full_name,
                "category": row.sheet.category,
                "rule_text": row.sheet.rule_text,
                "leader": row.sheet.leader,
                "post": row.sheet.post_name,
                "score": points(o.score),
                "task_points": points(o.task_points),
                "unit_result": points(o.unit_result),
                "level_before_quota": o.level or "",
                "level_before_quota_text": LEVEL_TEXT.get(o.level or "", ""),
                "quota_state": row.state,
                "level": row.level,
                "level_text": row.level_text,
                "recorded": o.recorded,
                "reasons": row.reasons_text,
                "missing": [MISSING_TEXT.get(m, m) for m in o.missing],
            }
        )
    exception = view.exception
    finalised = view.finalised
    return {
        "unit": {"id": view.unit.pk, "code": view.unit.code, "name": view.name},
        "year": view.year,
        "parameters": {
            "general_max": p.general_max,
            "task_max": p.task_max,
            "bands": list(p.bands),
            "unit_rate_if_any_failed": p.unit_rate_if_any_failed,
            "quota_ratio": float(p.quota_ratio),
        },
        "exception": None
        if exception is None
        else {
            "ratio": float(exception.ratio),
            "decision_number": exception.decision_number,
            "decided_on": exception.decided_on.isoformat(),
        },
        "finalised": None
        if finalised is None
        else {"decision_number": finalised.decision_number, "decided_on": finalised.decided_on.isoformat()},
        "can_finalise": view.can_finalise,
        "problems": view.problems,
        "level_counts": view.level_counts(),
        "groups": [
            {
                "id": group,
                "name": view.group_names.get(group, ""),
                "quota": None
                if (quota := view.quotas.get(group)) is None
                else {
                    "good": quota.good,
                    "candidates": quota.candidates,
                    "allowed": quota.allowed,
                    "ratio": float(quota.ratio),
                },
                "people": people,
            }
            for group, people in groups.items()
        ],
    }
