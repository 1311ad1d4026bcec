from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


class StaffCategory(models.TextChoices):
    CADRE = "can_bo", _("Cán bộ")
    CIVIL_SERVANT = "cong_chuc", _("Công chức")
    PUBLIC_EMPLOYEE = "vien_chuc", _("Viên chức")
    WORKER = "nguoi_lao_dong", _("Người lao động")


class AssignmentReason(models.TextChoices):
    RECRUITMENT = "tuyen_dung", _("Tuyển dụng")
    APPOINTMENT = "bo_nhiem", _("Bổ nhiệm")
    REAPPOINTMENT = "bo_nhiem_lai", _("Bổ nhiệm lại")
    TRANSFER = "dieu_dong", _("Điều động")
    ROTATION = "luan_chuyen", _("Luân chuyển")
    SECONDMENT = "biet_phai", _("Biệt phái")
    EXTENSION = "keo_dai", _("Kéo dài thời gian giữ chức vụ")
    RETIREMENT = "nghi_huu", _("Nghỉ hưu")
    RESIGNATION = "thoi_viec", _("Thôi việc")
    RELIEVED = "mien_nhiem", _("Miễn nhiệm")  # relieved of a post (not "buộc thôi việc", a discipline)
    STEP_DOWN = "thoi_giu_chuc_vu", _("Thôi giữ chức vụ")  # leaves a post at their own wish or by age
    REORGANISATION = "sap_xep", _("Sắp xếp tổ chức")
    IMPORT = "nhap", _("Nhập từ tệp")


class EvaluationLevel(models.TextChoices):
    """Law on Cadres and Civil Servants arts. 29, 58 (RULES.md §4)."""

    EXCELLENT = "xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "tot", _("Hoàn thành tốt nhiệm vụ")
    DONE = "hoan_thanh", _("Hoàn thành nhiệm vụ")
    NOT_DONE = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")


class DisciplineForm(models.TextChoices):
    REPRIMAND = "khien_trach", _("Khiển trách")
    WARNING = "canh_cao", _("Cảnh cáo")
    SALARY_DOWN = "ha_bac_luong", _("Hạ bậc lương")
    DEMOTION = "giang_chuc", _("Giáng chức")
    REMOVAL = "cach_chuc", _("Cách chức")
    DISMISSAL = "buoc_thoi_viec", _("Buộc thôi việc")  # dismissed from the service


class TrainingKind(models.TextChoices):
    POLITICAL = "ly_luan", _("Lý luận chính trị")
    PROFESSIONAL = "chuyen_mon", _("Chuyên môn")
    STATE_MANAGEMENT = "qlnn", _("Quản lý nhà nước")
    LANGUAGE = "ngoai_ngu", _("Ngoại ngữ")
    IT = "tin_hoc", _("Tin học")
    DEFENCE = "qp_an", _("Quốc phòng - an ninh")
    REFRESHER = "boi_duong", _("Bồi dưỡng")


class PostLevel(models.TextChoices):
    AGENCY_HEAD = "agency_head", _("Người đứng đầu cơ quan")
    AGENCY_DEPUTY = "agency_deputy", _("Cấp phó của người đứng đầu cơ quan")
    DIVISION_HEAD = "division_head", _("Trưởng phòng và tương đương")
    DIVISION_DEPUTY = "division_deputy", _("Phó trưởng phòng và tương đương")
    NONE = "none", _("Không giữ chức vụ lãnh đạo")
