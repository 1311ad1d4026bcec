"""core.backup: real round trips (back up, restore into a fresh database, compare), refusals of a
tampered archive and of a non-empty target, and the rotation rule."""

import datetime as dt
import hashlib
import io
import json
import os
import stat
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import ConnectionHandler

from canbo.accounts.system import SYSTEM
from canbo.audit.models import AuditEntry
from canbo.core import backup
from canbo.core.backup import BackupError, Manifest, backup_create, backup_restore, retention_keep
from canbo.org.models import Unit
from canbo.people.models import Person
from canbo.people.services import person_create

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite round trip")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL round trip")
MEDIA_BYTES = "Quyết định bổ nhiệm — bản chụp\n".encode() + bytes(range(256)) * 40


@pytest.fixture
def media_root(tmp_path: Path) -> Path:
    """A media folder with one file in a sub-folder."""
    root = tmp_path / "media"
    (root / "ho-so" / "2026").mkdir(parents=True)
    (root / "ho-so" / "2026" / "quyet-dinh.pdf").write_bytes(MEDIA_BYTES)
    return root


@pytest.fixture
def registry(transactional_db: None, builtin_org: None) -> Person:
    """The built-in organisation and one person, committed (another connection reads them)."""
    return person_create(
        actor=SYSTEM,
        data={
            "full_name": "Nguyễn Thị Hòa",
            "birth_date": dt.date(1985, 3, 12),
            "sex": "nu",
            "ethnicity": "01",
            "unit": Unit.objects.get(code="KH.SNV"),
            "staff_category": "cong_chuc",
        },
    )


def _handler(**changes: Any) -> ConnectionHandler:
    """A connection to another database with the test database's settings and `changes`."""
    return ConnectionHandler({"default": {**connection.settings_dict, **changes}})


def _rows(target: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with target.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def _write(archive: Path, members: dict[str, bytes], *, symlink: str | None = None) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if symlink:
            info = tarfile.TarInfo(symlink)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)


def _check_round_trip(
    created: backup.BackupResult, target: Any, restored_media: Path, person: Person
) -> None:
    """The restored database has the manifest's row counts, the person and the media file's bytes."""
    manifest = created.manifest
    result = backup_restore(archive=created.path, media_root=restored_media, connection=target)
    assert result.ok, result.mismatches
    assert result.pending_migrations == 0
    assert result.counts == manifest.row_counts
    assert manifest.row_counts["people_person"] == Person.objects.count() == 1
    assert manifest.row_counts["org_unit"] == Unit.objects.count() > 40
    assert manifest.row_counts["audit_auditentry"] == AuditEntry.objects.count() > 0
    # The same values, as stored (whatever is encrypted at rest stays as it was sealed).
    for table in ("people_person", "org_unit", "org_unitversion", "audit_auditentry"):
        sql = f"SELECT * FROM {table} ORDER BY id"
        assert _rows(target, sql) == _rows(connection, sql)
    assert _rows(
        target,
        "SELECT u.code FROM people_person p JOIN org_unit u ON u.id = p.unit_id WHERE p.id = %s",
        (person.pk,),
    ) == [("KH.SNV",)]
    assert (restored_media / "ho-so" / "2026" / "quyet-dinh.pdf").read_bytes() == MEDIA_BYTES
    # Django's own bookkeeping came too: the restored database needs no migration.
    assert _rows(target, "SELECT COUNT(*) FROM django_migrations")[0][0] > 20


# --- SQLite --------------------------------------------------------------------------------------


