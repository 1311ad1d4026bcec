from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    """Recruitment of civil servants under Decree 170/2025/NĐ-CP (issue 16). For now only the pure
    rules of an exam's result — pass marks, priority points, ranking within a position's quota and the
    tie rules — and the command `canbo recruitment rank`; no models yet (docs/recruitment.md)."""

    name = "canbo.recruitment"
    label = "recruitment"
    verbose_name = "Tuyển dụng"
