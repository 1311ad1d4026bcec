"""Model fields for personal data at rest (core/crypto.py; docs/decisions/0008).

- EncryptedTextField / EncryptedDateField: the value sealed with AES-GCM in a text column; read
  back in the clear by the ORM. Only `isnull` can be asked of them in a query (equal values have
  different ciphertexts): look-ups go through a KeyedHashField.
- KeyedHashField: the keyed hash of another field of the model, kept in step on every save (and
  bulk_create); what a query compares (`cccd_hash=keyed_hash(number, purpose="cccd")`).
- KeyedCodeField: a code of a closed catalogue (ethnicity, religion) stored as its keyed hash. The
  ORM reads and writes codes: the few codes of the catalogue map back from their hashes, so equality
  filters (`ethnicity="17"`, `__in`) work unchanged, while the column holds no code."""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models.lookups import Exact

from canbo.core.crypto import code_table, keyed_hash, keyed_hash_cached, seal, unseal


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    description = "Text encrypted at rest (AES-GCM)"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return unseal(value, context=f"{self.model._meta.db_table}.{self.column}")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, str) and value.startswith("v1:"):
            return value  # already sealed (a value read raw and written back)
        return seal(str(value), context=f"{self.model._meta.db_table}.{self.column}")

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _NoneOnly  # `field=None` is how Django spells isnull
        if lookup_name != "isnull":
            raise TypeError(f"An encrypted field ({self.name}) can only be asked isnull; use its keyed hash.")
        return super().get_lookup(lookup_name)


class _NoneOnly(Exact):
    """`encrypted_field=None` (Django turns it into IS NULL); any other value would be compared with a
    fresh ciphertext and never match, so it is refused rather than silently finding nobody."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if rhs is not None:
            raise TypeError("An encrypted field can only be compared with None; use its keyed hash.")
        super().__init__(lhs, rhs)


# Its to_python, for the text of a date (one instance: it is a parser, not a field of a model).
_DATE: "models.DateField[Any, Any]" = models.DateField()


class EncryptedDateField(EncryptedTextField):
    description = "Date encrypted at rest (AES-GCM)"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> dt.date | None:  # type: ignore[override]
        text = super().from_db_value(value, expression, connection)
        return dt.date.fromisoformat(text) if text else None

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return _DATE.to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            value = value.isoformat()
        return super().get_prep_value(value)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return models.DateField(null=self.null, blank=self.blank).formfield(**kwargs)


class KeyedHashField(models.CharField):  # type: ignore[type-arg]
    """The keyed hash of the model's field `source` (None when it is empty), set before every save."""

    def __init__(self, *args: Any, source: str = "", purpose: str = "", **kwargs: Any) -> None:
        self.source, self.purpose = source, purpose
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs |= {"source": self.source, "purpose": self.purpose}
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def of(self, value: Any) -> str | None:
        """The hash of a value of the source field."""
        return keyed_hash(str(value), purpose=self.purpose) if value not in (None, "") else None


class KeyedCodeField(models.CharField):  # type: ignore[type-arg]
    """A catalogue code kept as its keyed hash (see the module's docstring). `codes` is a callable
    returning the catalogue's codes (a callable: migrations need not freeze the catalogue)."""

    def __init__(
        self, *args: Any, purpose: str = "", codes: Callable[[], Iterable[str]] | None = None, **kwargs: Any
    ) -> None:
        self.purpose, self.codes = purpose, codes
        kwargs["max_length"] = 32
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs |= {"purpose": self.purpose, "codes": self.codes}
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def hash_of(self, code: str) -> str:
        return keyed_hash_cached(code, purpose=self.purpose)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        """The code whose hash is stored ('?' for none of the catalogue's: a wrong key, or a code since
        removed from the catalogue)."""
        if value is None or value == "":
            return value
        return code_table(self.purpose, tuple(self.codes() if self.codes else ())).get(value, "?")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if _is_hash(value):  # already as the column holds it (a bulk path that hashed it once per code)
            return value
        return self.hash_of(str(value))


def _is_hash(value: Any) -> bool:
    """A keyed hash (32 characters); never a catalogue code (codes are a few characters long)."""
    return isinstance(value, str) and len(value) == 32
