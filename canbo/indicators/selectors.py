"""The engine's input tables on a date, scoped to the user.

A few small queries read the organisation; one query reads every assignment in force in the units
wanted with its holder's fields joined in SQL (and on SQLite the holder's best foreign-language
level; PostgreSQL reads the levels in a second query), and goes into Polars column by column: no
Python object per person on PostgreSQL, where the rows come as one CSV text, and one tuple per row
on SQLite. Units are mapped to their agencies, and the ethnic-minority flag set,
by Polars over the whole table at once."""

import copy
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import polars as pl
from django.db import connection, transaction

from canbo.core.bulk import select_in
from canbo.core.errors import InputRejected
from canbo.indicators.engine.international import OutlookPoint
from canbo.indicators.engine.measure import LEADERSHIP_LEVELS
from canbo.indicators.engine.results import Measured, UnitsMeasured
from canbo.org.models import UnitVersion
from canbo.org.scope import visible_unit_ids
from canbo.org.selectors import agencies_as_of, org_tree_shape, unit_names
from canbo.people import catalogues
from canbo.people.choices import AssignmentReason
from canbo.people.models import Assignment, LanguageSkill, Person, Post
from canbo.people.selectors import before_first_data

LEADER_LEVELS = ("agency_head", "agency_deputy")


def data_available(as_of: dt.date) -> None:
    """Refuse a date before the registry's first data (people.selectors.registry_first_day): the
    staff of a roster loaded as of a later date are not there yet, every figure would be wrong.
    InputRejected "Chưa có số liệu trước ngày …" (a page shows it in place of the figures, the API
    answers 422, a command prints it)."""
    message = before_first_data(as_of)
    if message:
        raise InputRejected.single(message)


# catalogues.is_ethnic_minority as the codes it holds for, to test a whole column at once (is_in).
MINORITY_CODES = tuple(c for c in catalogues.ETHNIC_GROUPS.codes() if catalogues.is_ethnic_minority(c))


def _minority_hashes() -> list[str]:
    """The column holds keyed hashes of the codes (core.fields.KeyedCodeField): the minority codes'
    hashes, tested the same way."""
    field = Person._meta.get_field("ethnicity")
    return [field.hash_of(code) for code in MINORITY_CODES]  # type: ignore[attr-defined]


# What _assignments_on reads; dates as days since 1970-01-01 (Polars' own Date representation).
_ROWS_SCHEMA = pl.Schema(
    {
        "person_id": pl.Int64,
        "unit_id": pl.Int64,
        "level": pl.String,
        "appointed_on": pl.Int32,
        "sex": pl.String,
        "birth_date": pl.Int32,
        "staff_category": pl.String,
        "ethnicity": pl.String,
        "degree_abroad": pl.Int8,
        "language_level": pl.Int64,
    }
)


