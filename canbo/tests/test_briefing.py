"""The leader's briefing: each key figure's change since a month ago and since the same day a year ago
(issue 13.8), from hand-worked figures."""

import datetime as dt

from canbo.views import _key_figures, _month_before, _year_before


def test_the_comparison_dates() -> None:
    assert _month_before(dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert _year_before(dt.date(2026, 12, 3)) == dt.date(2025, 12, 3)
    assert _year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_each_figure_changes_since_a_month_and_since_a_year() -> None:
    now = {"leaders_under_40": 12, "women_share": 41.26}
    month = {"leaders_under_40": 11, "women_share": 40.0}
    year = {"leaders_under_40": 15, "women_share": None}  # no figure a year ago: no change shown
    figures = {f["key"]: f for f in _key_figures(now, month, year)}
    assert (figures["leaders_under_40"]["since_month"], figures["leaders_under_40"]["since_year"]) == (1, -3)
    assert (figures["women_share"]["since_month"], figures["women_share"]["since_year"]) == (1.3, None)
