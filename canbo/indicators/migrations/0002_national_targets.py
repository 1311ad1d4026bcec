"""The national targets of a new database, as they stood when this migration was written (frozen
here: a migration must give the same database whatever the data files say later). Written without
audit entries, like the schema. Later changes of indicators/data/national.toml are applied, and
audited, by indicators.services.targets_sync after every migrate."""

from decimal import Decimal
from typing import Any

from django.db import migrations

SOURCE = 'Quyết định số 2282/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ (Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030)'
TARGETS = [  # code, indicator, scope, year, threshold (%), text
    ('QD2282.lanh_dao_chu_chot_nu.2025', 'women_key_leader_agencies', 'province', 2025, "60", 'Tỷ lệ cơ quan, đơn vị có lãnh đạo chủ chốt là nữ đạt 60% (đến năm 2025).'),
    ('QD2282.lanh_dao_chu_chot_nu.2030', 'women_key_leader_agencies', 'province', 2030, "75", 'Tỷ lệ cơ quan, đơn vị có lãnh đạo chủ chốt là nữ đạt 75% (đến năm 2030).'),
    ('QD2282.quy_hoach_nu.2025', 'women_in_planning_pool', 'province', 2025, "40", 'Tỷ lệ nữ trong quy hoạch cán bộ lãnh đạo, quản lý từ 40% trở lên (đến năm 2025).'),
    ('QD2282.quy_hoach_nu.2030', 'women_in_planning_pool', 'province', 2030, "50", 'Tỷ lệ nữ trong quy hoạch cán bộ lãnh đạo, quản lý từ 50% trở lên (đến năm 2030).'),
]


def load(apps: Any, schema_editor: Any) -> None:
    Target = apps.get_model("indicators", "Target")
    for code, indicator, scope, year, threshold, text in TARGETS:
        Target.objects.get_or_create(
            code=code,
            defaults={
                "indicator": indicator,
                "scope": scope,
                "year": year,
                "threshold": Decimal(threshold),
                "text": text,
                "source": SOURCE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_targets_and_snapshots")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