def _days(column: str) -> str:
    """SQL for a date column as days since 1970-01-01 (PostgreSQL or SQLite)."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _in_force(unit_ids: Collection[int]) -> str:
    """WHERE clause: assignments `a` in force on the date (two parameters) in unit_ids."""
    units = ", ".join(str(int(pk)) for pk in sorted(unit_ids))  # ints read from the database
    return f"a.unit_id IN ({units}) AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to > %s)"


def _assignments_sql(unit_ids: Collection[int], columns: list[str]) -> str:
    """SELECT columns of every assignment `a` in force on the date (two parameters) in unit_ids,
    joined to its holder `p` and its post `po`."""
    table = {model: connection.ops.quote_name(model._meta.db_table) for model in (Assignment, Person, Post)}
    return f"""
        SELECT {", ".join(columns)}
        FROM {table[Assignment]} a
            JOIN {table[Person]} p ON p.id = a.person_id
            LEFT JOIN {table[Post]} po ON po.id = a.post_id
        WHERE {_in_force(unit_ids)}
    """


def _columns() -> list[str]:
    """The columns of _ROWS_SCHEMA but the language level; none of them can be NULL."""
    return [
        "a.person_id",
        "a.unit_id",
        "COALESCE(po.level, 'none')",
        _days("a.valid_from"),
        "p.sex",
        _days("p.birth_date"),
        "p.staff_category",
        "p.ethnicity",
        "CASE WHEN p.degree_abroad THEN 1 ELSE 0 END",
    ]


def _frame(tuples: list[tuple[Any, ...]]) -> pl.DataFrame:
    """Rows of _ROWS_SCHEMA as a frame, built column by column (about twice as fast as by row)."""
    if not tuples:
        return pl.DataFrame(schema=_ROWS_SCHEMA)
    columns = zip(_ROWS_SCHEMA.items(), zip(*tuples, strict=True), strict=True)
    return pl.DataFrame([pl.Series(name, values, dtype) for (name, dtype), values in columns])


# A level counts from its certificate's date (issue 16.3); a level recorded without one counts always.
_CERTIFIED = "(l.certified_on IS NULL OR l.certified_on <= %s)"


def _best_level() -> str:
    """SQL: the best language level of the person of assignment `a` on the date (one parameter), by a
    correlated subquery (an index look-up per row), 0 without one."""
    languages = connection.ops.quote_name(LanguageSkill._meta.db_table)
    best = f"SELECT MAX(l.level) FROM {languages} l WHERE l.person_id = a.person_id AND {_CERTIFIED}"
    return f"COALESCE(({best}), 0)"


def _sqlite_rows(unit_ids: Collection[int], as_of: dt.date) -> pl.DataFrame:
    """SQLite: rows, with the best language level of each on as_of."""
    with connection.cursor() as cursor:
        cursor.execute(_assignments_sql(unit_ids, [*_columns(), _best_level()]), [as_of, as_of, as_of])
        return _frame(cursor.fetchall())


def _csv(cursor: Any, sql: str, params: list[Any], schema: pl.Schema) -> pl.DataFrame:
    """The rows of sql as one CSV text built by the server (string_agg): no Python object per row,
    which a row-by-row fetch or COPY's one-row blocks would cost."""
    cursor.execute(f"SELECT string_agg(line, E'\\n') FROM ({sql}) lines", params)
    text = cursor.fetchone()[0]
    if not text:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(text.encode(), has_header=False, schema=schema)


def _postgresql_rows(unit_ids: Collection[int], as_of: dt.date, *, few: bool = False) -> pl.DataFrame:
    """PostgreSQL: the rows as CSV and, in a second query, every language level, joined by Polars
    (one query joining the levels grouped per person is slower: each parallel worker groups them
    again). For one agency (few: the drill-down) the levels of its people come in the same rows, by
    the correlated subquery, rather than those of the whole registry."""
    languages = connection.ops.quote_name(LanguageSkill._meta.db_table)
    if few:
        line = f"concat_ws(',', {', '.join([*_columns(), _best_level()])}) AS line"
        with connection.cursor() as cursor:
            return _csv(cursor, _assignments_sql(unit_ids, [line]), [as_of, as_of, as_of], _ROWS_SCHEMA)
    line = f"concat_ws(',', {', '.join(_columns())}) AS line"
    main = _ROWS_SCHEMA.copy()
    del main["language_level"]
    levels = pl.Schema({"person_id": pl.Int64, "language_level": pl.Int64})
    with transaction.atomic(), connection.cursor() as cursor:
        # The estimated cost of these queries at a million rows switches the JIT compiler on, which
        # only adds 0.1-0.3 s. SET LOCAL: until the end of the transaction.
        cursor.execute("SET LOCAL jit = off")
        rows = _csv(cursor, _assignments_sql(unit_ids, [line]), [as_of, as_of], main)
        best = _csv(
            cursor,
            f"SELECT concat_ws(',', person_id, level) AS line FROM {languages} l "
            f"WHERE level IS NOT NULL AND {_CERTIFIED}",
            [as_of],
            levels,
        )
    best = best.group_by("person_id").agg(pl.col("language_level").max())
    return (
        rows.join(best, on="person_id", how="left")
        .with_columns(pl.col("language_level").fill_null(0))
        .select(_ROWS_SCHEMA.names())
    )


