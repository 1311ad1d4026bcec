"""Every task of the built-in plan says what the document says (issue 12.6).

Each task's `text` and `deadline` in plans/data/nq07.toml must be found, word for word, in the
source document (../shared/seed/ke-hoach-trien-khai-nq07.txt) once both are normalised: NFC, the
PDF's "Ð" (U+00D0, Latin Eth) read as the Vietnamese "Đ" (U+0110), whitespace collapsed. A field
written as bullets ("- Quý I/2022.\n- Quý I hàng năm …") is checked bullet by bullet, as the
document's table cell has them on separate lines. Only `title` may summarise: it is the system's
short name for a task, not a quotation.

The extracted text scrambles a few table cells across the PDF's page rows (seed/README.md): those
cells, listed in SCRAMBLED with the reason, must be found as consecutive pieces in the document's
order, at most MAX_PIECES of them, each piece word for word.
"""

import re
import unicodedata
from pathlib import Path

import pytest

from canbo.plans.io.builtin import builtin_plan
from canbo.plans.spec import TaskRow

# The plan's original text as extracted from its PDF (a copy of ../shared/seed/, kept in the repository
# so that the test runs wherever the suite runs, CI's clean clone included).
SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "ke-hoach-trien-khai-nq07.txt"

# The PDF extraction writes the capital "Đ" of "Đoàn kết" (II.9) as "Ð" (U+00D0), a look-alike.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"(?:^|\n)\s*-\s+")

# (task code, field) -> why the cell is not one run of text in the extracted document.
SCRAMBLED = {
    ("PL.9", "text"): "row 9's task cell is cut by the page break: “… đào tạo ngoại” | “ngữ cho …”",
    ("PL.9", "deadline"): "row 9's deadline cell is cut by the page break: “Trong năm 2022” | “(sau khi …)”",
}
MAX_PIECES = 2


def normalise(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_LOOKALIKES)).strip()


def parts(value: str) -> list[str]:
    """The bullets of a multi-part field, else the field itself."""
    if _BULLET.match(value):
        return [normalise(p) for p in _BULLET.split(value) if p.strip()]
    return [normalise(value)]


def pieces_in_order(text: str, source: str) -> int | None:
    """How many consecutive pieces (each the longest run of words found after the previous one)
    make up text in source, or None if some word cannot be placed."""
    words = text.split(" ")
    position, count, start = 0, 0, 0
    while start < len(words):
        for end in range(len(words), start, -1):
            found = source.find(" ".join(words[start:end]), position)
            if found >= 0:
                position = found + len(" ".join(words[start:end]))
                count, start = count + 1, end
                break
        else:
            return None
    return count


@pytest.fixture(scope="module")
def source() -> str:
    if not SOURCE.exists():
        pytest.skip(f"the source document is not at {SOURCE}")
    return normalise(SOURCE.read_text(encoding="utf-8"))


TASKS = builtin_plan().tasks
FIELDS = [(task, field) for task in TASKS for field in ("text", "deadline") if getattr(task, field)]


def test_the_normalisation() -> None:
    assert normalise("“Ðoàn kết,\n\n trung thành” ") == "“Đoàn kết, trung thành”"
    assert normalise("Ho\u0300a") == "Hòa"  # decomposed input, composed output
    assert parts("- Quý I/2022.\n- Quý I hàng năm\n(thực hiện từ năm 2022).") == [
        "Quý I/2022.",
        "Quý I hàng năm (thực hiện từ năm 2022).",
    ]
    assert parts("thực hiện thường xuyên - từ năm 2022 đến năm 2025") == [
        "thực hiện thường xuyên - từ năm 2022 đến năm 2025"
    ]
    assert pieces_in_order("a b c d", "x a b y c d") == 2
    assert pieces_in_order("a b c d", "x c d y a b") is None  # out of order


def test_every_task_has_a_text() -> None:
    assert len(TASKS) == 46 and all(task.text.strip() for task in TASKS)


@pytest.mark.parametrize(
    ("task", "field"),
    [
        pytest.param(
            task,
            field,
            id=f"{task.code}-{field}",
        )
        for task, field in FIELDS
    ],
)
def test_the_field_is_the_documents_words(task: TaskRow, field: str, source: str) -> None:
    for part in parts(getattr(task, field)):
        if (task.code, field) in SCRAMBLED:
            count = pieces_in_order(part, source)
            assert count is not None and count <= MAX_PIECES, f"{task.code}.{field}: {part!r}"
        else:
            assert part in source, f"{task.code}.{field} is not in the document: {part!r}"


def test_the_scrambled_cells_are_still_scrambled(source: str) -> None:
    """An exemption that is no longer needed goes."""
    by_code = {task.code: task for task in TASKS}
    for code, field in SCRAMBLED:
        assert not all(p in source for p in parts(getattr(by_code[code], field))), (code, field)
