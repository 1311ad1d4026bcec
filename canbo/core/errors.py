"""Errors that carry row-by-row messages for the user."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class RowError:
    """One problem in an input file: where (sheet, row, column) and what, in Vietnamese."""

    message: str
    row: int | None = None
    column: str = ""
    sheet: str = ""
    field: str = ""  # the model's or the API's name of the field, when the error is about one

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Trang “{self.sheet}”")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        return (", ".join(where) + ": " if where else "") + self.message


class ApplicationError(Exception):
    """A refusal the user should read, in Vietnamese; `status` is its kind, as HTTP names it.

    Services and selectors raise the subclass that says what happened; one handler for the API
    (canbo/api.py) and one for pages (core.middleware, core.http.refusals_as_messages) turn it into
    an answer. No endpoint maps refusals by hand, none by the text of a message."""

    status = 400

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputRejected(ApplicationError):
    """What was sent is refused as a whole, each problem with its place (sheet, row, column);
    nothing has been written."""

    status = 422

    def __init__(self, errors: list[RowError] | None = None) -> None:
        self.errors: list[RowError] = list(errors or [])
        super().__init__("\n".join(str(e) for e in self.errors))

    @classmethod
    def single(cls, message: str, **where: object) -> "InputRejected":
        return cls([RowError(message, **where)])  # type: ignore[arg-type]

    @classmethod
    def from_validation(cls, error: Any, *, model: Any = None) -> "InputRejected":
        """Django's ValidationError (a model's full_clean) as rows: each about a field, named for the
        user by the model's verbose name of it (column) and for a program by its name (field)."""
        if not hasattr(error, "error_dict"):
            return cls([RowError(str(message)) for message in error.messages])
        rows = []
        for name, messages in error.message_dict.items():
            label = ""
            if model is not None and name != "__all__":
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:  # a name that is no field of the model (a service's own check)
                    label = name
            rows += [
                RowError(str(m), column=label, field="" if name == "__all__" else name) for m in messages
            ]
        return cls(rows)


class NotFound(ApplicationError):
    """Missing."""

    status = 404


OUT_OF_SCOPE_MESSAGE = "Không tìm thấy, hoặc nằm ngoài phạm vi được phân quyền của bạn."


class OutOfScope(NotFound):
    """Outside the user's part of the organisation: answered exactly like a missing object, so that
    nobody learns what exists elsewhere."""

    def __init__(
        self, message: str = "Không tìm thấy, hoặc nằm ngoài phạm vi được phân quyền của bạn."
    ) -> None:
        super().__init__(message)


class NotAllowed(ApplicationError):
    """The user's role does not allow it."""

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


def clean_or_reject(obj: Any, **kwargs: Any) -> None:
    """`obj.full_clean(**kwargs)`, its ValidationError turned into InputRejected (each field by its
    label): what a service calls before saving a new object."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise InputRejected.from_validation(exc, model=type(obj)) from None