def _assignments_on(*, as_of: dt.date, unit_ids: Collection[int], few: bool = False) -> pl.DataFrame:
    """One row per assignment in force on as_of in unit_ids: the person and unit, the post's level
    ("none" without a leading post) and start (appointed_on), and the person's sex, birth date,
    staff category, ethnic-minority flag, degree abroad and best language level (0: none). From the
    facts kept in memory (indicators.facts) outside a transaction, from the database inside one."""
    from canbo.indicators import facts

    if unit_ids and facts.enabled():  # kept in memory, in step with the registry (decisions/0015)
        return facts.rows_on(as_of=as_of, unit_ids=unit_ids, few=few)
    if not unit_ids:
        rows = pl.DataFrame(schema=_ROWS_SCHEMA)
    elif connection.vendor == "postgresql":
        rows = _postgresql_rows(unit_ids, as_of, few=few)
    else:
        rows = _sqlite_rows(unit_ids, as_of)
    return rows.with_columns(
        pl.col("appointed_on", "birth_date").cast(pl.Date),
        pl.col("ethnicity").is_in(_minority_hashes()).alias("ethnic_minority"),
        pl.col("degree_abroad").cast(pl.Boolean),
    ).drop("ethnicity")


def term_starts(person_ids: Collection[int]) -> dict[tuple[int, dt.date], dt.date]:
    """For each leading post of these people that began with a restructuring ("sắp xếp tổ chức":
    the unit merged or moved and the post was carried to its successor), the day the term began:
    followed back through every such hand-over to the appointment, re-appointment or extension it
    continues. Our reading: a hand-over moves a post to the successor unit, it is not an appointment
    decision, so the 5-year term (Decree 138/2020 art. 49) still counts from that decision."""
    if not person_ids:
        return {}
    table = connection.ops.quote_name(Assignment._meta.db_table)
    sql = (
        f"SELECT person_id, valid_from, valid_to, start_reason FROM {table} "
        "WHERE post_id IS NOT NULL AND NOT concurrent AND person_id IN ({in})"
    )
    rows = select_in(sql, sorted(person_ids))
    handed_over = {(p, start) for p, start, _end, reason in rows if reason == AssignmentReason.REORGANISATION}
    ended = {(p, end): start for p, start, end, _reason in rows if end is not None}
    result: dict[tuple[int, dt.date], dt.date] = {}
    for person_id, start in handed_over:
        day = start
        while (person_id, day) in handed_over and (person_id, day) in ended:
            day = ended[(person_id, day)]
        result[(person_id, start)] = day
    return result


def _appointed_through_restructurings(leaders: pl.DataFrame) -> pl.DataFrame:
    """appointed_on of leaders whose post was handed over in a restructuring: the term's start."""
    starts = term_starts(set(leaders["person_id"].to_list()))
    if not starts:
        return leaders
    traced = pl.DataFrame(
        [(p, start, day) for (p, start), day in starts.items()],
        schema={"person_id": pl.Int64, "appointed_on": pl.Date, "term_from": pl.Date},
        orient="row",
    )
    return (
        leaders.join(traced, on=["person_id", "appointed_on"], how="left")
        .with_columns(pl.coalesce("term_from", "appointed_on").alias("appointed_on"))
        .drop("term_from")
    )


def department_units(
    *, user: Any, as_of: dt.date, agency_ids: Collection[int] | None = None
) -> tuple[list[Any], dict[int, int]]:
    """The department-level agencies in force on as_of that the user may see (among agency_ids, when
    given), and {unit id: its agency's id} for every unit of their subtrees."""
    visible = visible_unit_ids(user, "view", as_of=as_of)
    agencies = [
        u
        for u in agencies_as_of(as_of=as_of, kinds=("so_nganh",))
        if (visible is None or u.pk in visible) and (agency_ids is None or u.pk in agency_ids)
    ]
    tree = org_tree_shape(as_of=as_of)
    return agencies, {unit_id: agency.pk for agency in agencies for unit_id in tree.subtree([agency.pk])}


