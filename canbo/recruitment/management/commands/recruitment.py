"""canbo recruitment — the result of a civil-servant recruitment exam under Decree 170/2025/NĐ-CP:

- `canbo recruitment rank FILE.xlsx --quota N [--cumulative] [--head-decision "Tên A;Tên B"]
  [--format json|text]` — the candidates of one position (sheet “Thí sinh”, candidates.py): who passes,
  in rank order within the quota, with the tie rule that decided each place, who fails and why, and a tie
  at the cut-off left to the head until their decision (an ordering of the tied names) is given.

- `canbo recruitment list [--year Y] [--format json|text]` — the recruitments recorded (every agency).
- `canbo recruitment results ID [--format json|text]` — one recruitment's ranking per line, as the page
  and /api/recruitment/ID/ranking show it (the head's recorded decision applied).

A bad file, a bad row, a bad argument: a Vietnamese message on stderr naming the row and column, exit
code 1, nothing on stdout. `rank` needs no database: the file in, the answer out."""

import datetime as dt
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from canbo.core.dates import today
from canbo.core.errors import InputRejected
from canbo.decisions.rulesets import RuleMissing, rule_value
from canbo.recruitment import rules
from canbo.recruitment.candidates import candidates_read, result_json


def _quota(value: str) -> int:
    text = value.strip()
    if not text.isdigit() or int(text) < 1:
        raise CommandError(f"--quota phải là số nguyên dương (đã nhập “{value[:20]}”).")
    return int(text)


