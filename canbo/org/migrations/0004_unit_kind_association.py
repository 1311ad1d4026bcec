"""A kind of unit for "các tổ chức Hội đặc thù" (addressees of NQ07's plan, issue 12.5).

On SQLite, changing a constraint rebuilds the table, which drops its triggers: the ones that refuse
overlapping versions (0002) are created again afterwards, as in 0003."""

import importlib

from django.db import migrations, models

# The same step as 0003's: the overlap triggers of 0002 created again after SQLite rebuilt the table.
_triggers_again = importlib.import_module(
    "canbo.org.migrations.0003_restructuring_org_restructuring_kind_valid_and_more"
)._triggers_again


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0003_restructuring_org_restructuring_kind_valid_and_more'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='unitversion',
            name='org_unitversion_kind_valid',
        ),
        migrations.AlterField(
            model_name='unitversion',
            name='kind',
            field=models.CharField(choices=[('tinh', 'Tỉnh (UBND tỉnh)'), ('so_nganh', 'Sở, ban, ngành'), ('huyen', 'UBND cấp huyện'), ('xa', 'UBND cấp xã'), ('phong', 'Phòng, ban chuyên môn'), ('su_nghiep', 'Đơn vị sự nghiệp'), ('hoi', 'Tổ chức Hội đặc thù'), ('khac', 'Khác')], max_length=20, verbose_name='loại đơn vị'),
        ),
        migrations.AddConstraint(
            model_name='unitversion',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'hoi'), ('kind', 'huyen'), ('kind', 'khac'), ('kind', 'phong'), ('kind', 'so_nganh'), ('kind', 'su_nghiep'), ('kind', 'tinh'), ('kind', 'xa'), _connector='OR'), name='org_unitversion_kind_valid', violation_error_message='Giá trị của “kind” không có trong danh mục.'),
        ),
        migrations.RunPython(_triggers_again, migrations.RunPython.noop),
    ]
