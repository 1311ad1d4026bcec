"""The rank-share rule without a database: the ceiling of Decree 361/2025 as the setting gives it."""

from canbo.positions.rules import is_senior_rank, senior_share_verdict

TEXT = "Nghị định 361/2025/NĐ-CP"


def test_senior_ranks_by_code_and_by_name() -> None:
    assert is_senior_rank("01.002", "")
    assert is_senior_rank("", "Kế toán viên chính")
    assert is_senior_rank("", "THANH TRA VIÊN CHÍNH")
    assert not is_senior_rank("01.001", "Chuyên viên cao cấp")
    assert not is_senior_rank("01.003", "Chuyên viên")
    assert not is_senior_rank("", "")


def test_forty_percent_of_ten_allows_four() -> None:
    # RULES-2 §5.1: chuyên viên chính and equivalent ≤ 40 % of the staffing assigned.
    at_limit = senior_share_verdict(senior=4, quota=10, max_share=0.4, text=TEXT)
    assert at_limit.within and at_limit.allowed == 4
    assert "trong giới hạn 40%" in at_limit.message() and TEXT in at_limit.message()
    over = senior_share_verdict(senior=5, quota=10, max_share=0.4, text=TEXT)
    assert not over.within
    assert "vượt giới hạn 40% theo Nghị định 361/2025/NĐ-CP" in over.message() and "thừa 1" in over.message()


def test_the_ceiling_rounds_down_and_no_quota_says_so() -> None:
    # 40 % of 12 is 4.8 people: at most 4.
    assert senior_share_verdict(senior=5, quota=12, max_share=0.4, text=TEXT).allowed == 4
    empty = senior_share_verdict(senior=2, quota=0, max_share=0.4, text=TEXT)
    assert empty.share is None and "Chưa có biên chế được giao" in empty.message()
