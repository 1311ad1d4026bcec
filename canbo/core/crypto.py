"""Personal data encrypted at rest (docs/decisions/0008-personal-data-at-rest.md).

One key from the environment (`CANBO_DATA_KEY`: 32 random bytes, base64), from which three keys are
derived (HKDF-SHA-256): one encrypts (AES-256-GCM, a random 96-bit nonce per value, the column's name
as associated data so that a value cannot be moved to another column), one hashes (keyed BLAKE2b:
look-up and matching of a CCCD, equality on a catalogue code) and one seals the short tokens that carry
a sensitive filter in an address (core.private_query). The library is `cryptography` (pyca).

Older keys, listed in `CANBO_DATA_KEYS_OLD`, still decrypt what they encrypted: a value names the key
that sealed it (its first 4 bytes are the key's identifier). Hashes have no such history: changing the
hashing key means hashing every value again (`canbo crypto rehash`, not built: docs/decisions/0008)."""

import base64
import binascii
import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_PREFIX = "v1:"
_NONCE = 12
_KEY_ID = 4


class DecryptionError(Exception):
    """A value that no configured key opens (a wrong key, or tampered data)."""


@dataclass(frozen=True)
class _Keys:
    key_id: bytes
    encrypt: AESGCM
    hash_key: bytes
    token: AESGCM


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"canbo", info=purpose).derive(master)


def _decode_key(text: str, name: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} không phải khóa base64 hợp lệ.") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} phải là 32 byte ngẫu nhiên (base64), không phải {len(key)} byte.")
    return key


def _keys_from(master: bytes) -> _Keys:
    return _Keys(
        key_id=hashlib.sha256(b"canbo key id" + master).digest()[:_KEY_ID],
        encrypt=AESGCM(_derive(master, b"canbo encrypt v1")),
        hash_key=_derive(master, b"canbo hash v1"),
        token=AESGCM(_derive(master, b"canbo token v1")),
    )


@functools.cache
def _keyring() -> tuple[_Keys, dict[bytes, _Keys]]:
    """(the current keys, every key that may open a value, by identifier)."""
    current = _keys_from(_decode_key(settings.CANBO_DATA_KEY, "CANBO_DATA_KEY"))
    ring = {current.key_id: current}
    for i, text in enumerate(settings.CANBO_DATA_KEYS_OLD):
        old = _keys_from(_decode_key(text, f"CANBO_DATA_KEYS_OLD[{i}]"))
        ring.setdefault(old.key_id, old)
    return current, ring


def keys_reset() -> None:
    """Forget the derived keys (tests that change the settings)."""
    _keyring.cache_clear()
    keyed_hash_cached.cache_clear()
    code_table.cache_clear()


def new_key() -> str:
    """A fresh key for CANBO_DATA_KEY."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def seal(text: str, *, context: str) -> str:
    """`text` encrypted: 'v1:' + base64(key id, nonce, ciphertext and tag). `context` (the column) is
    bound to it: it opens only with the same context."""
    current, _ring = _keyring()
    nonce = os.urandom(_NONCE)
    sealed = current.encrypt.encrypt(nonce, text.encode(), context.encode())
    return _PREFIX + base64.b64encode(current.key_id + nonce + sealed).decode()


def seal_many(texts: list[str], *, context: str) -> list[str]:
    """seal() of every text, for a bulk load: the nonces drawn at once, the key looked up once."""
    current, _ring = _keyring()
    nonces = os.urandom(_NONCE * len(texts))
    encrypt, aad, key_id, b64 = current.encrypt.encrypt, context.encode(), current.key_id, base64.b64encode
    return [
        _PREFIX
        + b64(
            key_id + (nonce := nonces[i * _NONCE : (i + 1) * _NONCE]) + encrypt(nonce, text.encode(), aad)
        ).decode()
        for i, text in enumerate(texts)
    ]


def keyed_hasher(purpose: str) -> Callable[[str], str]:
    """keyed_hash with its key and purpose bound, for a bulk load (tens of thousands of values)."""
    current, _ring = _keyring()
    key, person, blake2b = current.hash_key, purpose.encode()[:16], hashlib.blake2b
    return lambda text: blake2b(text.encode(), key=key, person=person, digest_size=16).hexdigest()


def unseal(token: str, *, context: str) -> str:
    """The text sealed by seal() with the same context (DecryptionError otherwise)."""
    if not token.startswith(_PREFIX):
        raise DecryptionError("Giá trị không được mã hóa theo định dạng của canbo.")
    try:
        raw = base64.b64decode(token[len(_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("Giá trị mã hóa bị hỏng.") from None
    _current, ring = _keyring()
    keys = ring.get(raw[:_KEY_ID])
    if keys is None:
        raise DecryptionError("Không có khóa để giải mã giá trị này (CANBO_DATA_KEY đã đổi?).")
    nonce, sealed = raw[_KEY_ID : _KEY_ID + _NONCE], raw[_KEY_ID + _NONCE :]
    try:
        return keys.encrypt.decrypt(nonce, sealed, context.encode()).decode()
    except InvalidTag:
        raise DecryptionError("Giá trị mã hóa không mở được (sai khóa hoặc đã bị sửa).") from None


def keyed_hash(text: str, *, purpose: str) -> str:
    """A keyed hash (BLAKE2b, 128 bits, hex) of the text: equal texts, equal hashes; without the key,
    nothing to learn from it but equality. `purpose` separates the uses (a CCCD's hash is not an
    ethnicity's)."""
    current, _ring = _keyring()
    return hashlib.blake2b(
        text.encode(), key=current.hash_key, person=purpose.encode()[:16], digest_size=16
    ).hexdigest()


@functools.cache
def keyed_hash_cached(text: str, *, purpose: str) -> str:
    """keyed_hash of a value met again and again (a catalogue code)."""
    return keyed_hash(text, purpose=purpose)


@functools.cache
def code_table(purpose: str, codes: tuple[str, ...]) -> dict[str, str]:
    """{keyed hash: code} of a catalogue's codes: how a stored hash is read back as its code."""
    return {keyed_hash(code, purpose=purpose): code for code in codes}


def seal_token(values: dict[str, Any]) -> str:
    """A short, URL-safe token carrying `values` encrypted (a sensitive filter in an address: the
    address reaches access logs and browser history, the values do not)."""
    current, _ring = _keyring()
    nonce = os.urandom(_NONCE)
    body = json.dumps(values, separators=(",", ":"), sort_keys=True).encode()
    sealed = current.token.encrypt(nonce, body, b"token")
    return base64.urlsafe_b64encode(current.key_id + nonce + sealed).decode().rstrip("=")


def unseal_token(token: str) -> dict[str, Any]:
    """The values of a token made by seal_token ({} for anything else: an old or forged link)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        _current, ring = _keyring()
        keys = ring[raw[:_KEY_ID]]
        body = keys.token.decrypt(raw[_KEY_ID : _KEY_ID + _NONCE], raw[_KEY_ID + _NONCE :], b"token")
        values = json.loads(body)
    except (binascii.Error, ValueError, KeyError, InvalidTag):
        return {}
    return values if isinstance(values, dict) else {}