@sqlite_only
def test_sqlite_round_trip_into_a_fresh_file(registry: Person, media_root: Path, tmp_path: Path) -> None:
    created = backup_create(output_dir=tmp_path / "backups", media_root=media_root)

    assert created.path.name.startswith("canbo-backup-") and created.path.name.endswith(".tar.gz")
    assert stat.S_IMODE(created.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in created.path.parent.iterdir()) == [created.path.name]  # nothing partial
    manifest = json.loads(_members(created.path)["manifest.json"])
    assert manifest["format_version"] == 1 and manifest["database"]["vendor"] == "sqlite"
    assert (
        manifest["migrations"]["people"].startswith("00")
        and "django_migrations" not in manifest["row_counts"]
    )
    for name, data in _members(created.path).items():
        if name != "manifest.json":
            assert manifest["files"][name] == hashlib.sha256(data).hexdigest()
    assert set(manifest["files"]) == {"database/canbo.sqlite3", "media/ho-so/2026/quyet-dinh.pdf"}

    handler = _handler(NAME=str(tmp_path / "restored.sqlite3"))
    try:
        _check_round_trip(created, handler["default"], tmp_path / "restored-media", registry)
    finally:
        handler.close_all()


@sqlite_only
def test_replace_saves_the_current_data_first(registry: Person, media_root: Path, tmp_path: Path) -> None:
    created = backup_create(output_dir=tmp_path / "backups", media_root=media_root)
    handler = _handler(NAME=str(tmp_path / "restored.sqlite3"))
    target = handler["default"]
    try:
        backup_restore(archive=created.path, media_root=tmp_path / "m2", connection=target)
        with target.cursor() as cursor:
            cursor.execute("DELETE FROM people_person")
        (tmp_path / "m2" / "stray.txt").write_text("x")
        target.close()

        with pytest.raises(BackupError, match="không trống"):
            backup_restore(archive=created.path, media_root=tmp_path / "m2", connection=target)
        result = backup_restore(
            archive=created.path, media_root=tmp_path / "m2", connection=target, replace=True,
            safety_dir=tmp_path / "safety",
        )  # fmt: skip
        assert result.ok and result.counts["people_person"] == 1
        assert not (tmp_path / "m2" / "stray.txt").exists()
        assert result.safety_archive is not None and result.safety_archive.name.startswith(
            "canbo-truoc-khoi-phuc-"
        )
        saved = Manifest.from_json(_members(result.safety_archive)["manifest.json"])
        assert saved.row_counts["people_person"] == 0 and "media/stray.txt" in saved.files
    finally:
        handler.close_all()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_commands(media_root: Path, tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = media_root
    settings.VAR_DIR = tmp_path / "var"
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), "--keep", "14,8,12", stdout=out)
    assert "Đã sao lưu vào" in out.getvalue()
    (archive,) = (tmp_path / "backups").iterdir()
    # The configured database (the test database) is not empty: refused, with or without --yes.
    with pytest.raises(CommandError, match=r"không trống.*Không có gì thay đổi"):
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert (media_root / "ho-so" / "2026" / "quyet-dinh.pdf").read_bytes() == MEDIA_BYTES


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_backup_leaves_no_archive(media_root: Path, tmp_path: Path, monkeypatch: Any) -> None:
    def broken(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_add_file", broken)
    with pytest.raises(BackupError, match="Không ghi được bản sao lưu"):
        backup_create(output_dir=tmp_path / "backups", media_root=media_root)
    assert list((tmp_path / "backups").iterdir()) == []


# --- Refusals (any database) ---------------------------------------------------------------------


@pytest.fixture
def archive(transactional_db: None, media_root: Path, tmp_path: Path) -> Path:
    return backup_create(output_dir=tmp_path / "backups", media_root=media_root).path


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Any]:
    """SQLite: a new file. PostgreSQL: the test database itself (every refusal comes before a change)."""
    handler = _handler(NAME=str(tmp_path / "target.sqlite3")) if connection.vendor == "sqlite" else _handler()
    try:
        yield handler["default"]
    finally:
        handler.close_all()


