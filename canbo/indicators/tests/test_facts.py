"""The indicator facts kept in memory (indicators.facts, decisions/0015): always the tables the database
gives, on any date, after any write, on every path a write can take — read again only for the people a
write touched, and for everything when that cannot be known. Committed data only (transactional
tests): the facts are not used inside a transaction."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest
from django.db import connection, transaction
from polars.testing import assert_frame_equal

from canbo.accounts.system import SYSTEM
from canbo.demo.registry import generate
from canbo.indicators import facts
from canbo.indicators.selectors import _assignments_on
from canbo.org.models import Unit
from canbo.people.models import Assignment, LanguageSkill, Person, Post

pytestmark = pytest.mark.django_db(transaction=True)
DATES = [dt.date(2022, 1, 1), dt.date(2024, 6, 30), dt.date(2025, 7, 1), dt.date(2026, 1, 1)]
POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="transaction ids: PostgreSQL")


@pytest.fixture
def registry(transactional_db: None, builtin_org: None, settings: Any) -> Iterator[list[int]]:
    """The demo generator's 300 people, committed; the unit ids of the organisation."""
    settings.CANBO_INDICATOR_FACTS = True
    facts.forget()
    generate(300, 2022, SYSTEM)
    yield list(Unit.objects.values_list("id", flat=True))
    facts.forget()


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns)


def _from_database(as_of: dt.date, units: list[int], few: bool = False) -> pl.DataFrame:
    with transaction.atomic():  # inside a transaction: read from the database
        return _assignments_on(as_of=as_of, unit_ids=units, few=few)


def assert_in_step(units: list[int], dates: list[dt.date] = DATES) -> None:
    assert facts.enabled()
    for day in dates:
        expected = _sorted(_from_database(day, units))
        assert expected.height  # the test measures something
        assert_frame_equal(_sorted(facts.rows_on(as_of=day, unit_ids=units)), expected)


def _counts() -> dict[str, int]:
    return dict(facts.counters)


def test_the_facts_are_the_database_tables_on_every_date(registry: list[int]) -> None:
    assert_in_step(registry)
    # one agency through the index of its units' slices
    busiest = Assignment.objects.values_list("unit_id", flat=True).order_by("unit_id").first()
    assert busiest is not None
    for day in DATES:
        assert_frame_equal(
            _sorted(facts.rows_on(as_of=day, unit_ids=[busiest], few=True)),
            _sorted(_from_database(day, [busiest], few=True)),
        )


def test_each_write_is_read_again_for_its_person_only(registry: list[int]) -> None:
    assert_in_step(registry)
    before = _counts()
    holder = Assignment.objects.filter(valid_to__isnull=True).select_related("person").first()
    assert holder is not None
    person = holder.person
    # a person's attribute the indicators read
    person.sex = "nu" if person.sex == "nam" else "nam"
    person.save()
    assert_in_step(registry)
    # an assignment ended, another begun
    Assignment.objects.filter(pk=holder.pk).update(valid_to=dt.date(2025, 12, 31))
    Assignment.objects.create(
        person=person, unit_id=holder.unit_id, valid_from=dt.date(2026, 1, 1), start_reason="dieu_dong"
    )
    assert_in_step(registry)
    # a language level, then its removal
    skill = LanguageSkill.objects.create(
        person=person, language="zz", level=5, certified_on=dt.date(2024, 1, 1)
    )
    assert_in_step(registry)
    skill.delete()
    assert_in_step(registry)
    after = _counts()
    assert after["full"] == before["full"]  # never everything again
    assert after["patch"] > before["patch"]


def test_a_change_the_indicators_do_not_read_is_not_logged(registry: list[int]) -> None:
    assert_in_step(registry, DATES[-1:])
    before = _counts()
    Person.objects.filter(pk=Person.objects.first().pk).update(hometown="Cam Ranh")  # type: ignore[union-attr]
    assert_in_step(registry, DATES[-1:])
    assert _counts()["patch"] == before["patch"]


def test_a_post_level_changed_reads_everything(registry: list[int]) -> None:
    assert_in_step(registry, DATES[-1:])
    before = _counts()
    post = Post.objects.filter(assignments__isnull=False, level="none").first()
    assert post is not None
    Post.objects.filter(pk=post.pk).update(level="division_head")
    assert_in_step(registry, DATES[-1:])
    assert _counts()["full"] == before["full"] + 1


