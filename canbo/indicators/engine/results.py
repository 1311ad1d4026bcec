"""The shapes of what the engine returns. Plain dicts at run time (JSON-ready: the API, the commands and
the templates read them as they are), typed here so that a reader and mypy know every key."""

from typing import Any, Literal, NotRequired, TypedDict

WomenRule = Literal["met", "violated", "not_applicable"]


class RuleCounts(TypedDict):
    """How many units meet, violate or are not concerned by the women rule."""

    met: int
    violated: int
    not_applicable: int


class DepartmentFigures(TypedDict):
    """One agency's indicators on a date (measure.measure). Shares are percents with one decimal, None
    without a denominator."""

    unit_code: str
    unit_name: str
    leaders: int
    leaders_under_40: int
    share_under_40: float | None
    # One gap per target year of the settings (the people under 40 still to appoint): 2025 and 2030.
    gap_under_40_2025: NotRequired[int]
    gap_under_40_2030: NotRequired[int]
    staff_counted_for_women: int
    women_staff: int
    women_share: float | None
    female_leaders: int
    women_rule: WomenRule
    ethnic_minority_leaders: int
    ethnic_minority_staff: int
    international_capable: int
    headcount: int
    unit_id: NotRequired[int | None]  # added by the page, for its links


class ProvinceTargets(TypedDict):
    under_40: dict[str, float]
    international: list[float]
    ethnic_minority: float


class ProvinceFigures(TypedDict):
    """The province's indicators on a date, its targets and the departments' women-rule outcomes."""

    leaders: int
    leaders_under_40: int
    share_under_40: float | None
    targets: ProvinceTargets
    gap_under_40_2025: NotRequired[int]
    gap_under_40_2030: NotRequired[int]
    headcount: int
    women_staff: int
    staff_counted_for_women: int
    agencies_women_rule: RuleCounts
    ethnic_minority_leaders: int
    ethnic_minority_leader_share: float | None
    ethnic_minority_staff: int
    ethnic_minority_staff_share: float | None
    international_capable: int
    international_share: float | None


class Measured(TypedDict):
    """measure.measure: the date (ISO), every agency, the province (and, in a snapshot, the national
    indicators: indicators.national)."""

    as_of: str
    departments: list[DepartmentFigures]
    province: ProvinceFigures
    national: NotRequired[dict[str, Any]]


class UnitFigures(TypedDict):
    """One unit of any level and the women test (measure.measure_units)."""

    unit_code: str
    unit_name: str
    kind: str
    depth: int
    parent_code: str | None
    headcount: int
    staff_counted_for_women: int
    women_staff: int
    women_share: float | None
    leaders: int
    female_leaders: int
    women_rule: WomenRule


class UnitsMeasured(TypedDict):
    as_of: str
    units: list[UnitFigures]
    women_rule: RuleCounts


class ForecastRow(TypedDict):
    """One year and agency (unit_code "province" for the province) of forecast.forecast."""

    year: int
    unit_code: str
    leaders: int
    leaders_under_40: int
    share_under_40: float | None
    target_under_40: float | None
    meets_under_40: bool | None
    female_leaders: int
    ethnic_minority_leaders: int
