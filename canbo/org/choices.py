from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh (UBND tỉnh)")
    DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
    DISTRICT = "huyen", _("UBND cấp huyện")
    COMMUNE = "xa", _("UBND cấp xã")
    DIVISION = "phong", _("Phòng, ban chuyên môn")
    PUBLIC_SERVICE = "su_nghiep", _("Đơn vị sự nghiệp")
    # "Các tổ chức Hội đặc thù" (associations the province designates as special: Hội Chữ thập đỏ,
    # Hội Văn học nghệ thuật, …): addressees of plans such as NQ07's ("Nơi nhận").
    ASSOCIATION = "hoi", _("Tổ chức Hội đặc thù")
    OTHER = "khac", _("Khác")


class RestructuringKind(models.TextChoices):
    RENAME = "rename", _("Đổi tên")
    MOVE = "move", _("Chuyển đơn vị cấp trên")
    MERGE = "merge", _("Hợp nhất")
    ABSORB = "absorb", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    DISSOLVE = "dissolve", _("Giải thể")


# How the lineage reads on a predecessor's page: "Sáp nhập vào Sở Tài chính từ ngày 01/03/2025".
LINEAGE_OUT = {
    RestructuringKind.RENAME: _("Đổi tên thành"),
    RestructuringKind.MOVE: _("Chuyển về trực thuộc"),
    RestructuringKind.MERGE: _("Hợp nhất vào"),
    RestructuringKind.ABSORB: _("Sáp nhập vào"),
    RestructuringKind.SPLIT: _("Chia tách thành"),
    RestructuringKind.DISSOLVE: _("Giải thể; nhiệm vụ chuyển cho"),
}
LINEAGE_IN = {
    RestructuringKind.RENAME: _("Đổi tên từ"),
    RestructuringKind.MOVE: _("Chuyển từ"),
    RestructuringKind.MERGE: _("Thành lập trên cơ sở hợp nhất"),
    RestructuringKind.ABSORB: _("Tiếp nhận (sáp nhập)"),
    RestructuringKind.SPLIT: _("Thành lập do chia tách"),
    RestructuringKind.DISSOLVE: _("Tiếp nhận nhiệm vụ của đơn vị giải thể"),
}
