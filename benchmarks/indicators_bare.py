"""The bare Polars pass: the least work any implementation of the plan's indicators must do on a date,
written as one plain Polars query over the facts already in memory — no Django, no database, no
engine, no checks. `canbo bench indicators` runs it on the same data in the same run and prints the
application's time as a ratio of this one (issue 17: "≤ 3× the bare pass" at 50,000 people).

What it computes, per department and for the province (the same numbers as indicators.engine.measure,
without the forecast, the term starts or the women rule's verdict): headcount; cán bộ, công chức
counted for the women test and the women among them; ethnic-minority staff; those counted for the
international share and those able (language level ≥ 4 on the date, or a degree abroad); the
department's own leaders (head and deputies of the department itself), those under 40, the women and
the ethnic-minority ones.

Run alone on facts saved as Parquet (rows, languages, units: unit_id → agency_id):

    python benchmarks/indicators_bare.py rows.parquet languages.parquet units.parquet 2026-01-01
"""

import datetime as dt
import statistics
import sys
import time

import polars as pl

LEADER_LEVELS = ["agency_head", "agency_deputy"]
COUNTED = ["can_bo", "cong_chuc"]  # cán bộ, công chức: the women test and the international share


def bare_pass(
    rows: pl.DataFrame, languages: pl.DataFrame, units: pl.DataFrame, as_of: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per department, province) on as_of. rows: person_id, unit_id, level, valid_from, valid_to,
    sex, birth_date, staff_category, ethnic_minority, degree_abroad; languages: person_id, level,
    certified_on; units: unit_id, agency_id."""
    day = pl.lit(as_of, pl.Date)
    best = (
        languages.lazy()
        .filter(pl.col("certified_on").is_null() | (pl.col("certified_on") <= day))
        .group_by("person_id")
        .agg(pl.col("level").max().alias("language_level"))
    )
    # cast: the facts keep codes as categoricals and ids as 32-bit integers
    in_force = (
        rows.lazy()
        .filter((pl.col("valid_from") <= day) & (pl.col("valid_to").is_null() | (pl.col("valid_to") > day)))
        .with_columns(pl.col("unit_id").cast(pl.Int64), pl.col("person_id").cast(pl.Int64))
        .join(units.lazy().with_columns(pl.col("unit_id", "agency_id").cast(pl.Int64)), on="unit_id")
        .join(best.with_columns(pl.col("person_id").cast(pl.Int64)), on="person_id", how="left")
        .with_columns(
            pl.col("staff_category").cast(pl.String).is_in(COUNTED).alias("counted"),
            ((pl.col("language_level").fill_null(0) >= 4) | pl.col("degree_abroad")).alias("capable"),
            (
                pl.col("level").cast(pl.String).is_in(LEADER_LEVELS)
                & (pl.col("unit_id") == pl.col("agency_id"))
            ).alias("leader"),
            (pl.col("sex").cast(pl.String) == "nu").alias("woman"),
            # under 40 on the date: the 40th birthday after it
            (pl.col("birth_date").dt.offset_by("40y") > day).alias("under_40"),
        )
    )
    flags = [
        pl.lit(True).alias("headcount"),
        pl.col("counted").alias("staff_counted_for_women"),
        (pl.col("counted") & pl.col("woman")).alias("women_staff"),
        pl.col("ethnic_minority").alias("ethnic_minority_staff"),
        (pl.col("counted") & pl.col("capable")).alias("international_capable"),
        pl.col("leader").alias("leaders"),
        (pl.col("leader") & pl.col("under_40")).alias("leaders_under_40"),
        (pl.col("leader") & pl.col("woman")).alias("female_leaders"),
        (pl.col("leader") & pl.col("ethnic_minority")).alias("ethnic_minority_leaders"),
    ]
    names = [flag.meta.output_name() for flag in flags]
    per_person = in_force.group_by("agency_id", "person_id").agg([flag.any() for flag in flags])
    departments = per_person.group_by("agency_id").agg(pl.col(names).sum())
    staff = names[:5]  # the province counts each person once: the staff figures
    province = (
        in_force.group_by("person_id").agg([flag.any() for flag in flags[:5]]).select(pl.col(staff).sum())
    )
    return tuple(pl.collect_all([departments, province]))  # type: ignore[return-value]


def timed(
    repeat: int, rows: pl.DataFrame, languages: pl.DataFrame, units: pl.DataFrame, as_of: dt.date
) -> float:
    """The median of `repeat` bare passes after one to warm up, in milliseconds."""
    bare_pass(rows, languages, units, as_of)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        bare_pass(rows, languages, units, as_of)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    rows_file, languages_file, units_file, day = sys.argv[1:5]
    rows, languages, units = (pl.read_parquet(path) for path in (rows_file, languages_file, units_file))
    print(f"bare pass: {timed(5, rows, languages, units, dt.date.fromisoformat(day)):.1f} ms")
