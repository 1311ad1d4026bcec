"""canbo bench routine (issue 17): not written yet."""

from typing import Any

from canbo.demo.bench import Result


def run(**options: Any) -> list[Result]:
    raise ValueError("canbo bench routine: chưa có (issue 17).")
