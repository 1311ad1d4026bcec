import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from canbo.core.dates import format_date, parse_date, parse_optional_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/06/2024", dt.date(2024, 6, 1)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("1/6/2024", dt.date(2024, 6, 1)),
        (" 25.01.2022 ", dt.date(2022, 1, 25)),
        ("2025-03-01", dt.date(2025, 3, 1)),
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1)),
        (dt.datetime(2025, 7, 1, 8, 30), dt.date(2025, 7, 1)),
        (45839, dt.date(2025, 7, 1)),  # an Excel serial date
    ],
)
def test_parse_date_reads_what_vietnamese_files_hold(text: object, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31/02/2024", "29/02/2023", "00/01/2020", "2024/13/01", "mai", "", "32/1/2020", "1/2/24", "ab/cd/efgh"],
)
def test_parse_date_refuses_with_a_vietnamese_message_naming_the_value(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text)
    assert "dd/mm/yyyy" in info.value.messages[0]
    assert text in info.value.messages[0]


def test_optional_date_and_format() -> None:
    assert parse_optional_date("  ") is None
    assert parse_optional_date(None) is None
    assert format_date(dt.date(2025, 3, 1)) == "01/03/2025"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2025", "Ngày không hợp lệ (dd/mm/yyyy): “31/02/2025” không phải ngày có thật."),
        ("2025-13-01", "Ngày không hợp lệ (dd/mm/yyyy): “2025-13-01” không phải ngày có thật."),
        ("abc", "Ngày không hợp lệ (dd/mm/yyyy): “abc” không viết theo dạng ngày/tháng/năm."),
        ("1/6/24", "Ngày không hợp lệ (dd/mm/yyyy): “1/6/24” không viết theo dạng ngày/tháng/năm."),
        (
            "01/01/9999",
            "Ngày không hợp lệ (dd/mm/yyyy): ngày 01/01/9999 nằm ngoài khoảng từ năm 1900 đến năm 2100.",
        ),
    ],
)
def test_a_page_date_that_cannot_be_read_is_reported(typed: str, message: str) -> None:
    from canbo.core.dates import as_of_or_today, today

    assert as_of_or_today(typed) == (today(), message)


def test_a_page_date_read_or_empty_has_no_message() -> None:
    from canbo.core.dates import as_of_or_today, today

    assert as_of_or_today("15/06/2024") == (dt.date(2024, 6, 15), "")
    assert as_of_or_today("") == (today(), "")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ({"ngay": "31/02/2025"}, "31/02/2025"),  # the mistake is kept to be mended
        ({"ngay": " abc "}, "abc"),
        ({"ngay": "2024-06-15"}, "15/06/2024"),  # a date: written dd/mm/yyyy
        ({}, "15/06/2024"),  # nothing typed: the date shown
        ("xyz", "xyz"),  # the typed text itself
    ],
)
def test_the_date_field_keeps_what_was_typed(typed: object, shown: str) -> None:
    from canbo.core.templatetags.canbo_tags import ngay_nhap

    assert ngay_nhap(dt.date(2024, 6, 15), typed) == shown
