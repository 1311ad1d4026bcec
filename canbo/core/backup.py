"""Backups of the database and the media folder, and their restore (docs/operations.md).

One archive, `canbo-backup-2026-12-03T0700.tar.gz` (mode 0600: it holds personal data), holds:

    database/canbo.sqlite3   SQLite: a copy made with the online backup API (consistent while the app runs)
    database/canbo.pgdump    PostgreSQL: `pg_dump -Fc`, taken in the same snapshot as the row counts
    media/…                  every file of MEDIA_ROOT
    manifest.json            format, date, database vendor, the latest applied migration per app, the row
                             count of every table of the installed models, the SHA-256 of every file

A restore extracts the archive into a private folder beside MEDIA_ROOT and checks every file against
the manifest before it touches anything; then it restores the database in one step (pg_restore in a
single transaction; SQLite's backup API), swaps the media folder in, and counts the rows again.

`core` knows no app: the tables are those of the installed models, found through the app registry.
Nothing here logs personal data: only paths, counts, sizes and durations.
"""

import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from canbo.core.errors import ApplicationError

logger = logging.getLogger(__name__)

FORMAT = "canbo-backup"
FORMAT_VERSION = 1
ARCHIVE_PREFIX = "canbo-backup-"
# The copy taken just before `canbo restore --replace` overwrites a database: never pruned by --keep.
SAFETY_PREFIX = "canbo-truoc-khoi-phuc-"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/canbo.sqlite3", "postgresql": "database/canbo.pgdump"}
MEDIA = "media"
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# gzip level 6: nearly the size of level 9 in a fraction of the time (the dump is not compressed twice:
# pg_dump writes with --compress=0 and the archive compresses once).
COMPRESS_LEVEL = 6
_CHUNK = 1024 * 1024
_MANIFEST_MAX_BYTES = 64 * 1024 * 1024
_ARCHIVE_NAME = re.compile(r"^canbo-backup-(\d{4}-\d{2}-\d{2})T(\d{4}|\d{6})\.tar\.gz$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# libpq reads these from the environment: the password never appears on a command line.
_PG_SETTINGS_ENV = {"NAME": "PGDATABASE", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "HOST": "PGHOST"}
_PG_OPTIONS_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
_TOC_EXTENSION = re.compile(r"^\d+; \d+ \d+ EXTENSION - (\S+)")
_TOC_EXTENSION_COMMENT = re.compile(r"^\d+; \d+ \d+ COMMENT - EXTENSION ")
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ")


class BackupError(ApplicationError):
    """A backup or a restore refused or failed; the message says why, in Vietnamese. A failed backup
    leaves no archive; a refused restore has changed nothing."""

    status = 400


@dataclass(frozen=True)
class Manifest:
    """What an archive holds (manifest.json)."""

    created_at: str
    vendor: str
    migrations: dict[str, str]
    row_counts: dict[str, int]
    files: dict[str, str]
    format_version: int = FORMAT_VERSION
    details: dict[str, str] = field(default_factory=dict)

    @property
    def database_file(self) -> str:
        return DATABASE_MEMBERS[self.vendor]

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.files if name.startswith(MEDIA + "/"))

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "created_at": self.created_at,
            "database": {"vendor": self.vendor, "file": self.database_file, **self.details},
            "migrations": dict(sorted(self.migrations.items())),
            "row_counts": dict(sorted(self.row_counts.items())),
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        """The manifest read back; anything malformed is refused (BackupError)."""
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            version = data["format_version"]
            if type(version) is not int:
                raise ValueError("format_version")
            if version > FORMAT_VERSION:
                raise BackupError(
                    f"Tệp sao lưu theo định dạng phiên bản {version}, mới hơn phiên bản {FORMAT_VERSION} "
                    "mà canbo này đọc được: hãy khôi phục bằng phiên bản canbo đã tạo ra nó."
                )
            database = data["database"]
            vendor = database["vendor"]
            if vendor not in DATABASE_MEMBERS or database["file"] != DATABASE_MEMBERS[vendor]:
                raise ValueError("database")
            migrations = data["migrations"]
            row_counts = data["row_counts"]
            files = data["files"]
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in migrations.items()):
                raise ValueError("migrations")
            if not all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in row_counts.items()):
                raise ValueError("row_counts")
            if not all(isinstance(k, str) and _SHA256.match(str(v)) for k, v in files.items()):
                raise ValueError("files")
            details = {k: str(v) for k, v in database.items() if k not in ("vendor", "file")}
            return cls(
                created_at=str(data["created_at"]),
                vendor=vendor,
                migrations=migrations,
                row_counts=row_counts,
                files=files,
                format_version=version,
                details=details,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BackupError(
                "Bản kê (manifest.json) của tệp sao lưu bị hỏng hoặc không phải của canbo; không khôi phục."
            ) from None


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    manifest: Manifest
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    counts: dict[str, int | None]
    mismatches: list[tuple[str, int, int | None]]
    pending_migrations: int
    safety_archive: Path | None
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.mismatches


# --- Pure helpers --------------------------------------------------------------------------------


def model_tables() -> list[str]:
    """The tables of the installed models (many-to-many tables included), each once."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and not model._meta.swapped
    }
    return sorted(tables)


def archive_name(stamp: dt.datetime, *, prefix: str = ARCHIVE_PREFIX, seconds: bool = False) -> str:
    """`canbo-backup-2026-12-03T0700.tar.gz` from a local time (seconds added on a name clash)."""
    return f"{prefix}{stamp.strftime('%Y-%m-%dT%H%M%S' if seconds else '%Y-%m-%dT%H%M')}.tar.gz"


def retention_keep(names: Iterable[str], *, daily: int, weekly: int, monthly: int) -> set[str]:
    """The archive names a daily/weekly/monthly rotation keeps (as borg's and restic's --keep-*): the
    newest archive of each of the `daily` most recent days that have one, of the `weekly` most recent
    ISO weeks and of the `monthly` most recent months. The newest archive is always kept; names that
    are not canbo-backup-… archives are never returned (and never pruned)."""
    dated = []
    for name in names:
        match = _ARCHIVE_NAME.match(name)
        if match:
            dated.append((match.group(1) + "T" + match.group(2).ljust(6, "0"), name))
    dated.sort(reverse=True)
    keep = {dated[0][1]} if dated else set()
    periods: list[tuple[int, Callable[[dt.date], Hashable]]] = [
        (daily, lambda d: d),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ]
    for count, period in periods:
        seen: list[Hashable] = []
        for stamp, name in dated:
            if len(seen) >= count:
                break
            key = period(dt.date.fromisoformat(stamp[:10]))
            if key not in seen:
                seen.append(key)
                keep.add(name)
    return keep


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _latest_migrations(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The latest applied migration of each app: Django numbers them, so the greatest name."""
    latest: dict[str, str] = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return latest


def _member_name_ok(name: str) -> bool:
    """A plain relative path under database/ or media/: no "..", no absolute path, no oddities."""
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and path.as_posix() == name
        and all(part not in ("", ".", "..") for part in path.parts)
        and len(path.parts) >= 2
        and path.parts[0] in ("database", MEDIA)
        and "\\" not in name
        and "\x00" not in name
    )


