"""Tests of plans.deadlines: deadline phrases from Vietnamese government plans read into schedules."""

import calendar
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canbo.plans.deadlines import Deadline, DeadlineError, Schedule, parse_deadline

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def once(year: int, month: int, day: int, note: str = "") -> Schedule:
    return Schedule("once", due=dt.date(year, month, day), note=note)


def yearly(month: int, day: int, from_year: int | None = None, to_year: int | None = None) -> Schedule:
    return Schedule("yearly", month=month, day=day, from_year=from_year, to_year=to_year)


def ongoing(from_year: int | None = None, to_year: int | None = None) -> Schedule:
    return Schedule("none", from_year=from_year, to_year=to_year, yearly_report=True)


# The rules of the brief, each phrase with the one schedule it gives.
RULES: list[tuple[str, Schedule]] = [
    ("Tháng 7/2022", once(2022, 7, 31)),
    ("Quý III/2022", once(2022, 9, 30)),
    ("Quý I/2022", once(2022, 3, 31)),
    ("Quý II/2022", once(2022, 6, 30)),
    ("Quý IV/2022", once(2022, 12, 31)),
    ("Trong năm 2022", once(2022, 12, 31)),
    ("Trong năm 2023", once(2023, 12, 31)),
    ("trong tháng 01/2022", once(2022, 1, 31)),
    ("hoàn thành trong tháng 01/2022", once(2022, 1, 31)),
    ("trước ngày 25/01/2022", once(2022, 1, 24)),
    ("hoàn thành trước ngày 25/01/2022", once(2022, 1, 24)),
    ("Quý I hàng năm (thực hiện từ năm 2022)", yearly(3, 31, 2022)),
    ("Quý I hàng năm (thực hiện từ năm 2022 đến năm 2025)", yearly(3, 31, 2022, 2025)),
    ("trước ngày 05/12 kể từ năm 2022", yearly(12, 4, 2022)),
    ("thực hiện thường xuyên - từ năm 2022 đến năm 2025", ongoing(2022, 2025)),
    ("thực hiện thường xuyên", ongoing()),
    ("thực hiện từ năm 2022", ongoing(2022)),
    ("Hằng năm, kể từ năm 2022", ongoing(2022)),
    ("theo thời gian quy định", Schedule("none", yearly_report=True, note="Theo thời gian quy định")),
    ("Theo tình hình thực tế, trước năm 2025", once(2024, 12, 31, note="Theo tình hình thực tế")),
    ("cơ bản hoàn thiện trong năm 2023", once(2023, 12, 31)),
    (
        "Theo tình hình thực tế và quy định, hướng dẫn của Bộ, ngành Trung ương (cơ bản hoàn thiện trong năm 2023)",
        once(2023, 12, 31, note="Theo tình hình thực tế và quy định, hướng dẫn của Bộ, ngành Trung ương"),
    ),
    (
        "Trong năm 2022 (sau khi có hướng dẫn của Bộ Nội vụ)",
        once(2022, 12, 31, note="sau khi có hướng dẫn của Bộ Nội vụ"),
    ),
    ("trước ngày 31/12/2025", once(2025, 12, 30)),
    ("Ngày 15/03/2023", once(2023, 3, 15)),
    ("15/03/2023", once(2023, 3, 15)),
    ("", Schedule("none")),
    ("   ", Schedule("none")),
]

