"""The demo's data files (demo/data/*.toml), each read once."""

import functools
import tomllib
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def table(name: str) -> dict[str, Any]:
    """The contents of demo/data/`name`.toml. Callers must not change what they get: it is shared."""
    with (DATA_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
