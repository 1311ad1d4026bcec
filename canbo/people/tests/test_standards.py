"""The training standards of leadership posts, from the texts' own examples, and the properties every
standard must keep (no database)."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from canbo.people import catalogues, standards
from canbo.people.standards import (
    DEFENCE,
    STATE_MANAGEMENT,
    THEORY,
    defence_group,
    lacks,
    rank_of,
    read_level,
    required_for,
)

LEVELS = ("agency_head", "agency_deputy", "division_head", "division_deputy", "none")


def levels_of(post_level: str, post_code: str = "") -> dict[str, str]:
    return {r.kind: r.level for r in required_for(post_level, post_code=post_code)}


def test_a_director_of_a_department_needs_advanced_political_theory() -> None:
    # Decree 29/2024/NĐ-CP: "cử nhân chính trị hoặc cao cấp lý luận chính trị" for "Giám đốc Sở và tương đương"
    assert levels_of("agency_head") == {
        THEORY: "cao_cap",
        STATE_MANAGEMENT: "chuyen_vien_chinh",
        DEFENCE: "doi_tuong_2",
    }
    theory = required_for("agency_head")[0]
    assert theory.label == "Cao cấp lý luận chính trị" and theory.checked
    assert "29/2024/NĐ-CP" in theory.source and "chưa đối chiếu" not in theory.source


def test_a_deputy_director_is_not_on_the_advanced_list() -> None:
    # The cao cấp list of Decree 29/2024 ends with "Giám đốc Sở và tương đương": a deputy needs trung cấp.
    assert levels_of("agency_deputy")[THEORY] == "trung_cap"
    assert "chưa đối chiếu văn bản" in required_for("agency_deputy")[0].source


def test_division_leaders_need_intermediate_theory_and_group_3() -> None:
    # Đối tượng 3: "Trưởng, Phó Trưởng phòng các sở, ngành và UBND tỉnh, huyện"
    for level in ("division_head", "division_deputy"):
        assert levels_of(level) == {
            THEORY: "trung_cap",
            STATE_MANAGEMENT: "chuyen_vien",
            DEFENCE: "doi_tuong_3",
        }
    (defence,) = [r for r in required_for("division_head") if r.kind == DEFENCE]
    assert defence.label == "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3"


def test_no_standard_for_who_does_not_lead_nor_for_elected_posts() -> None:
    assert required_for("none") == ()
    assert required_for("agency_head", post_code="chu_tich_ubnd_xa") == ()
    assert required_for("agency_head", post_code="giam_doc_so") != ()


def test_every_unchecked_rule_says_so_and_no_article_is_invented() -> None:
    for level in LEVELS:
        for r in required_for(level):
            assert r.checked or r.source.endswith("(chưa đối chiếu văn bản)")
            assert "Điều" not in r.source


def test_the_levels_written_in_training_records() -> None:
    assert read_level(THEORY, "Trung cấp LLCT") == (2, "Trung cấp")
    assert read_level(THEORY, "Cao cấp lý luận chính trị") == (3, "Cao cấp")
    assert read_level(STATE_MANAGEMENT, "CVC") == (2, "Chuyên viên chính")
    assert read_level(DEFENCE, "Đối tượng 3") == (2, "Đối tượng 3")
    assert read_level(DEFENCE, "Bồi dưỡng KTQP-AN đối tượng 2") == (3, "Đối tượng 2")
    assert read_level(DEFENCE, "ĐT4") == (1, "Đối tượng 4")
    assert read_level(DEFENCE, "") == (0, "") and read_level(DEFENCE, "Quốc phòng") == (0, "")
    assert read_level(THEORY, "Chưa học") == (0, "")


def test_defence_groups() -> None:
    assert [defence_group(t) for t in ("Đối tượng 1", "đối tượng 3", "DT 2", "4", "đối tượng 12", None)] == [
        1, 3, 2, 4, None, None,
    ]  # fmt: skip
    with pytest.raises(ValueError, match="từ 1 đến 4"):
        standards.defence_rank(5)


def test_who_lacks_what() -> None:
    director_theory = required_for("agency_head")[0]
    assert lacks(director_theory, standards.theory_rank("trung_cap"))
    assert not lacks(director_theory, standards.theory_rank("cu_nhan"))  # cử nhân chính trị counts as cao cấp
    assert lacks(director_theory, standards.theory_rank(""))
    division_defence = required_for("division_head")[2]
    assert not lacks(division_defence, read_level(DEFENCE, "Đối tượng 2")[0])  # a higher course covers it
    assert lacks(division_defence, read_level(DEFENCE, "Đối tượng 4")[0])


def _held_codes(kind: str) -> list[str]:
    if kind == THEORY:
        return catalogues.POLITICAL_THEORY.codes()
    if kind == STATE_MANAGEMENT:
        return catalogues.STATE_MANAGEMENT.codes()
    return [f"doi_tuong_{g}" for g in standards.DEFENCE_GROUPS]


@given(level=st.sampled_from(LEVELS), data=st.data())
@example(level="agency_head", data=None)
def test_holding_the_required_level_or_higher_never_lacks_it(level: str, data: st.DataObject | None) -> None:
    for requirement in required_for(level):
        assert rank_of(requirement.kind, requirement.level) == requirement.rank
        assert not lacks(requirement, requirement.rank)
        codes = _held_codes(requirement.kind)
        held = data.draw(st.sampled_from(codes)) if data is not None else codes[-1]
        rank = rank_of(requirement.kind, held)
        assert lacks(requirement, rank) == (rank < requirement.rank)
        if rank >= requirement.rank:
            assert not lacks(requirement, rank)


@given(st.sampled_from(LEVELS), st.sampled_from(LEVELS))
def test_a_higher_post_never_asks_for_less(a: str, b: str) -> None:
    # The levels in order of rank (agency_head highest): each kind's requirement does not decrease.
    if LEVELS.index(a) > LEVELS.index(b):
        a, b = b, a
    higher = {r.kind: r.rank for r in required_for(a)}
    lower = {r.kind: r.rank for r in required_for(b)}
    for kind, rank in lower.items():
        assert higher.get(kind, 0) >= rank


@given(st.lists(st.sampled_from([r for lv in LEVELS for r in required_for(lv)]), min_size=1))
def test_the_strongest_requirement_covers_the_others(requirements: list[standards.Requirement]) -> None:
    top = standards.strongest(requirements)
    assert all(not lacks(r, top.rank) for r in requirements)
