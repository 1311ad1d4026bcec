from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    """Recruitment of civil servants under Decree 170/2025/NĐ-CP (issue 16): the plan per job position,
    the notice, applications and eligibility, the exam rounds, the ranking within each quota with the
    tie rules and the head's recorded decision, the result, and the appointment into the registry
    (docs/recruitment.md)."""

    name = "canbo.recruitment"
    label = "recruitment"
    verbose_name = "Tuyển dụng"