def _tool_error(what: str, stderr: str) -> BackupError:
    # pg_restore's DETAIL lines can quote a row (a duplicate key's value): not repeated.
    lines = [line for line in stderr.strip().splitlines() if "DETAIL:" not in line][-5:]
    return BackupError(f"{what} thất bại:\n" + "\n".join(lines) if lines else f"{what} thất bại.")


def pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump / pg_restore: the connection settings as libpq variables (the
    password in PGPASSWORD, never on the command line)."""
    env = dict(os.environ)
    for key, variable in _PG_SETTINGS_ENV.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PORT"):
        env["PGPORT"] = str(settings_dict["PORT"])
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in _PG_OPTIONS_ENV and value not in (None, ""):
            env[_PG_OPTIONS_ENV[key]] = str(value)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Không tìm thấy {name}: cài gói postgresql-client cùng phiên bản với máy chủ PostgreSQL."
        )
    return path


def _run(args: list[str], *, env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BackupError(f"{what} không chạy được: {error.strerror}.") from None
    if done.returncode != 0:
        logger.error("%s exited with status %d", args[0], done.returncode)
        raise _tool_error(what, done.stderr)
    return done.stdout


# --- Backup --------------------------------------------------------------------------------------


class _HashingReader:
    """A file read once: what tarfile copies is what is hashed."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.sha = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.sha.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, member: str) -> str:
    with open(path, "rb") as source:
        status = os.fstat(source.fileno())
        info = tarfile.TarInfo(member)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o600
        reader = _HashingReader(source)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return reader.sha.hexdigest()


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT, in a stable order (symbolic links are skipped)."""
    if not media_root.is_dir():
        return
    skipped = 0
    for folder, dirs, files in os.walk(media_root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                skipped += 1
                continue
            yield path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
    if skipped:
        logger.warning("backup: %d media entries skipped (symbolic links or special files)", skipped)


def _dump_sqlite(
    connection: BaseDatabaseWrapper, dest: Path
) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    """Copy the live database with SQLite's online backup API: one step, so one consistent snapshot;
    in WAL mode the application's writers are not blocked. Counts are taken from the copy."""
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(dest)
    try:
        source.backup(copy)
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("Bản sao cơ sở dữ liệu SQLite không qua được kiểm tra toàn vẹn (quick_check).")
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        present = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        migrations = (
            _latest_migrations(copy.execute("SELECT app, name FROM django_migrations"))
            if "django_migrations" in present
            else {}
        )
        counts = {
            table: copy.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0]
            for table in model_tables()
            if table in present
        }
    finally:
        copy.close()
    return migrations, counts, {"tool": f"SQLite {sqlite3.sqlite_version} online backup"}