def indicator_tables(
    *, user: Any, as_of: dt.date, agency_ids: Collection[int] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(agencies, staff, leaders) on as_of for the department-level agencies the user may see
    (and among them only agency_ids, when given: the drill-down of one agency reads only its rows).

    Staff: everyone with an assignment in force in the agency's subtree (one row per person and
    agency). Leaders: the holders of the agency's own head and deputy posts."""
    data_available(as_of)
    agencies, agency_of = department_units(user=user, as_of=as_of, agency_ids=agency_ids)
    names = unit_names(units=agencies, as_of=as_of)
    units = pl.DataFrame(
        {"unit_id": list(agency_of), "agency_id": list(agency_of.values())},
        schema={"unit_id": pl.Int64, "agency_id": pl.Int64},
    )
    rows = (
        _assignments_on(as_of=as_of, unit_ids=agency_of, few=agency_ids is not None)
        .lazy()
        .join(units.lazy(), on="unit_id")
    )
    staff = rows.unique(["person_id", "agency_id"], keep="any").select(
        "person_id",
        "agency_id",
        "sex",
        "birth_date",
        "staff_category",
        "ethnic_minority",
        "language_level",
        "degree_abroad",
    )
    leaders = (
        rows.filter(pl.col("level").is_in(LEADER_LEVELS) & (pl.col("unit_id") == pl.col("agency_id")))
        .select("person_id", "agency_id", "level", "appointed_on", "sex", "birth_date", "ethnic_minority")
        .sort("agency_id", "person_id")
    )
    staff_frame, leader_frame = pl.collect_all([staff, leaders])
    leader_frame = _appointed_through_restructurings(leader_frame)
    agency_frame = pl.DataFrame(
        {
            "unit_id": [a.pk for a in agencies],
            "code": [a.code for a in agencies],
            "name": [names.get(a.pk, a.code) for a in agencies],
        },
        schema={"unit_id": pl.Int64, "code": pl.String, "name": pl.String},
    )
    return agency_frame, staff_frame, leader_frame


