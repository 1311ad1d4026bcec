"""A new database starts with the national targets as indicators/data/national.toml says: the
migrations and the file agree, so the sync after `migrate` writes (and audits) nothing. When the file
changes, a migration carries the change (as 0004 does for Decision 2282's name)."""

import pytest

from canbo.audit.models import AuditEntry
from canbo.indicators.services import national_targets_sync

pytestmark = pytest.mark.django_db


def test_the_migrations_and_the_data_file_agree() -> None:
    assert not AuditEntry.objects.filter(action__startswith="indicators.target").exists()
    assert national_targets_sync() == 0
