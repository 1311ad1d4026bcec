from django.apps import AppConfig


class PositionsConfig(AppConfig):
    """Job positions and staffing (issue 16.4): each agency's job positions from the national
    frameworks (Decree 361/2025/NĐ-CP for civil servants, 232/2026/NĐ-CP for public employees), the
    staffing quota (biên chế) per agency and year, who holds each position, vacancies and rank shares.
    Above `decisions` (its rule settings); recruitment builds on it (docs/decisions/0013)."""

    name = "canbo.positions"
    label = "positions"
    verbose_name = "Vị trí việc làm, biên chế"
