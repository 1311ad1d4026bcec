from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """Evaluation and ranking (issue 15): the 100-point year of every civil servant under Decree
    335/2025 from 2026 (levels recorded under the texts that do not compute them), products tracked by
    month or quarter, the quota of "xuất sắc", the agency's own year fed by the plan's occurrences. The
    finalised level goes to the registry (people.Evaluation). Above `decisions` (its rule settings)."""

    name = "canbo.evaluation"
    label = "evaluation"
    verbose_name = "Đánh giá, xếp loại"