def unit_tables(*, user: Any, as_of: dt.date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(units, staff_by_unit, unit_leaders) on as_of, the engine's UNITS, UNIT_STAFF and UNIT_LEADERS
    tables (indicators.engine.measure), for every unit in force that the user may see: one row per
    assignment in force at the unit it is in, and per holder of a leadership post at its unit."""
    data_available(as_of)
    visible = visible_unit_ids(user, "view", as_of=as_of)
    versions = [
        v
        for v in UnitVersion.objects.as_of(as_of)
        .values_list("unit_id", "parent_id", "unit__code", "name", "kind")
        .order_by()
        if visible is None or v[0] in visible
    ]
    units = pl.DataFrame(
        versions,
        schema={
            "unit_id": pl.Int64,
            "parent_id": pl.Int64,
            "code": pl.String,
            "name": pl.String,
            "kind": pl.String,
        },
        orient="row",
    )
    rows = _assignments_on(as_of=as_of, unit_ids=[v[0] for v in versions])
    staff = rows.select("person_id", "unit_id", "sex", "staff_category")
    leaders = rows.filter(pl.col("level").is_in(LEADERSHIP_LEVELS))
    return units, staff, leaders.select("person_id", "unit_id", "level", "sex")


def engine_settings(as_of: dt.date | None = None) -> Any:
    """The engine's settings from Django's (each with its default and the rule it comes from); the
    population share the ethnic-minority leaders are compared with is the one in force on as_of
    (none without a date)."""
    from django.conf import settings

    from canbo.indicators.engine.measure import Settings
    from canbo.indicators.engine.population import population_share_on, population_shares
    from canbo.indicators.models import Indicator, Target

    # The targets kept as data (indicators.models.Target); the engine's defaults (the plan's 10 % and
    # 15 %, 25–30 %) when none is loaded.
    targets = list(
        Target.objects.filter(
            indicator__in=[Indicator.LEADERS_UNDER_40, Indicator.INTERNATIONAL_CAPABLE],
            threshold__isnull=False,
        ).order_by("year")
    )
    extra: dict[str, Any] = {}
    under_40 = {t.year: float(t.threshold or 0) for t in targets if t.indicator == Indicator.LEADERS_UNDER_40}
    if under_40:
        extra["under_40_targets"] = under_40
    international = [t for t in targets if t.indicator == Indicator.INTERNATIONAL_CAPABLE]
    if international:
        last = international[-1]
        low = float(last.threshold or 0)
        extra["international_targets"] = (
            low,
            float(last.threshold_to) if last.threshold_to is not None else low,
        )
    shares = population_shares(getattr(settings, "CANBO_ETHNIC_MINORITY_POPULATION", []))
    young, other = getattr(settings, "CANBO_FORECAST_APPOINTEE_AGES", (35, 45))
    return Settings(
        ethnic_minority_population=population_share_on(shares, as_of) if as_of else None,
        international_min_level=settings.CANBO_INTERNATIONAL_MIN_LEVEL,
        international_categories=tuple(
            getattr(settings, "CANBO_INTERNATIONAL_CATEGORIES", ("can_bo", "cong_chuc"))
        ),
        women_test_categories=tuple(settings.CANBO_WOMEN_TEST_CATEGORIES),
        reappoint=getattr(settings, "CANBO_FORECAST_REAPPOINT", True),
        fill_vacancies=getattr(settings, "CANBO_FORECAST_FILL_VACANCIES", True),
        rate_window_years=getattr(settings, "CANBO_FORECAST_RATE_YEARS", 5),
        appointee_ages=(int(young), int(other)),
        **extra,
    )


# The appointments whose rates fill the baseline's vacancies: a person put into an agency's head or
# deputy post — appointed, or moved in (điều động, luân chuyển); not a re-appointment or an extension
# (the same person stays) nor a restructuring's hand-over (sắp xếp tổ chức: no decision).
APPOINTMENT_REASONS = (AssignmentReason.APPOINTMENT, AssignmentReason.TRANSFER, AssignmentReason.ROTATION)


def appointments_between(*, since: dt.date, until: dt.date) -> pl.DataFrame:
    """The engine's APPOINTMENTS table (engine.forecast): every appointment to an agency's head or
    deputy post begun from since to until (both included), in the whole province. Not scoped to a
    user on purpose: the rates are one aggregate assumption of the model, the province's, so that an
    agency's forecast is the same whoever looks at it."""
    from canbo.indicators.engine.forecast import APPOINTMENTS_SCHEMA

    rows = Assignment.objects.filter(
        post__level__in=LEADER_LEVELS,
        start_reason__in=APPOINTMENT_REASONS,
        valid_from__gte=since,
        valid_from__lte=until,
    ).values_list(
        "person_id", "unit_id", "valid_from", "person__sex", "person__birth_date", "person__ethnicity"
    )
    return pl.DataFrame(
        [(*row[:5], catalogues.is_ethnic_minority(row[5] or "")) for row in rows],
        schema=APPOINTMENTS_SCHEMA,
        orient="row",
    )


def baseline_rates(*, start: dt.date, leaders: pl.DataFrame, settings: Any) -> Any:
    """engine.forecast.appointment_rates over the appointments of the settings' window before start."""
    from canbo.indicators.engine.forecast import appointment_rates, years_before

    since = years_before(start, settings.rate_window_years)
    return appointment_rates(appointments_between(since=since, until=start), leaders, start, settings)


# Figures computed from the indicator facts, kept per process until the facts change (a person, a
# unit, a target: indicators.facts.Facts.generation), per part of the organisation seen and date: the
# briefing's three dates, the overview and the targets page are computed once between two writes.
_MEMO: "OrderedDict[tuple[Any, ...], tuple[Any, int]]" = OrderedDict()  # key -> (value, bytes of its frames)
_MEMO_LOCK = threading.Lock()
MEMO_SIZE = 48
# The tables kept with the targets page's figures weigh ≈ 40 MB at 2,000,000 people: the oldest go first
# past this many bytes of frames (CANBO_INDICATOR_MEMO_MB), whatever the count.
MEMO_MB = 256


def _frames_bytes(value: Any) -> int:
    """The bytes of the Polars frames a kept value holds (targets_on's "tables")."""
    tables = value.get("tables", ()) if isinstance(value, dict) else ()
    return int(sum(frame.estimated_size() for frame in tables if isinstance(frame, pl.DataFrame)))


def memoised(
    name: str, *, user: Any, as_of: dt.date, compute: Callable[[], Any], extra: tuple[Any, ...] = ()
) -> Any:
    """compute(), or a copy of what it gave for the same user's scope, date and extra since the facts
    last changed. Only when the facts are in use (outside a transaction): inside one, computed."""
    from django.conf import settings

    from canbo.indicators import facts

    if not facts.enabled() or not getattr(settings, "CANBO_INDICATOR_MEMO", True):
        return compute()
    current = facts.current()
    visible = visible_unit_ids(user, "view", as_of=as_of)
    scope = None if visible is None else frozenset(visible)
    # the engine's settings too: Django's settings may differ between two calls (a test, a reload)
    key = (name, current.database, current.generation, scope, as_of, extra, repr(engine_settings(as_of)))
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return copy.deepcopy(_MEMO[key][0])
    value = compute()
    budget = int(getattr(settings, "CANBO_INDICATOR_MEMO_MB", MEMO_MB)) * 1024 * 1024
    with _MEMO_LOCK:
        _MEMO[key] = (copy.deepcopy(value), _frames_bytes(value))  # callers may change what they get
        while len(_MEMO) > MEMO_SIZE or (
            len(_MEMO) > 1 and sum(size for _value, size in _MEMO.values()) > budget
        ):
            _MEMO.popitem(last=False)
    return value


def indicators_on(*, user: Any, as_of: dt.date) -> Measured:
    """The plan's indicators (I.4) on a date, per department and for the province."""
    from canbo.indicators.engine.measure import measure

    def compute() -> Measured:
        agencies, staff, leaders = indicator_tables(user=user, as_of=as_of)
        return measure(agencies, staff, leaders, as_of, engine_settings(as_of))

    return memoised("indicators_on", user=user, as_of=as_of, compute=compute)  # type: ignore[no-any-return]


def unit_indicators_on(*, user: Any, as_of: dt.date) -> UnitsMeasured:
    """The women test of plan I.4 and its counts for every unit of any level the user may see on a
    date (indicators.engine.measure.measure_units): a second view beside the departments'."""
    from canbo.indicators.engine.measure import measure_units

    units, staff, leaders = unit_tables(user=user, as_of=as_of)
    return measure_units(units, staff, leaders, as_of, engine_settings(as_of))


def _forecast_part(
    tables: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
    result: Measured,
    start: dt.date,
    to_year: int,
    settings: Any,
) -> dict[str, Any]:
    """The baseline to to_year and the outlook of every target year (the same rows: the baseline is
    computed to the last target year not over even when to_year is earlier, and cut at to_year)."""
    from canbo.indicators.engine.forecast import fewest_from, forecast, outlook

    agencies, staff, leaders = tables
    rates = baseline_rates(start=start, leaders=leaders, settings=settings)
    until = max([to_year, *(year for year in settings.under_40_targets if year >= start.year)])
    baseline = forecast(agencies, staff, leaders, start, until, settings, rates=rates)
    table = outlook(result, baseline, start, settings)
    return {
        "from": start.isoformat(),
        "to": to_year,
        "baseline": [row for row in baseline if row["year"] <= to_year],
        "outlook": table,
        "fewest_under_40": fewest_from(table),
        "rates": rates,
    }


def targets_on(*, user: Any, as_of: dt.date, to_year: int | None = None) -> dict[str, Any]:
    """What the targets page, its exports and `canbo indicators` show, from the tables read once:
    {"result": indicators on as_of, "forecast": the baseline from as_of to to_year (default 2030,
    or as_of's year when later) with the outlook — the "còn thiếu" of every target year, the same
    numbers everywhere — the rates and the settings used, "tables", "settings"}."""
    from canbo.indicators.engine.measure import measure

    last = to_year if to_year is not None else max(2030, as_of.year)

    def compute() -> dict[str, Any]:
        tables = indicator_tables(user=user, as_of=as_of)
        settings = engine_settings(as_of)
        result = measure(*tables, as_of, settings)
        return {
            "result": result,
            "forecast": _forecast_part(tables, result, as_of, last, settings),
            "tables": tables,
            "settings": settings,
        }

    return memoised("targets_on", user=user, as_of=as_of, compute=compute, extra=(last,))  # type: ignore[no-any-return]


def forecast_from(*, user: Any, start: dt.date, to_year: int) -> dict[str, Any]:
    """The baseline forecast from `start` to the end of `to_year` (from start's year to 2100), with
    the outlook of every target year and the rates the vacancies are filled at."""
    from canbo.core.errors import ApplicationError

    if not start.year <= to_year <= 2100:
        raise ApplicationError(f"Năm cuối của dự báo phải từ {start.year} đến 2100, không phải {to_year}.")
    return targets_on(user=user, as_of=start, to_year=to_year)["forecast"]


def international_outlook_view(
    *, user: Any, as_of: dt.date, to_year: int = 2030, cohorts: Sequence[Any] = ()
) -> list[OutlookPoint]:
    """The share of cán bộ, công chức able to work internationally on 31/12 of each year from as_of to
    to_year, without and with the language programme's cohorts (engine.international), over the
    departments the user may see: a named member out of that part of the organisation adds nothing."""
    from canbo.core.errors import ApplicationError
    from canbo.indicators.engine.international import international_outlook

    if not as_of.year <= to_year <= 2100:
        raise ApplicationError(f"Năm cuối của dự báo phải từ {as_of.year} đến 2100, không phải {to_year}.")
    _agencies, staff, _leaders = indicator_tables(user=user, as_of=as_of)
    return international_outlook(
        staff, start=as_of, to_year=to_year, settings=engine_settings(as_of), cohorts=cohorts
    )


def language_programme(*, user: Any) -> list[Any]:
    """The language programme's cohorts (engine.international.LanguageCohort) from the callable named
    by settings.CANBO_LANGUAGE_PROGRAMME (the training app's, above this one; empty: no programme)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "CANBO_LANGUAGE_PROGRAMME", "")
    return list(import_string(path)(user=user)) if path else []


COUNT_KEYS = {
    "leaders",
    "leaders_under_40",
    "staff_counted_for_women",
    "women_staff",
    "female_leaders",
    "ethnic_minority_leaders",
    "ethnic_minority_staff",
    "international_capable",
    "staff_counted_for_international",
    "headcount",
}


# The figures computed from counts: hidden with them, or a share beside "<5" would give the count back.
DERIVED_FROM = {
    "share_under_40": ("leaders_under_40", "leaders"),
    "women_share": ("women_staff", "staff_counted_for_women"),
    "ethnic_minority_leader_share": ("ethnic_minority_leaders", "leaders"),
    "ethnic_minority_staff_share": ("ethnic_minority_staff", "headcount"),
    "international_share": ("international_capable", "staff_counted_for_international"),
    # an outlook's row (forecast.outlook)
    "needed": ("leaders",),
    "shortfall": ("leaders_under_40", "leaders"),
    "fewest_added": ("leaders_under_40", "leaders"),
}
HIDDEN = "—"


def suppressed(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row for an export for publication (an option, never the default: the province's own
    leadership gets exact numbers, RULES.md §8): counts of 1 to n−1 become "<n"
    (CANBO_SUPPRESS_COUNTS_UNDER, default 5), so that small groups cannot be singled out; the shares
    and gaps computed from a hidden count become "—"."""
    from django.conf import settings

    limit = settings.CANBO_SUPPRESS_COUNTS_UNDER
    hidden = {
        key
        for key, value in row.items()
        if key in COUNT_KEYS and isinstance(value, int) and 0 < value < limit
    }
    result = {key: (f"<{limit}" if key in hidden else value) for key, value in row.items()}
    for key in row:
        sources = DERIVED_FROM.get(key) or (
            ("leaders_under_40", "leaders") if key.startswith(("gap_under_40_", "shortfall_")) else ()
        )
        if hidden.intersection(sources) and row[key] is not None:
            result[key] = HIDDEN
    return result


# --- the levels of the year's evaluation (issue 15.6) ---------------------------------------------


def evaluation_levels(*, user: Any, year: int) -> list[dict[str, Any]]:
    """Per agency (department or district-level unit on the year's last day), how many of the people
    the user sees were ranked at each level of the year (people.Evaluation: what each agency finalised
    or recorded). A person counts in the agency of their main post on 31/12 of the year (or on the
    day of their last post, if it ended earlier)."""
    from canbo.people.choices import EvaluationLevel
    from canbo.people.models import Evaluation

    day = dt.date(year, 12, 31)
    levels = dict(
        Evaluation.objects.filter(year=year, person__in=Person.objects.restrict(user, "view")).values_list(  # type: ignore[attr-defined]
            "person_id", "level"
        )
    )
    if not levels:
        return []
    unit_of: dict[int, int] = {}
    for person_id, unit_id in (
        Assignment.objects.filter(person_id__in=levels, concurrent=False, valid_from__lte=day)
        .order_by("person_id", "valid_from")
        .values_list("person_id", "unit_id")
    ):
        unit_of[person_id] = unit_id  # the latest main post begun by the year's end
    agencies = {u.pk: u for u in agencies_as_of(as_of=day)}
    shape = org_tree_shape(as_of=day)
    names = unit_names(units=list(agencies.values()), as_of=day)
    rows: dict[int, dict[str, Any]] = {}
    for person_id, level in levels.items():
        current = unit_of.get(person_id)
        while current is not None and current not in agencies:
            current = shape.parent.get(current)
        if current is None:
            continue
        row = rows.setdefault(
            current,
            {"unit_id": current, "unit_name": names.get(current, agencies[current].code), "total": 0,
             "levels": {code: 0 for code in EvaluationLevel.values}},
        )  # fmt: skip
        row["levels"][level] += 1
        row["total"] += 1
    return sorted(rows.values(), key=lambda r: r["unit_name"])