def _dump_postgresql(
    connection: BaseDatabaseWrapper, dest: Path
) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    """pg_dump -Fc in the snapshot of a repeatable-read transaction that also reads the migrations and
    counts the rows: the manifest describes exactly the data dumped, whatever the app writes meanwhile."""
    pg_dump = _tool("pg_dump")
    env = pg_env(connection.settings_dict)
    driver: Any = connection.Database  # type: ignore[attr-defined]
    try:
        raw = driver.connect(**connection.get_connection_params())  # apart from Django's connection
    except driver.Error as error:
        raise BackupError(f"Không kết nối được PostgreSQL: {error}".strip()) from None
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            cursor.execute(
                "SELECT c.relname FROM pg_class c "
                "WHERE c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)"
            )
            present = {row[0] for row in cursor.fetchall()}
            migrations: dict[str, str] = {}
            if "django_migrations" in present:
                cursor.execute("SELECT app, name FROM django_migrations")
                migrations = _latest_migrations(cursor.fetchall())
            counts = {}
            for table in model_tables():
                if table in present:
                    cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
                    counts[table] = cursor.fetchone()[0]
            args = [pg_dump, "--format=custom", "--compress=0", "--no-password", f"--snapshot={snapshot}"]
            _run(args + [f"--file={dest}"], env=env, what="pg_dump")
        raw.rollback()
    except driver.Error as error:
        raise BackupError(f"Không đọc được cơ sở dữ liệu PostgreSQL: {error}".strip()) from None
    finally:
        raw.close()
    version = _run([pg_dump, "--version"], env=env, what="pg_dump --version").strip()
    return migrations, counts, {"tool": version, "server_version": str(server_version)}


def _canbo_version() -> str:
    try:
        return metadata.version("canbo")
    except metadata.PackageNotFoundError:
        return ""


