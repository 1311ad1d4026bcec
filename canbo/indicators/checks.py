"""System checks of the indicators' settings (canbo/settings.py says where each comes from): a wrong
value stops the start-up with its name, not a page later. The engine's own checks say what is wrong."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_indicator_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    """CANBO_ETHNIC_MINORITY_POPULATION readable (each entry a province, a share from 0 to 100, a
    source; no two covering one day), and the categories and forecast settings accepted by the engine."""
    from canbo.indicators.engine.measure import Settings
    from canbo.indicators.engine.population import population_shares

    errors: list[Error] = []
    try:
        population_shares(getattr(settings, "CANBO_ETHNIC_MINORITY_POPULATION", []))
    except (KeyError, TypeError, ValueError) as exc:
        errors.append(Error(f"CANBO_ETHNIC_MINORITY_POPULATION: {exc}", id="indicators.E001"))
    try:
        young, other = getattr(settings, "CANBO_FORECAST_APPOINTEE_AGES", (35, 45))
        Settings(
            international_categories=tuple(getattr(settings, "CANBO_INTERNATIONAL_CATEGORIES", ())),
            women_test_categories=tuple(getattr(settings, "CANBO_WOMEN_TEST_CATEGORIES", ())),
            appointee_ages=(int(young), int(other)),
            rate_window_years=int(getattr(settings, "CANBO_FORECAST_RATE_YEARS", 5)),
        )
    except (TypeError, ValueError) as exc:
        errors.append(
            Error(
                f"CANBO_INTERNATIONAL_CATEGORIES, CANBO_WOMEN_TEST_CATEGORIES hoặc CANBO_FORECAST_*: {exc}",
                id="indicators.E002",
            )
        )
    return errors
