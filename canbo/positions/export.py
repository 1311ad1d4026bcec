"""The positions app's data as plain JSON-ready dicts: the same content for the API and for
`canbo positions staffing --format json`."""

from typing import Any

from canbo.positions.models import JobPosition
from canbo.positions.selectors import PositionVacancy, StaffingSummary


def position_json(position: JobPosition, *, held: int | None = None) -> dict[str, Any]:
    found = {
        "id": position.pk,
        "unit_id": position.unit_id,
        "framework_id": position.framework_id,
        "code": position.code,
        "name": position.name,
        "group": position.group,
        "staff_category": position.staff_category,
        "rank_code": position.rank_code,
        "rank_name": position.rank_name,
        "planned_count": position.planned_count,
        "valid_from": position.valid_from,
        "valid_to": position.valid_to,
        "description": position.description,
    }
    if held is not None:
        found["held"] = held
    return found


def vacancy_json(v: PositionVacancy) -> dict[str, Any]:
    return {
        "position_id": v.position.pk,
        "code": v.position.code,
        "name": v.position.name,
        "group": v.position.group,
        "planned": v.planned,
        "held": v.held,
        "vacant": v.vacant,
        "over": v.over,
    }


def staffing_json(summary: StaffingSummary) -> dict[str, Any]:
    quota = summary.quota
    senior = summary.senior
    return {
        "unit_id": summary.unit.pk,
        "unit_code": summary.unit.code,
        "on": summary.on,
        "quota": None
        if quota is None
        else {
            "year": quota.year,
            "civil_servants": quota.civil_servants,
            "public_employees": quota.public_employees,
            "decision_number": quota.decision_number,
            "decision_date": quota.decision_date,
        },
        "people_by_category": dict(sorted(summary.people_by_category.items())),
        "planned": summary.planned,
        "held": summary.held,
        "vacant": summary.vacant,
        "positions": [vacancy_json(v) for v in summary.positions],
        "senior_share": None
        if senior is None
        else {
            "senior": senior.senior,
            "quota": senior.quota,
            "max_share": senior.max_share,
            "allowed": senior.allowed,
            "within": senior.within,
            "text": senior.text,
            "message": senior.message(),
        },
        "senior_share_missing": summary.senior_missing,
        "unplaced": [{"person_id": p.pk, "full_name": p.full_name} for p in summary.unplaced],
    }
