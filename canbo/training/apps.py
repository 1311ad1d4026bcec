from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training and fostering (issue 16.1–3): the catalogue of programmes, classes and enrolment, the
    yearly training plan of the People's Committee (PL.8) built from needs, the foreign-language
    programme and its effect on the international-capability target. A completed class writes the
    registry's training record (people.Training) and, for a language certificate, the dated level
    (people.LanguageSkill). Above `indicators`, whose forecast it feeds (docs/decisions/0013)."""

    name = "canbo.training"
    label = "training"
    verbose_name = "Đào tạo, bồi dưỡng"
