"""canbo evaluation — evaluation and ranking under Decree 335/2025 from the command line, for the whole
province (as the system):

- `canbo evaluation quota --good T --candidates K [--ratio R] [--format json|text]` — the largest number
  of "xuất sắc" the quota allows (rules.excellent_quota; R defaults to the setting eval.quota_ratio in
  force today, or 20 %);
- `canbo evaluation rank --year Y --unit CODE [--format json|xlsx] [--output FILE]` — the live ranking of
  an agency: scores, levels before and after the quota, the quota per group, what is missing;
- `canbo evaluation open --year Y --unit CODE` — open the year's sheets of the agency;
- `canbo evaluation finalise --year Y --unit CODE --decision N --date DD/MM/YYYY` — record the decision
  (refused, exit code 1, while the ranking has problems);
- `canbo evaluation remind [--year Y] [--as-of DD/MM/YYYY]` — mail the agencies whose ranking is not
  finalised, before and after the deadline 15/12 (services.ranking_reminders_send; run daily)."""

import datetime as dt
import json
import sys
from argparse import ArgumentParser
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.dates import parse_date, today
from canbo.core.errors import ApplicationError, InputRejected
from canbo.core.locks import command_alone
from canbo.evaluation.export import default_ratio, quota_answer, ranking_json
from canbo.evaluation.selectors import ranking_view
from canbo.evaluation.services import ranking_finalise, ranking_reminders_send, sheets_open
from canbo.org.models import Unit


def _count(value: str, name: str) -> int:
    text = value.strip()
    if not text.isdigit():
        raise CommandError(f"{name} phải là số nguyên không âm (đã nhập “{value[:20]}”).")
    return int(text)


def _ratio(value: str | None) -> Fraction:
    if value is None:
        return default_ratio()
    text = value.strip().replace(",", ".")
    try:
        ratio = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise CommandError(
            f"--ratio phải là một số từ 0 đến 1, ví dụ 0.2 (đã nhập “{value[:20]}”)."
        ) from None
    if not 0 <= ratio <= 1:
        raise CommandError(f"--ratio phải từ 0 đến 1, ví dụ 0.2 (đã nhập “{value[:20]}”).")
    return ratio


def _date(value: str) -> dt.date:
    try:
        return parse_date(value)
    except ValidationError as exc:
        raise CommandError(exc.messages[0]) from None


def _unit(code: str) -> Unit:
    found = Unit.objects.filter(code=code.strip()).first()
    if found is None:
        raise CommandError(f"Không có đơn vị mã “{code}”.")
    return found


def _refusal(exc: ApplicationError) -> CommandError:
    if isinstance(exc, InputRejected) and len(exc.errors) > 1:
        return CommandError("\n".join(["Không thực hiện được:", *(f"- {e.message}" for e in exc.errors)]))
    return CommandError(exc.message)