def test_a_write_rolled_back_leaves_the_facts_as_they_were(registry: list[int]) -> None:
    assert_in_step(registry, DATES[-1:])
    person = Assignment.objects.filter(valid_to__isnull=True).first().person  # type: ignore[union-attr]
    with pytest.raises(RuntimeError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(birth_date=dt.date(2000, 1, 1))
        assert not facts.enabled()  # inside the transaction: the database, not the facts
        raise RuntimeError
    assert_in_step(registry, DATES[-1:])


def test_the_log_emptied_reads_everything(registry: list[int]) -> None:
    assert_in_step(registry, DATES[-1:])
    from canbo.indicators.models import RegistryChange

    Person.objects.filter(pk=Person.objects.first().pk).update(sex="nu")  # type: ignore[union-attr]
    RegistryChange.objects.all().delete()  # as a restore from a backup would leave it
    before = _counts()
    assert_in_step(registry, DATES[-1:])
    assert _counts()["full"] == before["full"] + 1


def test_a_log_cut_back_still_brings_a_late_reader_up_to_date(registry: list[int], monkeypatch: Any) -> None:
    from canbo.indicators.models import RegistryChange

    assert_in_step(registry, DATES[-1:])
    late = facts._facts  # a reader that read at this point and not since
    monkeypatch.setattr(facts, "LOG_KEEP", 5)
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:30])
    for pk in people:
        Person.objects.filter(pk=pk).update(degree_abroad=True)
    assert RegistryChange.objects.count() >= 30
    assert_in_step(registry, DATES[-1:])  # this reader reads and cuts the log back
    assert RegistryChange.objects.count() <= 6
    facts._facts = late  # the late reader comes back: its lines were cut
    before = _counts()
    assert_in_step(registry, DATES[-1:])
    assert _counts()["full"] == before["full"] + 1


@POSTGRESQL
def test_a_transaction_committing_after_a_later_one_is_not_skipped(registry: list[int]) -> None:
    import psycopg

    assert_in_step(registry, DATES[-1:])
    first, second = Person.objects.filter(
        pk__in=Assignment.objects.filter(valid_to__isnull=True).values("person_id")
    ).order_by("pk")[:2]
    other = psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        host=connection.settings_dict["HOST"] or "127.0.0.1",
        port=connection.settings_dict["PORT"] or 5432,
        user=connection.settings_dict["USER"],
    )
    try:
        # the other connection begins first and holds its transaction id open
        other.execute("UPDATE people_person SET sex = CASE WHEN sex = 'nam' THEN 'nu' ELSE 'nam' END WHERE id = %s",
                      [first.pk])  # fmt: skip
        Person.objects.filter(pk=second.pk).update(sex="nu" if second.sex == "nam" else "nam")
        assert_in_step(registry, DATES[-1:])  # sees the second; the first is not committed yet
        other.commit()
        assert_in_step(registry, DATES[-1:])  # the first, committed after, is not skipped
    finally:
        other.close()


@POSTGRESQL
def test_a_large_statement_logs_everything(registry: list[int]) -> None:
    from canbo.indicators.models import RegistryChange

    before = RegistryChange.objects.count()
    with connection.cursor() as cursor:  # more than 10,000 rows in one statement
        cursor.execute(
            "INSERT INTO people_languageskill (person_id, language, level) "
            "SELECT p.id, 'l' || g, 1 FROM people_person p CROSS JOIN generate_series(1, 40) g"
        )
    lines = list(RegistryChange.objects.order_by("id").values_list("person_id", flat=True)[before:])
    assert lines == [None]
    assert_in_step(registry, DATES[-1:])


def test_the_tables_emptied_read_everything(registry: list[int]) -> None:
    """As between two tests, or a restore: every table emptied at once (Django's flush: TRUNCATE on
    PostgreSQL, DELETE on SQLite), then new people."""
    from django.core.management import call_command

    assert_in_step(registry, DATES[-1:])
    call_command("flush", interactive=False, verbosity=0)
    call_command("org", "load", "builtin", verbosity=0)
    generate(50, 7, SYSTEM)
    assert_in_step(list(Unit.objects.values_list("id", flat=True)), DATES[-1:])


