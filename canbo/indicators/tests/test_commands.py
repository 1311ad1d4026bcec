from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.parametrize(
    ("born", "sex", "expected"),
    [
        ("15/10/1960", "nam", "31/10/2020"),  # 60 years in 2020
        ("30/09/1961", "nam", "31/12/2021"),  # 60 years 3 months in 2021
        ("01/01/1966", "nu", "31/05/2021"),  # 55 years 4 months in 2021
        ("1966", "nu", "31/05/2021"),  # a birth year alone is 1 January
    ],
)
def test_retirement_command(born: str, sex: str, expected: str) -> None:
    out = StringIO()
    call_command("rules", "retirement", "--born", born, "--sex", sex, stdout=out)
    assert out.getvalue().strip() == expected


def test_retirement_command_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("rules", "retirement", "--born", "31/02/1970", "--sex", "nam")
