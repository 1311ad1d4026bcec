"""Rows of the people import template (people.io.columns) for the tests."""

import datetime as dt
from typing import Any

from canbo.people.io import columns as C

GIVEN = ("An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Minh", "Nam", "Ngọc", "Phương", "Tâm", "Yến")


def template_rows(count: int, units: list[str]) -> list[list[Any]]:
    """`count` valid rows, their cells in the order of the template's columns, spread over the units
    (codes): born 1970–1999, each with a CCCD number of their own that fits birth and sex; the first
    (and every fortieth) a head of division since 01/01/2023, with what that appointment needs (plan
    II.7: a conclusion that they meet the political standard, here of 15/12/2022; the decision's
    number, as they are in no planning pool: a case the competent level decided)."""
    rows = []
    for i in range(count):
        woman = i % 2 == 1
        year = 1970 + i % 30
        head = i % 40 == 0
        cells = {
            C.NAME.header: f"Nguyễn {'Thị' if woman else 'Văn'} {GIVEN[i % len(GIVEN)]}",
            C.BIRTH.header: f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}",
            C.SEX.header: "Nữ" if woman else "Nam",
            C.ETHNICITY.header: "Kinh",
            C.RELIGION.header: "Không",
            C.CCCD.header: f"058{int(woman)}{year % 100:02d}{i:06d}",
            C.UNIT.header: units[i % len(units)],
            C.CATEGORY.header: "Công chức",
            C.POST.header: "Trưởng phòng" if head else "",
            C.POST_FROM.header: dt.date(2023, 1, 1) if head else None,
            C.LANGUAGE.header: "Tiếng Anh",
            C.LANGUAGE_LEVEL.header: "B1",
            C.POLITICAL.header: "Trung cấp",
            C.QUALIFICATION.header: "Đại học",
            C.UNIT_FROM.header: None,
            C.CONCLUSION.header: dt.date(2022, 12, 15) if head else None,
            C.DECISION.header: f"{i + 1}/QĐ-UBND" if head else "",
        }
        rows.append([cells[column.header] for column in C.COLUMNS])
    return rows
