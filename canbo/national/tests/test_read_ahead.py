"""The reading thread (selectors._read_ahead): chunks in order, a failure raised to the reader, and a
reader that stops early stops the thread."""

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from canbo.national.selectors import _read_ahead

pytestmark = pytest.mark.django_db(transaction=True)  # the thread opens its own connection


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate()}


def test_chunks_come_in_order_and_the_thread_ends() -> None:
    assert list(_read_ahead(iter([(["a"], {}), (["b"], {}), (["c"], {})]))) == [
        (["a"], {}),
        (["b"], {}),
        (["c"], {}),
    ]
    assert "national-export-reader" not in _threads()


def test_a_failure_while_reading_is_raised_to_the_reader() -> None:
    def failing() -> Iterator[Any]:
        yield (["a"], {})
        raise RuntimeError("cơ sở dữ liệu ngắt kết nối")

    chunks = _read_ahead(failing())
    assert next(chunks) == (["a"], {})
    with pytest.raises(RuntimeError, match="ngắt kết nối"):
        next(chunks)
    assert "national-export-reader" not in _threads()


def test_a_reader_that_stops_early_stops_the_thread() -> None:
    produced = []

    def endless() -> Iterator[Any]:
        n = 0
        while True:
            produced.append(n)
            yield ([n], {})
            n += 1

    chunks = _read_ahead(endless())
    assert next(chunks) == ([0], {})
    chunks.close()  # a download the client abandoned
    assert "national-export-reader" not in _threads()
    assert len(produced) <= 3  # one handed over, one waiting, at most one more read
