"""Effective-dated rule settings (issue 14.1): the data file in the table, the version in force on a
date, a new version only from a later date, with a reason, by Sở Nội vụ."""

import datetime as dt
from typing import Any

import pytest

from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected, NotAllowed
from canbo.decisions.models import RuleOrigin, RuleSetting
from canbo.decisions.rulesets import RuleMissing, RuleValue, rule_definitions, rule_value
from canbo.decisions.services import parse_rule_value, rule_setting_change, rule_settings_sync

pytestmark = pytest.mark.django_db

REQUIRED_KEYS = {
    "appoint.term_months", "appoint.min_remaining_months", "appoint.min_months_in_post",
    "reappoint.until_retirement_below", "reappoint.extend_below", "reappoint.notice_working_days",
    "extend.notice_days", "terms.max_consecutive", "planning.max_per_post",
    "planning.max_posts_per_person_same_level", "planning.only_higher", "planning.young_age",
    "planning.young_share", "planning.women_share", "rotation.min_remaining_months", "rotation.min_months",
    "discipline.appoint_wait_months", "reelect.min_remaining_months",
    "committee.first_entry_min_remaining_months", "reelect.reference_date", "rotation_change.period_months",
    "replacement.consecutive_not_done_years", "planning.review_months", "gate.political_conclusion_from",
}  # fmt: skip


def test_every_key_the_lists_need_is_in_the_table_after_migrate() -> None:
    assert set(RuleSetting.objects.values_list("key", flat=True)) >= REQUIRED_KEYS
    assert set(rule_definitions()) == set(RuleSetting.objects.values_list("key", flat=True))


def test_the_version_in_force_on_a_date() -> None:
    assert rule_value("planning.only_higher", dt.date(2025, 10, 7)).value is False
    higher = rule_value("planning.only_higher", dt.date(2025, 10, 8))
    assert higher.value is True
    assert higher.cite() == "theo Quy định 377-QĐ/TW, áp dụng từ 08/10/2025"
    in_post = rule_value("appoint.min_months_in_post", dt.date(2026, 1, 1))
    assert in_post.value == 24
    assert in_post.cite() == "theo Điều 34 Quy định 377-QĐ/TW, áp dụng từ 08/10/2025 (chưa kiểm chứng)"
    waits = rule_value("discipline.appoint_wait_months", dt.date(2026, 1, 1)).value
    assert waits == {"khien_trach": 24, "canh_cao": 36, "cach_chuc": 60}
    assert rule_value("rotation_change.period_months", dt.date(2026, 1, 1)).value["default"] == 36


def test_no_version_in_force_is_a_vietnamese_error_naming_the_key() -> None:
    with pytest.raises(RuleMissing, match=r"reappoint\.notice_working_days") as error:
        rule_value("reappoint.notice_working_days", dt.date(2025, 10, 7))
    assert "07/10/2025" in str(error.value)
    with pytest.raises(RuleMissing, match=r"khong\.co"):
        rule_value("khong.co", dt.date(2026, 1, 1))


def test_cite_without_article() -> None:
    value = RuleValue("k", 1, dt.date(2025, 7, 1), "Nghị định 170/2025/NĐ-CP", "", False)
    assert value.cite() == "theo Nghị định 170/2025/NĐ-CP, áp dụng từ 01/07/2025 (chưa kiểm chứng)"


def test_sync_is_idempotent_and_keeps_what_so_noi_vu_added(make_user: Any, builtin_org: None) -> None:
    assert rule_settings_sync() == 0
    officer = make_user("noi_vu", "KH")
    rule_setting_change(
        actor=officer, key="appoint.min_months_in_post", value=36, effective_from=dt.date(2030, 1, 1),
        reason="Tỉnh quy định 3 năm",
    )  # fmt: skip
    # a data version corrected in place would be put back by the sync; the added one stays
    RuleSetting.objects.filter(key="appoint.term_months", origin=RuleOrigin.DATA).update(value=59)
    assert rule_settings_sync() == 2
    assert rule_value("appoint.term_months", dt.date(2026, 1, 1)).value == 60
    assert rule_value("appoint.min_months_in_post", dt.date(2030, 1, 1)).value == 36
    assert AuditEntry.objects.filter(action="decisions.rule.update").count() == 2


