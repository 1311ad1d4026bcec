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


class ApplicationError(Exception):
    """A refusal the user should read, in Vietnamese; `status` is the kind, as HTTP names it.

    Services raise the subclass that says what happened; the API's one handler (canbo/api.py) and
    the pages turn it into an answer: nothing maps refusals by hand."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(ApplicationError):
    """Missing, or outside the user's scope (the two are answered alike)."""

    status = 404


class NotAllowed(ApplicationError):
    status = 403


class Conflict(ApplicationError):
    """Someone else changed or decided it first; nothing was written."""

    status = 409


class Unavailable(ApplicationError):
    """The database is busy (another write holds it): try again in a moment; nothing was written."""

    status = 503


BUSY_MESSAGE = "Hệ thống đang bận ghi dữ liệu khác; xin thử lại sau ít giây. Chưa có gì được ghi."


def user_message(exc: Exception) -> str:
    """The Vietnamese text of a refusal, whichever kind (ApplicationError, Django's ValidationError or
    PermissionDenied, InputRejected)."""
    messages = getattr(exc, "messages", None)
    if isinstance(messages, list) and messages:
        return "; ".join(str(m) for m in messages)
    return str(exc)


SESSION_ERRORS_KEPT = 5000


def errors_for_session(errors: list[RowError]) -> list[dict[str, object]]:
    """A rejected import's errors as the session keeps them for the "download the errors" file: at most
    SESSION_ERRORS_KEPT (a file of 60,000 bad rows must not make every later request carry them)."""
    return [
        {"message": e.message, "row": e.row, "column": e.column, "sheet": e.sheet}
        for e in errors[:SESSION_ERRORS_KEPT]
    ]