def _head_decision(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(" ".join(part.split()) for part in value.split(";") if part.strip())
    if not names:
        raise CommandError("--head-decision cần ít nhất một họ tên (các tên cách nhau bởi “;”).")
    return names


def _read(path_text: str) -> bytes:
    path = Path(path_text)
    if not path.is_file():
        raise CommandError(f"Không có tệp “{path_text}”.")
    limit = settings.CANBO_MAX_UPLOAD_BYTES
    if path.stat().st_size > limit:
        raise CommandError(f"Tệp quá lớn; giới hạn là {limit // 1024 // 1024} MB.")
    try:
        return path.read_bytes()
    except OSError:
        raise CommandError(f"Không đọc được tệp “{path_text}”.") from None


def _refusal(exc: InputRejected) -> CommandError:
    if len(exc.errors) > 1:
        return CommandError("\n".join(["Không xếp hạng được:", *(f"- {e}" for e in exc.errors)]))
    return CommandError(str(exc))


def _text(answer: dict[str, Any]) -> str:
    lines = [f"Chỉ tiêu: {answer['quota']}"]
    lines.append("Trúng tuyển:" if answer["admitted"] else "Trúng tuyển: không có")
    for p in answer["admitted"]:
        tie = f" [{p['tie_rule']}]" if p["tie_rule"] else ""
        lines.append(
            f"  {p['rank']}. {p['name']} — tổng {rules.vn(p['total'])} (chuyên môn "
            f"{rules.vn(p['professional'])} + ưu tiên {rules.vn(p['priority'])}){tie}"
        )
    if answer["pending_head_decision"]:
        lines.append(
            f"Bằng điểm, chờ người đứng đầu quyết định {answer['places_for_head_decision']} chỉ tiêu: "
            + "; ".join(answer["pending_head_decision"])
        )
    if answer["not_admitted"]:
        lines.append("Đạt nhưng ngoài chỉ tiêu:")
        lines += [f"  {p['name']} — tổng {rules.vn(p['total'])}" for p in answer["not_admitted"]]
    if answer["failed"]:
        lines.append("Không đạt:")
        lines += [f"  {f['name']}: {f['reason']}" for f in answer["failed"]]
    lines.append(answer["rule"])
    return "\n".join(lines)


def _settings(on: dt.date) -> dict[str, Any]:
    """The rule settings in force (decisions/data/rules.toml, recruit.*), the rules' defaults where a
    setting has no version on the day."""
    from decimal import Decimal

    def value(key: str, default: Any) -> Any:
        try:
            return rule_value(key, on).value
        except RuleMissing:
            return default

    return {
        "pass_share": Decimal(str(value("recruit.round1_pass_share", rules.PASS_SHARE))),
        "pass_mark": Decimal(str(value("recruit.professional_pass_mark", rules.PASS_MARK))),
        "cumulative": bool(value("recruit.priority_cumulative", False)),
    }


class Command(BaseCommand):
    help = "Tuyển dụng công chức theo Nghị định 170/2025/NĐ-CP: xếp hạng kết quả thi của một vị trí."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        rank = sub.add_parser(
            "rank", help="Người đạt, thứ hạng trong chỉ tiêu, quy tắc khi bằng điểm (trang “Thí sinh”)."
        )
        rank.add_argument("file", help="tệp .xlsx có trang “Thí sinh”")
        rank.add_argument("--quota", required=True, help="chỉ tiêu tuyển của vị trí")
        rank.add_argument(
            "--cumulative",
            action="store_true",
            help="cộng dồn điểm ưu tiên của nhiều đối tượng (chưa kiểm chứng)",
        )
        rank.add_argument(
            "--head-decision",
            dest="head_decision",
            help="quyết định của người đứng đầu khi bằng điểm: họ tên theo thứ tự chọn, cách nhau bởi “;”",
        )
        rank.add_argument("--format", dest="fmt", choices=["json", "text"], default="text")
        listing = sub.add_parser("list", help="Các kỳ tuyển dụng đã ghi.")
        listing.add_argument("--year", type=int, help="năm")
        listing.add_argument("--format", dest="fmt", choices=["json", "text"], default="text")
        results = sub.add_parser("results", help="Kết quả xếp hạng từng vị trí của một kỳ tuyển dụng.")
        results.add_argument("id", type=int, help="mã kỳ tuyển dụng (cột đầu của `list`)")
        results.add_argument("--format", dest="fmt", choices=["json", "text"], default="text")

    def handle(self, *args: Any, what: str, **options: Any) -> None:
        getattr(self, f"_{what}")(options)

    def _rank(self, options: dict[str, Any]) -> None:
        quota = _quota(options["quota"])
        decision = _head_decision(options["head_decision"])
        in_force = _settings(today())
        cumulative = bool(options["cumulative"]) or in_force["cumulative"]
        data = _read(options["file"])
        try:
            candidates = candidates_read(data, cumulative=cumulative)
            result = rules.rank_candidates(
                candidates,
                quota,
                head_decision=decision,
                pass_share=in_force["pass_share"],
                pass_mark=in_force["pass_mark"],
            )
        except InputRejected as exc:
            raise _refusal(exc) from None
        except rules.HeadDecisionError as exc:
            raise CommandError(str(exc)) from None
        answer = result_json(result, cumulative=cumulative)
        if options["fmt"] == "json":
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_text(answer))

    def _list(self, options: dict[str, Any]) -> None:
        from canbo.accounts.system import SYSTEM
        from canbo.recruitment.selectors import recruitments

        found = list(recruitments(user=SYSTEM, year=options["year"]))
        rows = [
            {
                "id": r.pk,
                "unit": r.unit.code,
                "year": r.year,
                "title": r.title,
                "method": r.method,
                "status": r.status,
                "lines": r.line_count,  # type: ignore[attr-defined]
                "candidates": r.candidate_count,  # type: ignore[attr-defined]
            }
            for r in found
        ]
        if options["fmt"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r, row in zip(found, rows, strict=True):
            self.stdout.write(
                f"{row['id']}\t{row['unit']}\t{row['year']}\t{row['title']}\t{r.get_status_display()}\t"
                f"{row['lines']} vị trí, {row['candidates']} thí sinh"
            )

    def _results(self, options: dict[str, Any]) -> None:
        from canbo.accounts.system import SYSTEM
        from canbo.core.errors import NotFound
        from canbo.recruitment.selectors import recruitment_get, recruitment_view

        try:
            recruitment = recruitment_get(user=SYSTEM, pk=options["id"])
        except NotFound:
            raise CommandError(f"Không có kỳ tuyển dụng số {options['id']}.") from None
        view = recruitment_view(user=SYSTEM, recruitment=recruitment)
        answer: list[dict[str, Any]] = [
            {
                "line": v.line.position.name,
                "error": v.error,
                "result": result_json(v.result, cumulative=view.settings.cumulative) if v.result else None,
            }
            for v in view.lines
        ]
        if options["fmt"] == "json":
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{recruitment.title} — {recruitment.get_status_display()}")
        for line in answer:
            self.stdout.write(f"\n== {line['line']}")
            self.stdout.write(str(line["error"]) if line["error"] else _text(line["result"]))
