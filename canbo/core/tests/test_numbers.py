"""Numbers written the Vietnamese way (core.text.vn_number, vn_percent; the filters `so`, `phan_tram`)."""

import pytest
from django.template import Context, Template

from canbo.core.text import vn_number, vn_percent


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (15000, 0, "15.000"),
        (1227, 0, "1.227"),
        (999, 0, "999"),
        (66.66, 1, "66,7"),
        (1227.5, 1, "1.227,5"),
        (-2500, 0, "-2.500"),
        (0, 0, "0"),
        (None, 0, ""),
        ("—", 0, "—"),
    ],
)
def test_vn_number(value: object, places: int, text: str) -> None:
    assert vn_number(value, places) == text


def test_vn_percent_and_the_filters() -> None:
    assert vn_percent(66.666) == "66,7\u00a0%" and vn_percent(None) == "—"
    html = Template("{% load canbo_tags %}{{ n|so }}/{{ m|so }} {{ p|phan_tram }}").render(
        Context({"n": 1227, "m": 5607, "p": 21.88})
    )
    assert html == "1.227/5.607 21,9\u00a0%"
