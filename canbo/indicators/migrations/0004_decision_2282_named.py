"""Decision 2282/QĐ-TTg named for what it is (issue 12.6): the programme on women's equal
participation in leadership and management 2021–2030, not the gender-equality strategy; the
planning-pool targets marked as not checked against the decision's text. The same words as
indicators/data/national.toml, so that a new database starts in step with the file (frozen here)."""

from typing import Any

from django.db import migrations

OLD = (
    "Quyết định số 2282/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ "
    "(Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030)"
)
NEW = (
    "Quyết định số 2282/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ phê duyệt Chương trình "
    "“Tăng cường sự tham gia bình đẳng của phụ nữ trong các vị trí lãnh đạo và quản lý ở các cấp "
    "hoạch định chính sách giai đoạn 2021–2030”"
)
UNCHECKED = {"QD2282.quy_hoach_nu.2025", "QD2282.quy_hoach_nu.2030"}


def rename(apps: Any, schema_editor: Any) -> None:
    Target = apps.get_model("indicators", "Target")
    for target in Target.objects.filter(code__startswith="QD2282.", source=OLD):
        target.source = NEW + (" (chưa đối chiếu văn bản)" if target.code in UNCHECKED else "")
        target.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_target_indicators_target_indicator_valid_and_more")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
