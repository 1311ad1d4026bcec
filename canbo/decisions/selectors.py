"""Reads of the decisions app, for a user: the rule settings with their versions, and the checker's
inputs resolved within the user's scope."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from canbo.core.errors import InputRejected, NotAllowed, OutOfScope, RowError
from canbo.decisions.checker import KIND_LABELS, Verdict, appointment_check
from canbo.decisions.models import RuleSetting
from canbo.decisions.rulesets import rule_definitions
from canbo.org.models import Unit
from canbo.people.models import Person, Post
from canbo.people.selectors import PeopleFilter, can_see_sensitive, people_queryset, person_get

PERSONNEL_ONLY = "Chỉ cán bộ làm công tác tổ chức cán bộ được thẩm định điều kiện bổ nhiệm."


@dataclass(frozen=True)
class RuleRow:
    key: str
    label: str
    unit: str
    versions: list[RuleSetting]  # oldest first
    current: RuleSetting | None  # in force on the day asked

    @property
    def unchecked(self) -> bool:
        return self.current is not None and not self.current.checked


def rule_rows(*, as_of: dt.date) -> list[RuleRow]:
    """Every rule setting in the data file's order, its versions and the one in force on `as_of`.
    The rules are public to every signed-in user: they are the texts' numbers, not personal data."""
    by_key: dict[str, list[RuleSetting]] = {}
    for row in RuleSetting.objects.order_by("key", "effective_from"):
        by_key.setdefault(row.key, []).append(row)
    rows = []
    for key, definition in rule_definitions().items():
        versions = by_key.get(key, [])
        in_force = [v for v in versions if v.effective_from <= as_of]
        rows.append(
            RuleRow(
                key, definition["label"], definition["unit"], versions, in_force[-1] if in_force else None
            )
        )
    return rows


def checker_allowed(user: Any) -> bool:
    """The checker reads political-standard conclusions, discipline and evaluations: personnel work only
    (the roles that see the registry's sensitive fields)."""
    return can_see_sensitive(user)


def people_found(*, user: Any, q: str, limit: int = 20) -> list[Person]:
    """People in the user's scope whose name contains `q` (folded), at most `limit`."""
    if len(q.strip()) < 2:
        return []
    return list(people_queryset(user=user, f=PeopleFilter(q=q.strip())).select_related("unit")[:limit])


def verdict_for(
    *, user: Any, person_id: int, post_id: int, unit_id: int | None, kind: str, on: dt.date
) -> Verdict:
    """The checker's verdict for a person the user may see (OutOfScope otherwise: 404), in a unit the
    user may see on the date (the person's own file unit when none is given)."""
    if not checker_allowed(user):
        raise NotAllowed(PERSONNEL_ONLY)
    person = person_get(user=user, pk=person_id)
    errors = []
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        errors.append(RowError("Chọn chức vụ.", field="post", column="Chức vụ"))
    if kind not in KIND_LABELS:
        errors.append(RowError("Chọn hình thức.", field="kind", column="Hình thức"))
    if errors:
        raise InputRejected(errors)
    assert post is not None
    unit: Unit = person.unit
    if unit_id is not None and unit_id != person.unit_id:
        found = Unit.objects.restrict(user, "view", as_of=on).filter(pk=unit_id).first()  # type: ignore[attr-defined]
        if found is None:
            raise OutOfScope("Đơn vị không thuộc phạm vi của bạn.")
        unit = found
    return appointment_check(person=person, post=post, unit=unit, kind=kind, on=on)


def value_text(value: Any) -> str:
    """A setting's value as the pages show it: có/không, 0,15 (15 %), dd/mm/yyyy, a table by its names."""
    from canbo.core.text import vn_number
    from canbo.people.choices import DisciplineForm

    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        return f"{vn_number(value, 2)} ({vn_number(value * 100, 0)} %)"
    if isinstance(value, int):
        return "không giới hạn" if value == 0 else vn_number(value)
    if isinstance(value, str):
        try:
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    if isinstance(value, list):
        return "; ".join(vn_number(v, 0 if float(v).is_integer() else 2) for v in value)
    if isinstance(value, dict):
        names = dict(DisciplineForm.choices) | {
            "default": "mặc định",
            "tinh": "cấp tỉnh",
            "normal": "thông thường",
            "special": "trường hợp đặc biệt",
        }
        return "; ".join(f"{names.get(k, k)}: {value_text(v)}" for k, v in value.items())
    return str(value)


def value_input(value: Any) -> str:
    """A value as the form's field takes it back (services.parse_rule_value reads it)."""
    import json

    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(str(v).replace(".", ",") for v in value)
    if isinstance(value, str):
        return value_text(value)
    return str(value)