# The same rules written differently: case, spaces, line breaks, a trailing period, hàng/hằng,
# roman or arabic quarters, months with or without a leading zero.
VARIANTS: list[tuple[str, Schedule]] = [
    ("THÁNG 7/2022.", once(2022, 7, 31)),
    ("tháng 07/2022", once(2022, 7, 31)),
    ("Tháng 7 năm 2022", once(2022, 7, 31)),
    ("  quý   iii / 2022 ", once(2022, 9, 30)),
    ("Quý 3/2022", once(2022, 9, 30)),
    ("Quý 3 năm 2022", once(2022, 9, 30)),
    ("Quý\nIV/2022.", once(2022, 12, 31)),
    ("trong tháng 1/2022", once(2022, 1, 31)),
    ("Hoàn thành\ntrong tháng 01/2022.", once(2022, 1, 31)),
    ("Trước ngày 25/01/2022.", once(2022, 1, 24)),
    ("Quý I hằng năm (thực hiện từ năm 2022)", yearly(3, 31, 2022)),
    ("Quý 1 hàng năm ( thực hiện từ năm 2022 đến năm 2025 ).", yearly(3, 31, 2022, 2025)),
    ("QUÝ I HẰNG NĂM\n(THỰC HIỆN TỪ NĂM 2022)", yearly(3, 31, 2022)),
    ("Quý I hàng năm", yearly(3, 31)),
    ("Quý II hàng năm, từ năm 2022 đến năm 2025", yearly(6, 30, 2022, 2025)),
    ("Tháng 6 hàng năm", yearly(6, 30)),
    ("Ngày 15/12 hàng năm", yearly(12, 15)),
    ("trước ngày 05/12 hàng năm (từ năm 2022 đến năm 2025)", yearly(12, 4, 2022, 2025)),
    ("trước ngày 01/03 hằng năm", yearly(2, 29)),
    ("Thực hiện thường xuyên.", ongoing()),
    ("thực hiện thường xuyên – từ năm 2022 đến năm 2025", ongoing(2022, 2025)),
    ("thực hiện thường xuyên\n- từ năm 2022 đến năm 2025", ongoing(2022, 2025)),
    ("Thường xuyên, liên tục", ongoing()),
    ("Thực hiện từ năm 2022 đến năm 2025", ongoing(2022, 2025)),
    ("hàng năm, kể từ năm 2022.", ongoing(2022)),
    ("Hằng năm", ongoing()),
    ("trước năm 2025", once(2024, 12, 31)),
    ("Năm 2023", once(2023, 12, 31)),
    ("Hoàn thành trong năm 2023", once(2023, 12, 31)),
    ("Cơ bản hoàn thành trong năm 2023.", once(2023, 12, 31)),
    ("trước tháng 7/2022", once(2022, 6, 30)),
    ("trước Quý III/2022", once(2022, 6, 30)),
    ("chậm nhất ngày 15/03/2023", once(2023, 3, 15)),
    ("ngày 15 tháng 3 năm 2023", once(2023, 3, 15)),
    ("15/3/2023", once(2023, 3, 15)),
    ("trước ngày 01/03/2024", once(2024, 2, 29)),
    ("trước ngày 01/01/2023", once(2022, 12, 31)),
    (
        "Trong năm 2022, sau khi có hướng dẫn của Bộ Nội vụ",
        once(2022, 12, 31, note="sau khi có hướng dẫn của Bộ Nội vụ"),
    ),
    ("(Theo tình hình thực tế) trong năm 2023", once(2023, 12, 31, note="Theo tình hình thực tế")),
    ("Trong năm 2022 (dự kiến)", once(2022, 12, 31, note="dự kiến")),
    ("-", Schedule("none")),
    ("\n\t", Schedule("none")),
]


@pytest.mark.parametrize(("text", "expected"), RULES + VARIANTS)
def test_phrase_gives_one_schedule(text: str, expected: Schedule) -> None:
    assert parse_deadline(text) == Deadline(text=text, schedules=(expected,))


@pytest.mark.parametrize(
    "text",
    [
        "- Quý I/2022. - Quý I hàng năm (thực hiện từ năm 2022).",
        "- Quý I/2022.\n- Quý I hàng năm (thực hiện từ năm 2022).",
        "- Quý I/2022\n- Quý I hằng năm\n(thực hiện từ năm 2022)",
        "  -  quý i/2022 .\n\n -  QUÝ 1 HÀNG NĂM (THỰC HIỆN TỪ NĂM 2022) .  ",
    ],
)
def test_a_phrase_in_two_parts_gives_two_schedules(text: str) -> None:
    assert parse_deadline(text).schedules == (once(2022, 3, 31), yearly(3, 31, 2022))


def test_the_original_words_are_kept() -> None:
    text = "  Theo tình hình  thực tế,\ntrước năm 2025. "
    deadline = parse_deadline(text)
    assert deadline.text == text
    assert deadline.schedules == (once(2024, 12, 31, note="Theo tình hình thực tế"),)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sớm nhất có thể", ""),
        ("Quý V/2022", "quý V"),
        ("Tháng 13/2022", "tháng 13"),
        ("trước ngày 31/02/2022", "31/02/2022"),
        ("năm sau", ""),
        ("Quý I", ""),  # no year and no 'hàng năm': not guessed
        ("Quý 5/2022", "quý 5"),
        ("Tháng 0/2022", "tháng 0"),
        ("ngày 32/01/2022", "32/01/2022"),
        ("ngày 29/02/2023", "29/02/2023"),
        ("Trong năm 0202", "0202"),  # a typo, not the year 202
        ("trước ngày 05/12", ""),  # once or every year?
        ("trước ngày 01/01 hàng năm", "năm trước"),
        ("thực hiện từ năm 2025 đến năm 2022", "2022"),
        ("Trong năm 2022 (Quý IV/2022)", "hai thời hạn"),
        ("Quý I/2022 (thực hiện từ năm 2022)", "hai thời hạn"),
        ("Trong năm 2022 hoặc 2023", ""),
        ("sớm, trong năm 2022", ""),  # 'sớm' is not a condition
        ("- Quý I/2022. - sớm nhất có thể", ""),
        ("Quý I/2022. Quý I hàng năm", ""),  # two dates without bullets
    ],
)
def test_an_unreadable_phrase_raises_a_vietnamese_error_naming_it(text: str, reason: str) -> None:
    with pytest.raises(DeadlineError) as info:
        parse_deadline(text)
    message = str(info.value)
    assert message.startswith(f"Không đọc được thời hạn “{' '.join(text.split())}”")
    assert reason in message
    assert info.value.text == text
    assert isinstance(info.value, ValueError)