def backup_create(
    *,
    output_dir: Path,
    media_root: Path,
    connection: BaseDatabaseWrapper | None = None,
    prefix: str = ARCHIVE_PREFIX,
) -> BackupResult:
    """Write one archive of the database and the media folder into `output_dir` and return it.

    The archive is written under a hidden temporary name (mode 0600 from its creation) and renamed
    only once complete and flushed to disk: a failure leaves no archive, raising BackupError."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {vendor}: chỉ SQLite và PostgreSQL.")
    started = time.monotonic()
    output_dir = output_dir.resolve()
    media_root = media_root.resolve()
    if output_dir.is_relative_to(media_root):
        raise BackupError("Thư mục lưu bản sao không được nằm trong thư mục tệp đính kèm (MEDIA_ROOT).")
    now = timezone.localtime()
    temporary: Path | None = None
    try:
        output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        final = output_dir / archive_name(now, prefix=prefix)
        if final.exists():
            final = output_dir / archive_name(now, prefix=prefix, seconds=True)
        if final.exists():
            raise BackupError(f"Đã có tệp {final.name}; thử lại sau một giây.")
        with tempfile.TemporaryDirectory(prefix=".canbo-sao-luu-", dir=output_dir) as work:
            member = DATABASE_MEMBERS[vendor]
            dump = Path(work) / Path(member).name
            dumper = _dump_sqlite if vendor == "sqlite" else _dump_postgresql
            migrations, counts, details = dumper(connection, dump)
            details["canbo_version"] = _canbo_version()
            temporary = output_dir / f".{final.name}.partial"
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as raw:
                with tarfile.open(
                    fileobj=raw, mode="w:gz", compresslevel=COMPRESS_LEVEL, format=tarfile.PAX_FORMAT
                ) as tar:
                    files = {member: _add_file(tar, dump, member)}
                    dump.unlink()  # the uncompressed copy of personal data goes as soon as it is archived
                    for path, name in _media_files(media_root):
                        files[name] = _add_file(tar, path, name)
                    manifest = Manifest(
                        created_at=now.isoformat(timespec="seconds"),
                        vendor=vendor,
                        migrations=migrations,
                        row_counts=counts,
                        files=files,
                        details=details,
                    )
                    data = manifest.to_json()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
                    tar.addfile(info, io.BytesIO(data))
                raw.flush()
                os.fsync(raw.fileno())
        os.replace(temporary, final)
        temporary = None
        _fsync_dir(output_dir)
    except OSError as error:
        raise BackupError(
            f"Không ghi được bản sao lưu vào {output_dir}: {error.strerror or error}."
        ) from None
    except sqlite3.Error as error:
        raise BackupError(f"Không sao chép được cơ sở dữ liệu SQLite: {error}.") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    size = final.stat().st_size
    seconds = time.monotonic() - started
    logger.info(
        "backup written: %s (%d bytes, %d tables, %d rows, %d media files, %.1f s)",
        final,
        size,
        len(manifest.row_counts),
        sum(manifest.row_counts.values()),
        manifest.media_files,
        seconds,
    )
    return BackupResult(path=final, size=size, manifest=manifest, seconds=seconds)


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backup_prune(*, output_dir: Path, daily: int, weekly: int, monthly: int) -> list[Path]:
    """Delete the canbo-backup-… archives of `output_dir` that the rotation does not keep
    (retention_keep); other files, the safety copies taken before a restore included, are left."""
    names = [p.name for p in output_dir.iterdir() if p.is_file() and _ARCHIVE_NAME.match(p.name)]
    keep = retention_keep(names, daily=daily, weekly=weekly, monthly=monthly)
    removed = []
    for name in sorted(set(names) - keep):
        (output_dir / name).unlink()
        removed.append(output_dir / name)
    if removed:
        logger.info("backup rotation: %d archives deleted, %d kept", len(removed), len(keep))
    return removed


# --- Restore -------------------------------------------------------------------------------------


def _extract_verified(archive: Path, staging: Path) -> Manifest:
    """Extract every file into `staging` while hashing it, then check the set of files and every
    SHA-256 against the manifest. Links, devices, odd paths or anything unlisted is refused."""
    digests: dict[str, str] = {}
    manifest_raw: bytes | None = None
    damaged = BackupError(f"Tệp {archive.name} hỏng hoặc không phải tệp sao lưu của canbo; không khôi phục.")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST and member.isfile() and manifest_raw is None:
                    if member.size > _MANIFEST_MAX_BYTES:
                        raise damaged
                    extracted = tar.extractfile(member)
                    assert extracted is not None
                    manifest_raw = extracted.read()
                    continue
                if not member.isfile() or not _member_name_ok(member.name) or member.name in digests:
                    logger.warning("restore refused: an archive member is not a plain listed file")
                    raise BackupError(
                        f"Tệp sao lưu {archive.name} có mục không hợp lệ (liên kết, đường dẫn lạ hoặc "
                        "trùng); không khôi phục, không có gì thay đổi."
                    )
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                extracted = tar.extractfile(member)
                assert extracted is not None
                sha = hashlib.sha256()
                with (
                    extracted,
                    open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out,
                ):
                    while chunk := extracted.read(_CHUNK):
                        sha.update(chunk)
                        out.write(chunk)
                digests[member.name] = sha.hexdigest()
    except (tarfile.TarError, EOFError, zlib.error, UnicodeError):
        raise damaged from None
    except FileNotFoundError:
        raise BackupError(f"Không có tệp {archive}.") from None
    except OSError as error:
        raise BackupError(f"Không đọc được {archive.name}: {error.strerror or error}.") from None
    if manifest_raw is None:
        raise damaged
    manifest = Manifest.from_json(manifest_raw)
    unlisted = sorted(set(digests) - set(manifest.files))
    missing = sorted(set(manifest.files) - set(digests))
    changed = sorted(name for name, digest in digests.items() if manifest.files.get(name, digest) != digest)
    if unlisted or missing or changed:
        logger.warning(
            "restore refused: checksums (%d changed, %d missing, %d unlisted)",
            len(changed),
            len(missing),
            len(unlisted),
        )
        problems = []
        if changed:
            problems.append(f"{len(changed)} tệp không khớp mã SHA-256 ({', '.join(changed[:3])})")
        if missing:
            problems.append(f"thiếu {len(missing)} tệp có trong bản kê")
        if unlisted:
            problems.append(f"{len(unlisted)} tệp không có trong bản kê")
        raise BackupError(
            f"Tệp sao lưu {archive.name} đã bị sửa hoặc hỏng: {'; '.join(problems)}. "
            "Không khôi phục, không có gì thay đổi."
        )
    return manifest


def database_tables(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables (and views) of the target database, Django's own bookkeeping included."""
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor, include_views=True))


