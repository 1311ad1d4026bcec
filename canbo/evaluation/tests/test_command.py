"""canbo evaluation quota | rank | open | finalise: the quota's examples of issue 15, bad input refused
in Vietnamese with a non-zero exit code, an agency's ranking as JSON, a refusal to finalise."""

import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from canbo.evaluation import services
from canbo.evaluation.management.commands.evaluation import Command
from canbo.evaluation.models import Ranking, Sheet
from canbo.evaluation.tests.conftest import YEAR, D, give

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: D(YEAR, 12, 10))


def run(*args: str) -> str:
    out = StringIO()
    call_command("evaluation", *args, stdout=out)
    return out.getvalue()


def quota(good: int, candidates: int, *extra: str) -> dict[str, Any]:
    return json.loads(  # type: ignore[no-any-return]
        run("quota", "--good", str(good), "--candidates", str(candidates), *extra, "--format", "json")
    )


@pytest.mark.parametrize(("k", "t", "allowed"), [(5, 10, 2), (1, 4, 0), (3, 15, 3)])
def test_the_quota_examples_of_the_issue(k: int, t: int, allowed: int) -> None:
    answer = quota(t, k)
    assert answer["allowed"] == allowed
    assert "Điều 20 khoản 5 Nghị định 335/2025/NĐ-CP" in answer["rule"]
    assert "min(k, floor(r(t+k)/(1+r)))" in answer["rule"]
    assert set(answer) == {"allowed", "rule"}


def test_the_ratio_can_be_given() -> None:
    assert quota(10, 5, "--ratio", "0.25")["allowed"] == 3  # floor(0.25 · 15 / 1.25) = 3
    assert quota(10, 5, "--ratio", "0,25")["allowed"] == 3
    assert quota(10, 5, "--ratio", "0")["allowed"] == 0
    assert "Tối đa 2 người" in run("quota", "--good", "10", "--candidates", "5")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--good", "-1", "--candidates", "3"), "--good phải là số nguyên không âm"),
        (("--good", "4", "--candidates", "ba"), "--candidates phải là số nguyên không âm"),
        (("--good", "4", "--candidates", "3", "--ratio", "1.5"), "--ratio phải từ 0 đến 1"),
        (("--good", "4", "--candidates", "3", "--ratio", "hai"), "--ratio phải là một số"),
        (("--good", "4", "--candidates", "3", "--ratio", "-0.1"), "--ratio phải từ 0 đến 1"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("quota", *args)


def test_from_the_command_line_a_refusal_goes_to_stderr_with_a_non_zero_exit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["canbo", "evaluation", "quota", "--good", "-2", "--candidates", "1"])
    assert exited.value.code != 0
    captured = capsys.readouterr()
    assert "--good phải là số nguyên không âm" in captured.err and captured.out == ""


