"""The population share the ethnic-minority leaders are compared with (issue 12.14): the province in
force on the date — Ninh Thuận until 30/06/2025, Khánh Hòa from 01/07/2025 (Resolution 202/2025/QH15) —
with its source; a comparison, never a target."""

import datetime as dt

import pytest

from canbo.indicators.engine.population import PopulationShare, population_share_on, population_shares

D = dt.date
ENTRIES = [
    {"province": "Ninh Thuận", "share": 23.0, "valid_to": "2025-06-30", "source": "DATA.md, 2022"},
    {"province": "Khánh Hòa", "share": 13.15, "valid_from": "2025-07-01", "source": "NQ 202/2025/QH15"},
]


@pytest.mark.parametrize(
    ("day", "province"),
    [
        (D(2021, 12, 31), "Ninh Thuận"),  # the first entry has no start: since always
        (D(2025, 6, 30), "Ninh Thuận"),  # the last day before the merger
        (D(2025, 7, 1), "Khánh Hòa"),  # the day of the merger
        (D(2030, 12, 31), "Khánh Hòa"),  # the last entry has no end
    ],
)
def test_the_province_in_force_on_the_date(day: dt.date, province: str) -> None:
    share = population_share_on(population_shares(ENTRIES), day)
    assert share is not None and share.province == province


def test_a_day_no_entry_covers_has_none_and_overlaps_are_refused() -> None:
    only_before = population_shares(ENTRIES[:1])
    assert population_share_on(only_before, D(2025, 7, 1)) is None
    with pytest.raises(ValueError, match="trùng thời gian áp dụng"):
        population_shares([ENTRIES[0], {**ENTRIES[1], "valid_from": "2025-06-30"}])
    with pytest.raises(ValueError, match="Thiếu nguồn"):
        PopulationShare("Khánh Hòa", 13.15, " ")
    with pytest.raises(ValueError, match="phải từ 0 đến 100"):
        PopulationShare("Khánh Hòa", 113.15, "x")


@pytest.mark.django_db
def test_the_settings_give_ninh_thuan_then_khanh_hoa_with_their_sources() -> None:
    from canbo.indicators.selectors import engine_settings

    before = engine_settings(D(2025, 6, 30)).ethnic_minority_population
    after = engine_settings(D(2025, 7, 1)).ethnic_minority_population
    assert (before.province, before.share) == ("Ninh Thuận", 23.0) and "170.566" in before.source
    assert (after.province, after.share) == ("Khánh Hòa", 13.15) and "202/2025/QH15" in after.source
    assert engine_settings().ethnic_minority_population is None  # no date, no province


@pytest.mark.parametrize(
    ("name", "value", "check"),
    [
        ("CANBO_ETHNIC_MINORITY_POPULATION", [{"province": "Khánh Hòa", "share": 13.15}], "indicators.E001"),
        ("CANBO_ETHNIC_MINORITY_POPULATION", [{**ENTRIES[0], "share": 230}], "indicators.E001"),
        ("CANBO_INTERNATIONAL_CATEGORIES", ["giang_vien"], "indicators.E002"),
        ("CANBO_FORECAST_APPOINTEE_AGES", (45, 35), "indicators.E002"),
    ],
)
def test_a_wrong_setting_stops_the_start_up(settings, name: str, value: object, check: str) -> None:
    from django.core.checks import run_checks

    assert not {m.id for m in run_checks() if m.id and m.id.startswith("indicators.")}
    setattr(settings, name, value)
    assert check in {m.id for m in run_checks()}
