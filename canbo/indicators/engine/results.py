"""The shapes of what the engine returns. Plain dicts at run time (JSON-ready: the API, the commands and
the templates read them as they are), typed here so that a reader and mypy know every key."""

from typing import Any, Literal, NotRequired, TypedDict

WomenRule = Literal["met", "violated", "no_leader", "not_applicable"]


class RuleCounts(TypedDict):
    """How many units meet, violate or are not concerned by the women rule (no_leader: at least 1/3
    women but no leader on record — not applicable yet)."""

    met: int
    violated: int
    no_leader: int
    not_applicable: int


class DepartmentFigures(TypedDict):
    """One agency's indicators on a date (measure.measure). Shares are percents with one decimal, None
    without a denominator."""

    unit_code: str
    unit_name: str
    leaders: int
    leaders_under_40: int
    share_under_40: float | None
    # One gap per target year of the settings, on the date with the leaders of the date (⌈target ×
    # leaders⌉ − under 40): 2025 and 2030. What the pages call "còn thiếu" is the outlook's (Outlook).
    gap_under_40_2025: NotRequired[int]
    gap_under_40_2030: NotRequired[int]
    staff_counted_for_women: int
    women_staff: int
    women_share: float | None
    female_leaders: int
    women_rule: WomenRule
    ethnic_minority_leaders: int
    ethnic_minority_staff: int
    staff_counted_for_international: int  # cán bộ, công chức (CANBO_INTERNATIONAL_CATEGORIES)
    international_capable: int  # of them
    international_share: float | None
    headcount: int
    unit_id: NotRequired[int | None]  # added by the page, for its links


class ProvinceTargets(TypedDict):
    under_40: dict[str, float]
    international: list[float]


class PopulationFigure(TypedDict):
    """engine.population.PopulationShare.as_dict: the figure the ethnic-minority leaders are compared with."""

    province: str
    share: float
    source: str
    valid_from: str | None
    valid_to: str | None


class ProvinceFigures(TypedDict):
    """The province's indicators on a date, its targets and the departments' women-rule outcomes."""

    leaders: int
    leaders_under_40: int
    share_under_40: float | None
    targets: ProvinceTargets
    ethnic_minority_population: PopulationFigure | None
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
    staff_counted_for_international: int
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


class OutlookYear(TypedDict):
    """One target year of one agency (or the province) in forecast.outlook: what "còn thiếu" means
    everywhere (cards, tables, forecast, report, commands).

    basis "forecast": the baseline forecast on 31/12 of the year (the year is not over on the start
    date); "measured": the start date's own figures (the year is over). leaders, leaders_under_40 on
    that day; needed = ⌈target × leaders⌉; shortfall = max(0, needed − leaders_under_40), the posts
    that must be held by someone under 40 beyond what the baseline gives (as many of the
    appointments to come going to people under 40 instead of older ones); fewest_added = the fewest
    people under 40 to appoint on top of those leaders (forecast.fewest_appointments), None when the
    year is over or no number reaches it."""

    year: int
    target: float
    on: str
    basis: Literal["forecast", "measured"]
    leaders: int
    leaders_under_40: int
    share_under_40: float | None
    needed: int
    shortfall: int
    fewest_added: int | None


class Rates(TypedDict):
    """forecast.appointment_rates: the rates at which the baseline fills vacancies, and what they
    were computed from."""

    appointments: int
    under_40: int
    women: int
    minority: int
    share_under_40: float
    share_women: float
    share_minority: float
    since: str
    basis: Literal["appointments", "leaders"]