def test_a_tampered_file_is_refused_and_nothing_changes(archive: Path, target: Any, tmp_path: Path) -> None:
    members = _members(archive)
    members["media/ho-so/2026/quyet-dinh.pdf"] = MEDIA_BYTES[:-1] + b"!"
    tampered = tmp_path / "tampered.tar.gz"
    _write(tampered, members)
    before = backup.database_tables(target)
    with pytest.raises(BackupError, match=r"đã bị sửa.*1 tệp không khớp mã SHA-256.*[Kk]hông có gì thay đổi"):
        backup_restore(archive=tampered, media_root=tmp_path / "restored-media", connection=target)
    assert backup.database_tables(target) == before
    assert not (tmp_path / "restored-media").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".canbo-khoi-phuc-")] == []


@pytest.mark.parametrize(
    "change",
    ["extra file", "missing file", "path outside", "symlink", "truncated", "manifest edited"],
)
def test_other_damage_is_refused(archive: Path, target: Any, tmp_path: Path, change: str) -> None:
    members = _members(archive)
    damaged = tmp_path / "damaged.tar.gz"
    symlink = None
    if change == "extra file":
        members["media/them.txt"] = b"x"
    elif change == "missing file":
        del members["media/ho-so/2026/quyet-dinh.pdf"]
    elif change == "path outside":
        members["media/../../etc/cron.d/x"] = b"x"
    elif change == "symlink":
        symlink = "media/passwd"
    elif change == "manifest edited":
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = "một"
        members["manifest.json"] = json.dumps(manifest).encode()
    _write(damaged, members, symlink=symlink)
    if change == "truncated":
        damaged.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises(BackupError, match=r"Không|không khôi phục"):
        backup_restore(archive=damaged, media_root=tmp_path / "restored-media", connection=target)
    assert not (tmp_path / "restored-media").exists()
    assert not (tmp_path / "etc").exists()