def test_open_rank_and_finalise(make_person: Any, posts: Any) -> None:
    make_person("Nguyễn Thị Hoa")
    make_person("Trần Văn Bình")
    assert "Đã mở 2 phiếu" in run("open", "--year", str(YEAR), "--unit", "KH.STC")
    sheets = {s.person.full_name: s for s in Sheet.objects.select_related("person")}
    hoa, binh = sheets["Nguyễn Thị Hoa"], sheets["Trần Văn Bình"]
    give(hoa, 1, {"completed": True, "failed_reviews": 1}, {"completed": True, "delays": 1},
         {"completed": True, "delays": 2}, {"completed": True})  # fmt: skip
    give(binh, 1, {"completed": True})
    services.sheet_score(
        actor=_system(),
        sheet=hoa,
        version=hoa.version,
        changes={"general_points": Decimal("28")},
        manager="Trần Văn Giám",
        on=D(YEAR, 12, 5),
    )
    data = json.loads(run("rank", "--year", str(YEAR), "--unit", "KH.STC", "--format", "json"))
    assert (data["unit"]["code"], data["year"]) == ("KH.STC", YEAR)
    assert data["parameters"]["quota_ratio"] == 0.2
    (group,) = data["groups"]
    assert group["quota"] == {"good": 0, "candidates": 1, "allowed": 0, "ratio": 0.2}
    people = {p["name"]: p for p in group["people"]}
    assert people["Nguyễn Thị Hoa"]["score"] == 92.17
    assert people["Nguyễn Thị Hoa"]["task_points"] == 64.17
    assert people["Nguyễn Thị Hoa"]["level_before_quota"] == "xuat_sac"
    assert people["Nguyễn Thị Hoa"]["level"] == "tot"  # alone: the quota allows none
    assert people["Trần Văn Bình"]["level"] == "" and people["Trần Văn Bình"]["score"] is None
    assert people["Trần Văn Bình"]["missing"] == ["chưa chấm điểm tiêu chí chung"]
    assert not data["can_finalise"] and data["problems"]

    with pytest.raises(CommandError, match="Trần Văn Bình: chưa chấm điểm tiêu chí chung"):
        run(
            "finalise",
            "--year",
            str(YEAR),
            "--unit",
            "KH.STC",
            "--decision",
            "15/QĐ-STC",
            "--date",
            "12/12/2026",
        )
    assert not Ranking.objects.exists()
    binh.refresh_from_db()
    services.sheet_score(
        actor=_system(),
        sheet=binh,
        version=binh.version,
        changes={"general_points": Decimal("20")},
        manager="Trần Văn Giám",
        on=D(YEAR, 12, 5),
    )
    done = run(
        "finalise", "--year", str(YEAR), "--unit", "KH.STC", "--decision", "15/QĐ-STC", "--date", "12/12/2026"
    )
    assert "2 người được xếp loại" in done
    assert Ranking.objects.get().decided_on == D(YEAR, 12, 12)
    with pytest.raises(CommandError, match="đã có quyết định xếp loại"):
        run(
            "finalise",
            "--year",
            str(YEAR),
            "--unit",
            "KH.STC",
            "--decision",
            "16/QĐ-STC",
            "--date",
            "13/12/2026",
        )


def test_unknown_unit_and_bad_date(builtin_org: None) -> None:
    with pytest.raises(CommandError, match=r"Không có đơn vị mã “KH\.XYZ”"):
        run("rank", "--year", str(YEAR), "--unit", "KH.XYZ")
    with pytest.raises(CommandError):
        run("finalise", "--year", str(YEAR), "--unit", "KH.STC", "--decision", "1", "--date", "31/02/2026")


def test_xlsx_needs_an_output_and_writes_the_workbook(make_person: Any, tmp_path: Any) -> None:
    pytest.importorskip("canbo.evaluation.workbook")
    with pytest.raises(CommandError, match="--output"):
        run("rank", "--year", str(YEAR), "--unit", "KH.STC", "--format", "xlsx")
    make_person("Nguyễn Thị Hoa")
    run("open", "--year", str(YEAR), "--unit", "KH.STC")
    output = tmp_path / "xep-loai.xlsx"
    done = run("rank", "--year", str(YEAR), "--unit", "KH.STC", "--format", "xlsx", "--output", str(output))
    assert "1 người" in done and output.read_bytes()[:2] == b"PK"


def _system() -> Any:
    from canbo.accounts.system import SYSTEM

    return SYSTEM


def test_remind_mails_the_agencies_not_finalised(make_person: Any, make_user: Any, mailoutbox: Any) -> None:
    make_person("Ai Đó")
    make_user("dau_moi", "KH.STC", email="stc@example.vn")
    call_command("evaluation", "open", "--year", "2026", "--unit", "KH.STC", stdout=StringIO())
    out = StringIO()
    call_command("evaluation", "remind", "--year", "2026", "--as-of", "05/12/2026", stdout=out)
    assert "Đã gửi 1 thư" in out.getvalue() and len(mailoutbox) == 1
