"""canbo training — training classes and the yearly plan from the command line, as the system (the
whole province):

- `canbo training classes [--year Y] [--kind KIND] [--status STATUS]` — the classes, one a line;
- `canbo training complete CLASS_ID [--certified-on DD/MM/YYYY]` — end a class and write the results of
  those who passed to the registry (refused, exit code 1, while a learner has no result);
- `canbo training plan draft YEAR [--as-of DD/MM/YYYY] [--replace]` — the draft plan from the needs;
- `canbo training plan export YEAR [--docx FILE] [--xlsx FILE]` — the plan in Word and its Excel appendix;
- `canbo training terms` — the key cadres' knowledge-update classes per term against the plan's 3–4."""

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from canbo.accounts.system import SYSTEM
from canbo.core.dates import parse_date
from canbo.core.errors import ApplicationError, InputRejected
from canbo.training import documents, plans, selectors, services, workbook
from canbo.training.models import TrainingClass, TrainingPlan


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValidationError as exc:
        raise CommandError(exc.messages[0]) from None


def _refusal(exc: ApplicationError) -> CommandError:
    if isinstance(exc, InputRejected) and len(exc.errors) > 1:
        return CommandError("\n".join(["Không thực hiện được:", *(f"- {e.message}" for e in exc.errors)]))
    return CommandError(exc.message)


class Command(BaseCommand):
    help = "Đào tạo, bồi dưỡng: các lớp, kết thúc lớp, kế hoạch năm (dự thảo từ nhu cầu, xuất Word và Excel)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("classes", help="Các lớp")
        listing.add_argument("--year", type=int)
        listing.add_argument("--kind", default="")
        listing.add_argument("--status", default="")
        complete = sub.add_parser("complete", help="Kết thúc lớp, ghi kết quả vào hồ sơ")
        complete.add_argument("class_id", type=int)
        complete.add_argument("--certified-on", dest="certified_on")
        plan = sub.add_parser("plan", help="Kế hoạch đào tạo, bồi dưỡng năm")
        plan_sub = plan.add_subparsers(dest="plan_action", required=True)
        draft = plan_sub.add_parser("draft", help="Lập dự thảo từ nhu cầu")
        draft.add_argument("year", type=int)
        draft.add_argument("--as-of", dest="as_of")
        draft.add_argument("--replace", action="store_true")
        export = plan_sub.add_parser("export", help="Xuất kế hoạch (Word) và phụ lục (Excel)")
        export.add_argument("year", type=int)
        export.add_argument("--docx")
        export.add_argument("--xlsx")
        sub.add_parser("terms", help="Lớp cập nhật kiến thức cho cán bộ chủ chốt theo nhiệm kỳ")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ApplicationError as exc:
            raise _refusal(exc) from None

    def _classes(self, options: dict[str, Any]) -> None:
        found = selectors.classes_list(
            user=SYSTEM, year=options["year"], kind=options["kind"], status=options["status"]
        )
        for c in found:
            held = getattr(c, "held", 0)
            self.stdout.write(
                f"{c.pk}\t{c.name}\t{c.starts_on:%d/%m/%Y}–{c.ends_on:%d/%m/%Y}\t{held}/{c.capacity}\t"
                f"{c.get_status_display()}"
            )

    def _complete(self, options: dict[str, Any]) -> None:
        found = TrainingClass.objects.filter(pk=options["class_id"]).first()
        if found is None:
            raise CommandError(f"Không có lớp số {options['class_id']}.")
        written = services.class_complete(
            actor=SYSTEM, training_class=found, certified_on=_date(options["certified_on"])
        )
        self.stdout.write(f"Đã kết thúc lớp “{found.name}”; ghi vào hồ sơ {written} học viên đạt.")

    def _plan(self, options: dict[str, Any]) -> None:
        year = options["year"]
        if options["plan_action"] == "draft":
            plan = plans.plan_draft(
                actor=SYSTEM, year=year, as_of=_date(options["as_of"]), replace=options["replace"]
            )
            self.stdout.write(f"Đã lập dự thảo kế hoạch năm {year}: {plan.lines.count()} nội dung.")
            return
        found = TrainingPlan.objects.filter(year=year).first()
        if found is None:
            raise CommandError(
                f"Chưa có kế hoạch năm {year}: lập dự thảo bằng `canbo training plan draft {year}`."
            )
        docx = Path(options["docx"] or f"ke-hoach-dao-tao-{year}.docx")
        docx.write_bytes(documents.plan_docx(user=SYSTEM, plan=found))
        self.stdout.write(f"Đã ghi {docx}")
        if options["xlsx"]:
            xlsx = Path(options["xlsx"])
            xlsx.write_bytes(workbook.plan_appendix_xlsx(user=SYSTEM, plan=found))
            self.stdout.write(f"Đã ghi {xlsx}")

    def _terms(self, options: dict[str, Any]) -> None:
        for term in selectors.key_cadre_terms():
            self.stdout.write(term.text)
