"""The template's columns: the headers agencies already use, matched without case or diacritics."""

from canbo.core.excel import Column

NAME = Column("name", "Họ và tên", ("Họ tên", "Ho va ten"), required=True)
BIRTH = Column("birth", "Ngày sinh", ("Ngày, tháng, năm sinh", "Năm sinh"), required=True)
SEX = Column("sex", "Giới tính", ("Giới",), required=True)
ETHNICITY = Column("ethnicity", "Dân tộc", required=True)
RELIGION = Column("religion", "Tôn giáo")
CCCD = Column("cccd", "Số CCCD", ("CCCD", "Số căn cước công dân", "Số căn cước", "Số định danh cá nhân"))
UNIT = Column("unit", "Mã đơn vị", ("Mã cơ quan", "Đơn vị"), required=True)
CATEGORY = Column("category", "Loại cán bộ", ("Đối tượng", "Loại"), required=True)
POST = Column("post", "Chức vụ")
POST_FROM = Column("post_from", "Ngày bổ nhiệm", ("Ngày giữ chức vụ", "Từ ngày"))
LANGUAGE = Column("language", "Ngoại ngữ")
LANGUAGE_LEVEL = Column("language_level", "Bậc ngoại ngữ", ("Trình độ ngoại ngữ",))
POLITICAL = Column("political", "Lý luận chính trị", ("Trình độ lý luận chính trị", "LLCT"))
QUALIFICATION = Column("qualification", "Trình độ chuyên môn", ("Trình độ chuyên môn cao nhất", "Chuyên môn"))
# Optional: the day the person began in the unit (else the roster's date, "Danh sách tính đến ngày").
UNIT_FROM = Column("unit_from", "Ngày vào đơn vị", ("Ngày về đơn vị", "Ngày vào cơ quan", "Ngày về cơ quan"))
# Optional: the date of a conclusion that the person meets the political standard (the plan's II.7
# gate of every appointment from 29/10/2021; political data, Decree 356/2025: sensitive).
CONCLUSION = Column(
    "conclusion",
    "Ngày kết luận TCCT",
    ("Ngày kết luận tiêu chuẩn chính trị", "Kết luận tiêu chuẩn chính trị", "Kết luận TCCT"),
)
# Optional: the number of the decision appointing to the row's post ("Chức vụ").
DECISION = Column("decision", "Số quyết định bổ nhiệm", ("Số quyết định", "Số QĐ bổ nhiệm", "Số QĐ"))

COLUMNS = [
    NAME,
    BIRTH,
    SEX,
    ETHNICITY,
    RELIGION,
    CCCD,
    UNIT,
    CATEGORY,
    POST,
    POST_FROM,
    LANGUAGE,
    LANGUAGE_LEVEL,
    POLITICAL,
    QUALIFICATION,
    UNIT_FROM,
    CONCLUSION,
    DECISION,
]
SHEET = "Danh sách cán bộ"
