"""canbo planning — the planning pool from the command line, for the whole province (as the system):

- `canbo planning review-due [--as-of DD/MM/YYYY]` — the pools whose yearly review is due by that day;
- `canbo planning exits [--as-of DD/MM/YYYY] [--record]` — the exits the rules call for (a discipline,
  a negative political-standard conclusion, the planning age); with --record, each is recorded as a
  proposal for Sở Nội vụ to confirm or dismiss (nobody leaves a pool without a decision)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from canbo.accounts.system import SYSTEM
from canbo.core.dates import format_date
from canbo.core.entry import command_date
from canbo.planning.selectors import planning_exit_proposals, pools_list
from canbo.planning.services import exit_proposals_record


class Command(BaseCommand):
    help = "Quy hoạch cán bộ: các quy hoạch đến hạn rà soát; các trường hợp đề nghị đưa ra khỏi quy hoạch."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        due = sub.add_parser("review-due", help="Quy hoạch đến hạn rà soát hằng năm.")
        due.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        exits = sub.add_parser("exits", help="Trường hợp đề nghị đưa ra khỏi quy hoạch.")
        exits.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (mặc định: hôm nay)")
        exits.add_argument("--record", action="store_true", help="ghi thành đề xuất chờ Sở Nội vụ quyết định")

    def handle(self, *args: Any, what: str, **options: Any) -> None:
        as_of = command_date(options.get("as_of"))
        if what == "review-due":
            due = [
                p
                for p in pools_list(user=SYSTEM, as_of=as_of).pools
                if p.review_due and p.review_due <= as_of
            ]
            for pool in due:
                self.stdout.write(
                    f"{format_date(pool.review_due)}\t{pool.unit_name}\t{pool.post.name}\t"
                    f"{pool.term_from}–{pool.term_to}\t{len(pool.members)} người"
                )
            self.stdout.write(f"{len(due)} quy hoạch đến hạn rà soát ngày {format_date(as_of)}.")
            return
        cases = planning_exit_proposals(as_of=as_of)
        for case in cases:
            m = case.membership
            self.stdout.write(
                f"{m.person.full_name}\t{m.post.name}\t{m.term_from}–{m.term_to}\t{case.reason_label}\t{case.detail}"
            )
        if options["record"]:
            recorded = exit_proposals_record(actor=SYSTEM, as_of=as_of)
            self.stdout.write(f"Đã ghi {recorded} đề xuất đưa ra khỏi quy hoạch.")
        else:
            self.stdout.write(
                f"{len(cases)} trường hợp ngày {format_date(as_of)} (thêm --record để ghi đề xuất)."
            )
