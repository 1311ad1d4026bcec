"""The national database's 10 data groups and what of ours goes in each (pure: no Django).

Decree 27/2026/NĐ-CP art. 5 (RULES-2 §6): the national database of cadres, civil servants and public
employees holds 10 groups of data, 194 fields in all. The list of the 194 fields is in the decree's
appendix, which was not read (not public where we looked): our fields are mapped to the **groups only**,
under names of our own; no field of the decree is named or invented. A group canbo does not keep is
present in every record, marked as not kept (`"luu_giu": false`), and holds nothing else.

Art. 16(3): the personal identification number (số định danh cá nhân, the 12 digits of the CCCD) is the
code of the e-dossier: it keys every record; a person without a valid one is not exported."""

from dataclasses import dataclass

from canbo.people.rules import CCCD_LENGTH

DECREE = "Nghị định 27/2026/NĐ-CP"


@dataclass(frozen=True)
class Group:
    number: int
    key: str  # the record's key for the group: "nhom_1_thong_tin_co_ban"
    title: str  # the decree's wording, in Vietnamese
    kept: bool  # False: canbo keeps none of it (the record says so, and holds nothing invented)
    holds: str  # what of ours is in it (or why nothing), for the header and docs/national.md


GROUPS: tuple[Group, ...] = (
    Group(
        1,
        "nhom_1_thong_tin_co_ban",
        "Thông tin cơ bản về cá nhân, định danh",
        True,
        "số định danh cá nhân (mã hồ sơ điện tử), họ và tên, tên gọi khác, giới tính, ngày sinh, quê quán, "
        "dân tộc, tôn giáo (nơi ở và số hiệu: không lưu giữ)",
    ),
    Group(2, "nhom_2_quan_he_gia_dinh", "Quan hệ gia đình", False, "canbo không lưu giữ"),
    Group(3, "nhom_3_lich_su_ban_than", "Lịch sử bản thân", False, "canbo không lưu giữ"),
    Group(
        4,
        "nhom_4_tuyen_dung_bo_nhiem",
        "Tuyển dụng, bầu cử, bổ nhiệm, quy hoạch, điều động, luân chuyển, biệt phái, thôi việc, nghỉ hưu",
        True,
        "ngày tuyển dụng; quá trình công tác (đơn vị, chức vụ, từ ngày, đến ngày, lý do bắt đầu và kết thúc, "
        "quyết định); quy hoạch (chức vụ, đơn vị, nhiệm kỳ, quyết định, ngày đưa ra khỏi quy hoạch)",
    ),
    Group(
        5,
        "nhom_5_dao_tao_boi_duong",
        "Giáo dục, trình độ, đào tạo, bồi dưỡng",
        True,
        "giáo dục phổ thông, trình độ chuyên môn và chuyên ngành, lý luận chính trị, quản lý nhà nước, "
        "tin học, ngoại ngữ (bậc, ngày cấp), bằng ở nước ngoài, các khóa đào tạo, bồi dưỡng",
    ),
    Group(
        6,
        "nhom_6_cong_tac_luong_danh_gia",
        "Cơ quan, đơn vị, vị trí việc làm, chức danh, chức vụ, lương, phụ cấp, đánh giá, xếp loại, "
        "thi đua, khen thưởng, kỷ luật",
        True,
        "cơ quan quản lý hồ sơ, loại cán bộ, vị trí việc làm và chức vụ tại ngày xuất, ngạch, bậc và hệ số "
        "lương, kết quả xếp loại theo năm, kỷ luật (phụ cấp, thi đua, khen thưởng: không lưu giữ)",
    ),
    Group(
        7,
        "nhom_7_dang_doan_the",
        "Tham gia tổ chức chính trị, chính trị - xã hội",
        True,
        "ngày vào Đảng, ngày chính thức (các tổ chức chính trị - xã hội khác: không lưu giữ)",
    ),
    Group(8, "nhom_8_nghia_vu_quan_su", "Nghĩa vụ quân sự", False, "canbo không lưu giữ"),
    Group(9, "nhom_9_tai_san_thu_nhap", "Tài sản, thu nhập", False, "canbo không lưu giữ"),
    Group(10, "nhom_10_suc_khoe", "Sức khỏe", False, "canbo không lưu giữ"),
)

KEY = "so_dinh_danh_ca_nhan"  # the record's key (art. 16(3))
NOT_KEPT = {"luu_giu": False}

NO_NUMBER = "chua_co"
BAD_NUMBER = "sai_dinh_dang"
EXCLUSION_LABELS = {
    NO_NUMBER: "Chưa có số định danh cá nhân (số CCCD)",
    BAD_NUMBER: "Số định danh cá nhân không gồm đúng 12 chữ số",
}


def personal_id_problem(number: str | None) -> str | None:
    """Why a CCCD cannot key the person's e-dossier (None: it can): the personal identification number,
    the e-dossier's code (Decree 27/2026/NĐ-CP art. 16(3)), is the CCCD's 12 digits (Circular
    07/2016/TT-BCA art. 7, as people.rules reads it). Only the form is checked here: the digits against
    the birth date are people.rules.check_cccd's, asked when the number is written."""
    if number is None or not number.strip():
        return NO_NUMBER
    text = number.strip()
    if len(text) != CCCD_LENGTH or not text.isascii() or not text.isdigit():
        return BAD_NUMBER
    return None


def header_lines() -> list[str]:
    """What the output says first: its structure, and that the fields are ours."""
    return [
        f"Dữ liệu theo 10 nhóm thông tin của cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức "
        f"({DECREE}, Điều 5).",
        "Mỗi bản ghi được định danh bằng số định danh cá nhân 12 chữ số, là mã hồ sơ điện tử "
        f"({DECREE}, Điều 16 khoản 3).",
        "Danh mục 194 trường thông tin (phụ lục của Nghị định) chưa được công bố nơi chúng tôi tra cứu: "
        "dữ liệu chỉ được xếp vào đúng nhóm, tên các trường là của canbo, "
        "không phải tên trường của Nghị định.",
        "Nhóm canbo không lưu giữ vẫn có trong mỗi bản ghi, ghi “luu_giu”: false, không có dữ liệu nào khác.",
    ]
