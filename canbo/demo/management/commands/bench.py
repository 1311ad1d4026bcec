"""canbo bench [org|people|indicators|all] — measure the hot paths on synthetic data, inside a
transaction rolled back at the end (demo/bench/).

    canbo bench [--units 5000] [--people 50000] [--repeat 5]
    canbo bench indicators [--persons 50000]
    canbo bench evaluation [--persons 50000] [--repeat 5] [--no-database]
    canbo bench load | routine | national …   (issue 17: each module's own options, `canbo bench -h`)

Results go to docs/performance.md with the command that produced them.
"""

from argparse import ArgumentParser
from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from canbo.demo.bench import Result
from canbo.demo.bench import evaluation as evaluation_bench
from canbo.demo.bench import indicators as indicators_bench
from canbo.demo.bench import org as org_bench
from canbo.demo.bench import people as people_bench

# Benchmarks that each own a module of canbo.demo.bench with run(**options) -> rows and, optionally,
# add_arguments(parser) for their own options (issue 17: national scale).
MODULES = ("load", "routine", "national")


def _module(name: str) -> Any:
    return import_module(f"canbo.demo.bench.{name}")


class Command(BaseCommand):
    help = "Đo tốc độ các thao tác chính trên dữ liệu giả lập (không ghi lại gì)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "what",
            nargs="?",
            choices=["org", "people", "indicators", "evaluation", *MODULES, "all"],
            default="all",
        )
        parser.add_argument(
            "--persons", type=int, default=50_000, help="people for `bench indicators` and `bench evaluation`"
        )
        parser.add_argument(
            "--no-database", action="store_true", help="`bench evaluation`: only the pure ranking, in memory"
        )
        parser.add_argument("--units", type=int, default=5000)
        parser.add_argument("--people", type=int, default=50_000)
        parser.add_argument("--repeat", type=int, default=5)
        for name in MODULES:
            module = _module(name)
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        # As in production: with DEBUG on (CANBO_DEBUG=1, which a local run needs) Django logs every
        # statement with its parameters quoted, which doubled the cost of a look-up of 5,000 keys.
        with override_settings(DEBUG=False):
            try:
                self._handle(**options)
            except ValueError as error:  # the data a benchmark needs is missing: say which
                raise CommandError(str(error)) from None

    def _handle(
        self, *args: Any, what: str, units: int, people: int, persons: int, repeat: int, **options: Any
    ) -> None:
        if what in MODULES:
            module = _module(what)
            self._print(
                module.run(persons=persons, repeat=repeat, **options),
                getattr(module, "command", lambda **o: f"canbo bench {what}")(
                    persons=persons, repeat=repeat, **options
                ),
            )
            return
        if what == "indicators":
            self._print(
                indicators_bench.run(persons=persons, repeat=repeat),
                f"canbo bench indicators --persons {persons}",
            )
            return
        if what == "evaluation":
            database = not options.get("no_database", False)
            self._print(
                evaluation_bench.run(persons=persons, repeat=repeat, database=database),
                f"canbo bench evaluation --persons {persons} --repeat {repeat}"
                + ("" if database else " --no-database"),
            )
            return
        rows: list[Result] = []
        if what in ("people", "all"):
            rows.extend(people_bench.run(rows=people, repeat=repeat))
        if what == "people":
            self._print(rows, f"canbo bench people --people {people}")
            return
        rows.extend(org_bench.run(units=units, repeat=repeat))
        self._print(rows, f"canbo bench {what} --units {units} --people {people} --repeat {repeat}")

    def _print(self, rows: list[Result], command: str) -> None:
        self.stdout.write(f"{command} ({connection.vendor}, SQL not logged, as in production)")
        self.stdout.write(f"{'operation':<45} {'ms':>10}  note")
        for name, ms, note in rows:
            self.stdout.write(f"{name:<45} {ms:>10.1f}  {note}")