def test_a_new_version_changes_the_value_from_its_date_only(make_user: Any, builtin_org: None) -> None:
    officer = make_user("noi_vu", "KH")
    row = rule_setting_change(
        actor=officer, key="appoint.min_remaining_months", value=48, effective_from=dt.date(2031, 1, 1),
        reason="Thử nghiệm", text="Quyết định 1/QĐ-SNV", article="Điều 2",
    )  # fmt: skip
    assert rule_value("appoint.min_remaining_months", dt.date(2030, 12, 31)).value == 60
    later = rule_value("appoint.min_remaining_months", dt.date(2031, 1, 1))
    assert later.value == 48
    assert later.cite() == "theo Điều 2 Quyết định 1/QĐ-SNV, áp dụng từ 01/01/2031"
    entry = AuditEntry.objects.get(action="decisions.rule.change")
    assert entry.object_id == str(row.pk) and "Thử nghiệm" in entry.note


def test_a_change_is_refused_without_reason_before_the_latest_version_or_in_the_past(
    make_user: Any, builtin_org: None
) -> None:
    officer = make_user("noi_vu", "KH")
    with pytest.raises(InputRejected) as refused:
        rule_setting_change(
            actor=officer, key="appoint.term_months", value=48, effective_from=dt.date(2025, 1, 1), reason=" "
        )
    fields = {e.field for e in refused.value.errors}
    assert fields == {"reason", "effective_from", "retroactive"}
    # a past date after the latest version: only when confirmed, and the audit says so
    row = rule_setting_change(
        actor=officer, key="appoint.term_months", value=60, effective_from=dt.date(2026, 1, 2),
        reason="Văn bản mới", retroactive=True,
    )  # fmt: skip
    assert "hồi tố" in AuditEntry.objects.get(action="decisions.rule.change", object_id=str(row.pk)).note
    with pytest.raises(InputRejected, match="cùng kiểu"):
        rule_setting_change(
            actor=officer, key="planning.only_higher", value=3, effective_from=dt.date(2031, 1, 1), reason="x"
        )


def test_only_so_noi_vu_changes_a_rule(make_user: Any, builtin_org: None) -> None:
    with pytest.raises(NotAllowed):
        rule_setting_change(
            actor=make_user("dau_moi", "KH"), key="appoint.term_months", value=48,
            effective_from=dt.date(2031, 1, 1), reason="x",
        )  # fmt: skip


def test_parse_rule_value_reads_the_kind_in_force() -> None:
    assert parse_rule_value("36", 24) == 36
    assert parse_rule_value("0,2", 0.15) == 0.2
    assert parse_rule_value("không", True) is False
    assert parse_rule_value('{"khien_trach": 12}', {"khien_trach": 24}) == {"khien_trach": 12}
    assert parse_rule_value("01/01/2022", "2021-10-29") == "2022-01-01"
    assert parse_rule_value("thang", "quy") == "thang"  # a code or a text (eval.period)
    assert parse_rule_value("90; 75; 50,5", [90, 70, 50]) == [90, 75, 50.5]  # thresholds (eval.bands)
    for raw, like in (
        ("ba", 24),
        ("x", 0.1),
        ("có lẽ", True),
        ("[1]", {"a": 1}),
        ("2022-01-01", "2021-10-29"),
        (" ", "quy"),
        ("90; 70", [90, 70, 50]),
        ("90; x; 50", [90, 70, 50]),
    ):
        with pytest.raises(ValueError):
            parse_rule_value(raw, like)


@pytest.mark.django_db
def test_all_the_settings_of_a_date_read_at_once_are_those_read_one_by_one() -> None:
    from canbo.decisions.rulesets import rules_on

    keys = set(RuleSetting.objects.values_list("key", flat=True))
    for on in (dt.date(2020, 6, 1), dt.date(2025, 10, 7), dt.date(2025, 10, 8), dt.date(2026, 12, 3)):
        at_once = rules_on(on)
        for key in keys:
            try:
                one = rule_value(key, on)
            except RuleMissing:
                assert key not in at_once
            else:
                assert at_once[key] == one