@POSTGRESQL
def test_another_process_starts_from_the_facts_saved_on_disk(
    registry: list[int], settings: Any, tmp_path: Any
) -> None:
    settings.CANBO_INDICATOR_FACTS_DIR = str(tmp_path)
    facts.forget()
    assert_in_step(registry, DATES[-1:])  # loads from the database and saves
    assert list(tmp_path.iterdir())
    person = Assignment.objects.filter(valid_to__isnull=True).first().person  # type: ignore[union-attr]
    Person.objects.filter(pk=person.pk).update(sex="nu" if person.sex == "nam" else "nam")
    facts.forget()  # as a new process would start
    before = _counts()
    assert_in_step(registry, DATES[-1:])  # from the disk, then the write read from the log
    after = _counts()
    assert after["from_disk"] == before["from_disk"] + 1
    assert after["full"] == before["full"]
    assert after["patch"] == before["patch"] + 1


@POSTGRESQL
def test_facts_saved_for_another_database_are_not_used(
    registry: list[int], settings: Any, tmp_path: Any
) -> None:
    settings.CANBO_INDICATOR_FACTS_DIR = str(tmp_path)
    facts.forget()
    assert_in_step(registry, DATES[-1:])
    (saved,) = list(tmp_path.iterdir())
    saved.rename(tmp_path / "0-0")  # another cluster's database
    facts.forget()
    before = _counts()
    assert_in_step(registry, DATES[-1:])
    assert _counts()["full"] == before["full"] + 1


def test_figures_are_kept_until_the_registry_the_organisation_or_a_target_changes(
    registry: list[int], monkeypatch: Any
) -> None:
    """selectors.memoised: the briefing's and the targets page's figures computed once per generation
    of the facts; a person, a unit's version or a target written makes them computed again."""
    from canbo.indicators import selectors
    from canbo.indicators.engine import measure as engine
    from canbo.indicators.models import Target
    from canbo.org.models import UnitVersion

    calls = []
    real = engine.measure
    monkeypatch.setattr(engine, "measure", lambda *a, **k: calls.append(1) or real(*a, **k))
    day = DATES[-1]
    first = selectors.indicators_on(user=SYSTEM, as_of=day)
    first["departments"].clear()  # a caller changing what it got changes nothing kept
    again = selectors.indicators_on(user=SYSTEM, as_of=day)
    assert len(calls) == 1 and again["departments"]
    assert again["province"] == first["province"]
    person = Assignment.objects.filter(valid_to__isnull=True).first().person  # type: ignore[union-attr]
    Person.objects.filter(pk=person.pk).update(degree_abroad=not person.degree_abroad)
    selectors.indicators_on(user=SYSTEM, as_of=day)
    assert len(calls) == 2
    version = UnitVersion.objects.filter(valid_to__isnull=True).first()
    assert version is not None
    UnitVersion.objects.filter(pk=version.pk).update(name=version.name + " (đổi tên)")
    selectors.indicators_on(user=SYSTEM, as_of=day)
    assert len(calls) == 3
    Target.objects.filter(pk=Target.objects.first().pk).update(text="…")  # type: ignore[union-attr]
    selectors.indicators_on(user=SYSTEM, as_of=day)
    assert len(calls) == 4
    selectors.indicators_on(user=SYSTEM, as_of=day)
    assert len(calls) == 4


def test_the_tables_kept_with_the_figures_stay_within_their_memory_budget(
    registry: list[int], settings: Any, monkeypatch: Any
) -> None:
    from canbo.indicators import selectors

    settings.CANBO_INDICATOR_MEMO_MB = 0  # no room for a second entry's frames: only the newest is kept
    monkeypatch.setattr(selectors, "_MEMO", selectors.OrderedDict())
    selectors.targets_on(user=SYSTEM, as_of=DATES[-1])
    selectors.targets_on(user=SYSTEM, as_of=DATES[-2])
    assert len(selectors._MEMO) == 1
    settings.CANBO_INDICATOR_MEMO_MB = 256
    selectors.targets_on(user=SYSTEM, as_of=DATES[-1])
    assert len(selectors._MEMO) == 2
