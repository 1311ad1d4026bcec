"""canbo bench national (issue 17): not written yet."""

from typing import Any

from canbo.demo.bench import Result


def run(**options: Any) -> list[Result]:
    raise ValueError("canbo bench national: chưa có (issue 17).")