def test_a_backup_of_the_other_vendor_is_refused(archive: Path, target: Any, tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    members = _members(archive)
    manifest = json.loads(members.pop("manifest.json"))
    data = members.pop(manifest["database"]["file"])
    file = backup.DATABASE_MEMBERS[other]
    del manifest["files"][manifest["database"]["file"]]
    manifest["database"].update(vendor=other, file=file)
    manifest["files"][file] = hashlib.sha256(data).hexdigest()
    crossed = tmp_path / "crossed.tar.gz"
    _write(crossed, {file: data, **members, "manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(BackupError, match="không khôi phục chéo"):
        backup_restore(archive=crossed, media_root=tmp_path / "restored-media", connection=target)


def test_an_archive_from_newer_code_is_refused(archive: Path, target: Any, tmp_path: Path) -> None:
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    manifest["migrations"]["people"] = "9999_from_the_future"
    members["manifest.json"] = json.dumps(manifest).encode()
    newer = tmp_path / "newer.tar.gz"
    _write(newer, members)
    with pytest.raises(BackupError, match="phiên bản canbo mới hơn"):
        backup_restore(archive=newer, media_root=tmp_path / "restored-media", connection=target)


# --- PostgreSQL ----------------------------------------------------------------------------------


@pytest.fixture
def fresh_postgresql() -> Iterator[str]:
    """An empty database beside the test database, dropped afterwards."""
    import psycopg

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore"
    params = {
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgresql_only
def test_postgresql_round_trip_into_a_fresh_database(
    registry: Person, media_root: Path, tmp_path: Path, fresh_postgresql: str
) -> None:
    created = backup_create(output_dir=tmp_path / "backups", media_root=media_root)
    assert stat.S_IMODE(created.path.stat().st_mode) == 0o600
    assert created.manifest.vendor == "postgresql"
    assert created.manifest.details["tool"].startswith("pg_dump")
    handler = _handler(NAME=fresh_postgresql)
    target = handler["default"]
    try:
        _check_round_trip(created, target, tmp_path / "restored-media", registry)
        assert _rows(target, "SELECT extname FROM pg_extension WHERE extname = 'btree_gist'") == [
            ("btree_gist",)
        ]

        # Not empty any more: refused; with replace, saved first, then replaced in one transaction.
        with pytest.raises(BackupError, match="không trống"):
            backup_restore(archive=created.path, media_root=tmp_path / "restored-media", connection=target)
        with target.cursor() as cursor:
            cursor.execute("DELETE FROM people_person")
        target.close()
        result = backup_restore(
            archive=created.path, media_root=tmp_path / "restored-media", connection=target, replace=True,
            safety_dir=tmp_path / "safety",
        )  # fmt: skip
        assert result.ok and result.counts["people_person"] == 1
        assert result.safety_archive is not None
        assert (
            Manifest.from_json(_members(result.safety_archive)["manifest.json"]).row_counts["people_person"]
            == 0
        )
    finally:
        handler.close_all()


@postgresql_only
def test_pg_dump_gets_the_snapshot_and_no_password_on_its_command_line(
    registry: Person, media_root: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    """pg_dump dumps the snapshot in which the rows were counted; the password goes through libpq's
    PGPASSWORD (the test server trusts its clients: any password is accepted)."""
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "mat-khau-bi-mat")
    calls: list[tuple[list[str], dict[str, str]]] = []
    run = backup._run

    def spy(args: list[str], *, env: dict[str, str], what: str) -> str:
        calls.append((args, env))
        return run(args, env=env, what=what)

    monkeypatch.setattr(backup, "_run", spy)
    backup_create(output_dir=tmp_path / "backups", media_root=media_root)
    args, env = next(call for call in calls if "--format=custom" in call[0])
    assert any(a.startswith("--snapshot=") for a in args)
    assert not any("mat-khau-bi-mat" in a for a in args)
    assert env["PGPASSWORD"] == "mat-khau-bi-mat" and env["PGDATABASE"] == connection.settings_dict["NAME"]


# --- Rotation --------------------------------------------------------------------------------------


def test_rotation_keeps_days_weeks_and_months() -> None:
    start = dt.datetime(2026, 1, 1, 2, 0)
    names = [f"canbo-backup-{start + dt.timedelta(days=d):%Y-%m-%dT%H%M}.tar.gz" for d in range(400)]
    names += ["canbo-truoc-khoi-phuc-2025-01-01T0000.tar.gz", "ghi-chu.txt"]
    keep = retention_keep(names, daily=14, weekly=8, monthly=12)
    newest = start + dt.timedelta(days=399)
    dates = sorted(dt.date.fromisoformat(n[13:23]) for n in keep)
    assert dates[-14:] == [newest.date() - dt.timedelta(days=d) for d in range(13, -1, -1)]
    assert len({d.isocalendar()[:2] for d in dates}) >= 8
    assert len({(d.year, d.month) for d in dates}) == 12
    assert len(keep) <= 14 + 8 + 12
    assert all(n.startswith("canbo-backup-") for n in keep)  # other files are never candidates
    assert retention_keep(names[:1], daily=0, weekly=0, monthly=0) == {names[0]}  # the newest stays


def test_rotation_prunes_only_archives(tmp_path: Path) -> None:
    for name in ("canbo-backup-2026-01-01T0700.tar.gz", "canbo-backup-2026-01-02T0700.tar.gz",
                 "canbo-backup-2026-01-02T1900.tar.gz", "canbo-truoc-khoi-phuc-2025-01-01T0000.tar.gz",
                 "notes.txt"):  # fmt: skip
        (tmp_path / name).write_bytes(b"")
    removed = backup.backup_prune(output_dir=tmp_path, daily=1, weekly=0, monthly=0)
    assert [p.name for p in removed] == [
        "canbo-backup-2026-01-01T0700.tar.gz",
        "canbo-backup-2026-01-02T0700.tar.gz",
    ]
    assert sorted(os.listdir(tmp_path)) == [
        "canbo-backup-2026-01-02T1900.tar.gz",
        "canbo-truoc-khoi-phuc-2025-01-01T0000.tar.gz",
        "notes.txt",
    ]