def _media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(p.is_file() or p.is_symlink() for p in media_root.rglob("*"))


def _unknown_migrations(manifest: Manifest) -> list[str]:
    """Migrations applied in the archive that this code does not have: the archive is newer."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    return [
        f"{app}.{name}"
        for app, name in sorted(manifest.migrations.items())
        if app in loader.migrated_apps and (app, name) not in known
    ]


def _pg_toc(pg_restore: str, dump: Path, env: dict[str, str]) -> list[str]:
    return _run([pg_restore, "--list", str(dump)], env=env, what="pg_restore --list").splitlines()


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, *, replace: bool) -> None:
    """pg_restore in one transaction (all or nothing): into an empty database, or with --clean over
    the same tables. Extensions already in the target are left alone (their owner may be another
    role), and no extension comment is restored (only the extension's owner may set it)."""
    pg_restore = _tool("pg_restore")
    env = pg_env(connection.settings_dict)
    toc = _pg_toc(pg_restore, dump, env)
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        installed = {row[0] for row in cursor.fetchall()}
    if replace:
        dumped = {m.group(2) for line in toc if (m := _TOC_TABLE.match(line))}
        extra = sorted(set(database_tables(connection)) - dumped)
        if extra:
            raise BackupError(
                f"Cơ sở dữ liệu đích có {len(extra)} bảng không có trong bản sao lưu "
                f"({', '.join(extra[:5])}): thay thế tại chỗ sẽ để sót chúng. Hãy tạo một cơ sở dữ liệu "
                "trống rồi khôi phục vào đó. Không có gì thay đổi."
            )
    kept = []
    for line in toc:
        extension = _TOC_EXTENSION.match(line)
        if _TOC_EXTENSION_COMMENT.match(line) or (extension and extension.group(1) in installed):
            continue
        kept.append(line)
    listing = dump.with_suffix(".list")
    listing.write_text("\n".join(kept) + "\n")
    args = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    args += ["--no-password", f"--use-list={listing}", f"--dbname={connection.settings_dict['NAME']}"]
    if replace:
        args += ["--clean", "--if-exists"]
    connection.close()
    _run(args + [str(dump)], env=env, what="pg_restore")


def _restore_sqlite(connection: BaseDatabaseWrapper, copy: Path) -> None:
    """Copy the archived file over the target with the online backup API: one step, under the
    target's write lock, so readers see the old database or the new one, never a mixture."""
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    timeout = float((connection.settings_dict.get("OPTIONS") or {}).get("timeout", 20))
    source = sqlite3.connect(copy)
    try:
        destination = sqlite3.connect(target, timeout=timeout)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise BackupError(f"Không chép được cơ sở dữ liệu vào {target}: {error}.") from None
    finally:
        source.close()


def _restore_media(staged: Path, media_root: Path, old: Path) -> None:
    """Swap the restored media folder in (renames on one file system); the old one goes to `old`."""
    if media_root.exists():
        os.replace(media_root, old)
    if staged.exists():
        os.replace(staged, media_root)
    else:
        media_root.mkdir(parents=True)


def _count_rows(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> dict[str, int | None]:
    present = set(database_tables(connection))
    counts: dict[str, int | None] = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table in present:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
            else:
                counts[table] = None
    return counts


def _pending_migrations(connection: BaseDatabaseWrapper) -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class RestorePlan:
    """An archive extracted and verified, ready to restore into a target: nothing is changed until
    `run()`. Use as a context manager (the private extraction folder is removed on exit)::

        with RestorePlan(archive, media_root=settings.MEDIA_ROOT) as plan:
            ...  # plan.manifest, plan.target_empty: ask the operator
            result = plan.run(replace=False)
    """

    def __init__(
        self, archive: Path, *, media_root: Path, connection: BaseDatabaseWrapper | None = None
    ) -> None:
        self.archive = archive
        self.media_root = media_root.resolve()
        self.connection = connection or connections[DEFAULT_DB_ALIAS]
        self._staging: Path | None = None
        self.manifest: Manifest

    def __enter__(self) -> "RestorePlan":
        vendor = self.connection.vendor
        if vendor not in DATABASE_MEMBERS:
            raise BackupError(
                f"Không khôi phục được vào cơ sở dữ liệu loại {vendor}: chỉ SQLite và PostgreSQL."
            )
        if not self.archive.is_file():
            raise BackupError(f"Không có tệp {self.archive}.")
        try:
            self.media_root.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=".canbo-khoi-phuc-", dir=self.media_root.parent))
        except OSError as error:
            raise BackupError(
                f"Không tạo được thư mục tạm cạnh {self.media_root}: {error.strerror}."
            ) from None
        try:
            self.manifest = _extract_verified(self.archive, self._staging)
            self._check_compatible()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def _check_compatible(self) -> None:
        source, target = self.manifest.vendor, self.connection.vendor
        if source != target:
            raise BackupError(
                f"Bản sao lưu là của {VENDOR_NAMES[source]}, cơ sở dữ liệu đích là {VENDOR_NAMES[target]}: "
                f"không khôi phục chéo. Hãy khôi phục vào một cơ sở dữ liệu {VENDOR_NAMES[source]}."
            )
        unknown = _unknown_migrations(self.manifest)
        if unknown:
            raise BackupError(
                f"Bản sao lưu được tạo bởi phiên bản canbo mới hơn mã đang chạy ({len(unknown)} migration "
                f"không có ở đây, ví dụ {unknown[0]}): hãy cài phiên bản canbo ấy rồi khôi phục. "
                "Không có gì thay đổi."
            )

    @property
    def target_tables(self) -> list[str]:
        return database_tables(self.connection)

    @property
    def target_empty(self) -> bool:
        """No table in the target database and no file in the media folder."""
        return not self.target_tables and _media_is_empty(self.media_root)

    @property
    def target_label(self) -> str:
        settings_dict = self.connection.settings_dict
        where = f" trên {settings_dict['HOST']}" if settings_dict.get("HOST") else ""
        return f"{VENDOR_NAMES[self.connection.vendor]} “{settings_dict['NAME']}”{where}"

    def check_target(self, *, replace: bool) -> bool:
        """Whether the target is empty; a non-empty one is refused unless `replace` (BackupError)."""
        empty = self.target_empty
        if not empty and not replace:
            raise BackupError(
                f"Cơ sở dữ liệu đích ({self.target_label}) hoặc thư mục tệp đính kèm không trống: "
                "không khôi phục đè. Hãy khôi phục vào một cơ sở dữ liệu trống, hoặc thêm --replace "
                "(canbo sao lưu dữ liệu hiện có trước khi thay). Không có gì thay đổi."
            )
        if self.connection.vendor == "sqlite" and self.connection.is_in_memory_db():  # type: ignore[attr-defined]
            raise BackupError("Không khôi phục vào một cơ sở dữ liệu SQLite trong bộ nhớ: nó mất khi tắt.")
        return empty

    def run(self, *, replace: bool = False, safety_dir: Path | None = None) -> RestoreResult:
        """Restore into the target. It must be empty; with `replace`, a non-empty target is first
        copied to `safety_dir` (an ordinary backup archive named canbo-truoc-khoi-phuc-…), then
        replaced. Row counts are compared with the manifest afterwards."""
        assert self._staging is not None, "RestorePlan.run() outside its `with` block"
        started = time.monotonic()
        safety: Path | None = None
        if not self.check_target(replace=replace):
            if safety_dir is None:
                raise BackupError("Thay thế dữ liệu hiện có cần một thư mục để sao lưu nó trước.")
            safety = backup_create(
                output_dir=safety_dir,
                media_root=self.media_root,
                connection=self.connection,
                prefix=SAFETY_PREFIX,
            ).path
            logger.info("restore: current data saved to %s before replacing it", safety)
        database = self._staging / self.manifest.database_file
        try:
            if self.manifest.vendor == "postgresql":
                _restore_postgresql(self.connection, database, replace=replace and safety is not None)
            else:
                _restore_sqlite(self.connection, database)
            database.unlink()
            _restore_media(self._staging / MEDIA, self.media_root, self._staging / "media-cu")
        except OSError as error:
            raise BackupError(f"Khôi phục dở dang: {error.strerror or error}.") from None
        self.connection.close()
        counts = _count_rows(self.connection, self.manifest.row_counts)
        mismatches = [
            (table, expected, counts[table])
            for table, expected in sorted(self.manifest.row_counts.items())
            if counts[table] != expected
        ]
        pending = _pending_migrations(self.connection)
        self.connection.close()
        seconds = time.monotonic() - started
        logger.info(
            "restore from %s: %d tables, %d mismatched, %d media files, %d migrations pending, %.1f s",
            self.archive.name,
            len(counts),
            len(mismatches),
            self.manifest.media_files,
            pending,
            seconds,
        )
        return RestoreResult(
            manifest=self.manifest,
            counts=counts,
            mismatches=mismatches,
            pending_migrations=pending,
            safety_archive=safety,
            seconds=seconds,
        )


def backup_restore(
    *,
    archive: Path,
    media_root: Path,
    connection: BaseDatabaseWrapper | None = None,
    replace: bool = False,
    safety_dir: Path | None = None,
) -> RestoreResult:
    """Verify `archive` and restore it into the target (RestorePlan without the questions)."""
    with RestorePlan(archive, media_root=media_root, connection=connection) as plan:
        return plan.run(replace=replace, safety_dir=safety_dir)