def test_the_error_message_for_an_unknown_phrase() -> None:
    with pytest.raises(DeadlineError) as info:
        parse_deadline("sớm nhất có thể")
    assert str(info.value) == "Không đọc được thời hạn “sớm nhất có thể”."


def test_due_in_a_year() -> None:
    quarterly = parse_deadline("Quý I hàng năm (thực hiện từ năm 2022 đến năm 2025)").schedules[0]
    assert quarterly.due_in(2021) is None
    assert quarterly.due_in(2022) == dt.date(2022, 3, 31)
    assert quarterly.due_in(2025) == dt.date(2025, 3, 31)
    assert quarterly.due_in(2026) is None
    assert parse_deadline("Quý I hàng năm").schedules[0].due_in(1999) == dt.date(1999, 3, 31)
    end_of_february = parse_deadline("trước ngày 01/03 hàng năm").schedules[0]
    assert end_of_february.due_in(2024) == dt.date(2024, 2, 29)
    assert end_of_february.due_in(2023) == dt.date(2023, 2, 28)
    one = parse_deadline("Quý III/2022").schedules[0]
    assert one.due_in(2022) == dt.date(2022, 9, 30)
    assert one.due_in(2023) is None
    assert parse_deadline("thực hiện thường xuyên").schedules[0].due_in(2022) is None


def test_the_module_does_not_import_django() -> None:
    code = "import sys, canbo.plans.deadlines; assert not any(m.startswith('django') for m in sys.modules)"
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


# --- properties --------------------------------------------------------------------------------

years = st.integers(min_value=2000, max_value=2100)


@given(years, st.integers(min_value=1, max_value=4), st.booleans())
def test_a_quarter_is_due_on_its_last_day(year: int, quarter: int, arabic: bool) -> None:
    number = str(quarter) if arabic else ROMAN[quarter]
    last_month = 3 * quarter
    expected = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    assert parse_deadline(f"Quý {number}/{year}").schedules == (Schedule("once", due=expected),)


@given(years, st.integers(min_value=1, max_value=12), st.booleans())
def test_a_month_is_due_on_its_last_day(year: int, month: int, padded: bool) -> None:
    number = f"{month:02d}" if padded else str(month)
    expected = dt.date(year, month, calendar.monthrange(year, month)[1])
    assert parse_deadline(f"Tháng {number}/{year}").schedules == (Schedule("once", due=expected),)


@given(st.dates(min_value=dt.date(1900, 1, 2), max_value=dt.date(2199, 12, 31)))
def test_before_a_day_is_the_day_before(day: dt.date) -> None:
    text = f"trước ngày {day.day:02d}/{day.month:02d}/{day.year}"
    assert parse_deadline(text).schedules == (Schedule("once", due=day - dt.timedelta(days=1)),)


@given(st.dates())
def test_a_day_is_due_on_that_day_or_refused(day: dt.date) -> None:
    text = f"{day.day}/{day.month}/{day.year:04d}"
    if 1900 <= day.year <= 2199:
        assert parse_deadline(text).schedules == (Schedule("once", due=day),)
    else:
        with pytest.raises(DeadlineError):
            parse_deadline(text)


SPACES = st.sampled_from([" ", "  ", "\n", " \n ", "\t"])


@given(st.sampled_from(RULES + VARIANTS), st.data())
def test_case_spaces_and_a_trailing_period_do_not_matter(
    case: tuple[str, Schedule], data: st.DataObject
) -> None:
    text, expected = case
    words = [data.draw(st.sampled_from([w.lower(), w.upper(), w.capitalize()])) for w in text.split(" ")]
    rewritten = data.draw(SPACES).join(words) + data.draw(st.sampled_from(["", ".", " . ", "\n"]))
    schedule = parse_deadline(rewritten).schedules[0]
    assert (schedule.kind, schedule.due, schedule.month, schedule.day) == (
        expected.kind,
        expected.due,
        expected.month,
        expected.day,
    )
    assert (schedule.from_year, schedule.to_year, schedule.yearly_report) == (
        expected.from_year,
        expected.to_year,
        expected.yearly_report,
    )
    assert schedule.note.lower() == expected.note.lower()


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_with_a_deadline_error(text: str) -> None:
    try:
        deadline = parse_deadline(text)
    except DeadlineError as error:
        assert error.text == text
    else:
        assert deadline.text == text
        assert deadline.schedules