class Command(BaseCommand):
    help = (
        "Đánh giá, xếp loại theo Nghị định 335/2025/NĐ-CP: tỷ lệ xuất sắc, bảng xếp loại, mở phiếu, "
        "quyết định."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        quota = sub.add_parser("quota", help="Số tối đa được xếp loại xuất sắc (điều 20 khoản 5).")
        quota.add_argument("--good", required=True, help="số người xếp loại hoàn thành tốt nhiệm vụ (t)")
        quota.add_argument("--candidates", required=True, help="số người đủ điểm xuất sắc (k)")
        quota.add_argument("--ratio", help="tỷ lệ so với số tốt, từ 0 đến 1 (mặc định: theo quy tắc, 0.2)")
        quota.add_argument("--format", dest="fmt", choices=["json", "text"], default="text")
        rank = sub.add_parser("rank", help="Bảng xếp loại của một cơ quan trong một năm.")
        rank.add_argument("--year", type=int, required=True)
        rank.add_argument("--unit", required=True, help="mã cơ quan (sở, ngành, cấp huyện)")
        rank.add_argument("--format", dest="fmt", choices=["json", "xlsx"], default="json")
        rank.add_argument("--output", help="tệp ghi ra (bắt buộc với --format xlsx)")
        opened = sub.add_parser("open", help="Mở phiếu đánh giá của năm cho mọi người của cơ quan.")
        opened.add_argument("--year", type=int, required=True)
        opened.add_argument("--unit", required=True)
        final = sub.add_parser("finalise", help="Ghi quyết định xếp loại của cơ quan.")
        final.add_argument("--year", type=int, required=True)
        final.add_argument("--unit", required=True)
        final.add_argument("--decision", required=True, help="số quyết định")
        final.add_argument("--date", required=True, help="ngày quyết định dd/mm/yyyy")
        remind = sub.add_parser("remind", help="Nhắc hạn xếp loại (15/12) các cơ quan chưa có quyết định.")
        remind.add_argument("--year", type=int, default=None, help="năm đánh giá (mặc định: năm nay)")
        remind.add_argument(
            "--as-of", dest="as_of", default=None, help="ngày nhắc dd/mm/yyyy (mặc định: hôm nay)"
        )

    def handle(self, *args: Any, what: str, **options: Any) -> None:
        try:
            getattr(self, f"_{what}")(options)
        except ApplicationError as exc:
            raise _refusal(exc) from None

    def _quota(self, options: dict[str, Any]) -> None:
        good = _count(options["good"], "--good")
        candidates = _count(options["candidates"], "--candidates")
        answer = quota_answer(good=good, candidates=candidates, ratio=_ratio(options["ratio"]))
        if options["fmt"] == "json":
            self.stdout.write(json.dumps(answer, ensure_ascii=False))
        else:
            self.stdout.write(f"Tối đa {answer['allowed']} người xếp loại xuất sắc.\n{answer['rule']}")

    def _rank(self, options: dict[str, Any]) -> None:
        view = ranking_view(user=SYSTEM, unit=_unit(options["unit"]), year=options["year"])
        fmt, output = options["fmt"], options["output"]
        if fmt == "xlsx":
            from canbo.evaluation.workbook import ranking_xlsx

            if not output:
                raise CommandError("Cần --output TỆP.xlsx với --format xlsx.")
            Path(output).write_bytes(ranking_xlsx(view))
            self.stdout.write(f"Đã ghi {output}: {view.name}, năm {view.year}; {len(view.rows)} người.")
            return
        text = json.dumps(ranking_json(view), ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"Đã ghi {output}: {len(view.rows)} người.")
        else:
            self.stdout.write(text)
            sys.stdout.flush()

    def _open(self, options: dict[str, Any]) -> None:
        unit = _unit(options["unit"])
        created, moved = sheets_open(actor=SYSTEM, unit=unit, year=options["year"])
        self.stdout.write(
            f"Đã mở {created} phiếu đánh giá năm {options['year']}; nhận {moved} phiếu chuyển đến."
        )

    def _finalise(self, options: dict[str, Any]) -> None:
        ranking = ranking_finalise(
            actor=SYSTEM,
            unit=_unit(options["unit"]),
            year=options["year"],
            decision_number=options["decision"],
            decided_on=_date(options["date"]),
        )
        self.stdout.write(
            f"Đã ghi quyết định {ranking.decision_number}: {ranking.people} người được xếp loại "
            f"năm {ranking.year}."
        )

    def _remind(self, options: dict[str, Any]) -> None:
        on = _date(options["as_of"]) if options["as_of"] else today()
        year = options["year"] or on.year
        # it mails: on exactly one of several servers (core.locks, docs/deploy.md)
        with command_alone("command.evaluation-remind", what="Lệnh canbo evaluation remind"):
            sent = ranking_reminders_send(actor=SYSTEM, year=year, on=on)
        self.stdout.write(f"Đã gửi {sent} thư nhắc hạn xếp loại năm {year} (ngày {on:%d/%m/%Y}).")
