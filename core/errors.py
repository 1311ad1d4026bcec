"""Errors that carry row-by-row messages for the user."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One problem in an input file: where (sheet, row, column) and what, in Vietnamese."""

    message: str
    row: int | None = None
    column: str = ""
    sheet: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Trang “{self.sheet}”")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass
class InputRejected(Exception):
    """Raised when input is refused as a whole; nothing has been written."""

    errors: list[RowError] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    @classmethod
    def single(cls, message: str, **where: object) -> "InputRejected":
        return cls([RowError(message, **where)])  # type: ignore[arg-type]
