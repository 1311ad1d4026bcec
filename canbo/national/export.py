"""The records in the national database's 10 groups, written as JSON Lines or Excel, chunk by chunk.

JSON Lines: a first line `{"tieu_de": …}` (the header: the decree, the date, the groups and which are
not kept, and that the field names are ours), then one record per line, keyed by the personal
identification number. Dates are ISO (yyyy-mm-dd), as JSON readers expect.

Excel: one wide sheet, one row per person, the columns grouped under their group's title — what a
personnel officer opens, filters and sorts as a list of people (one sheet per group would give them
ten sheets to join by the CCCD themselves). A person's several rows of a table (the assignments, the
trainings, the evaluations…) are one cell each, a line per row. Past Excel's 1,048,576 rows a sheet, the
people go on in the next sheet ("Hồ sơ (2)", …). A sheet "Ghi chú" says what the file holds, and a sheet
"Không xuất" lists the people left out (no valid personal identification number) with the reason.
Written with xlsxwriter in constant_memory mode: each row is flushed to a temporary file as soon as
the next begins, so memory does not grow with the number of people.

Both writers hold one chunk at a time (selectors.national_chunks); the people left out are kept as a
short list (id, name, unit, reason) to be reported."""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

import polars as pl
import xlsxwriter

from canbo.national.groups import EXCLUSION_LABELS, GROUPS, KEY, NOT_KEPT, header_lines
from canbo.national.selectors import CHUNK, Chunk, Excluded, Labels, national_chunks, national_labels

EXCEL_ROWS = 1_048_576  # rows of a worksheet (Excel's limit)


@dataclass
class Summary:
    exported: int = 0
    excluded: list[Excluded] = field(default_factory=list)


def _label(name: str, mapping: dict[str, str]) -> pl.Expr:
    return pl.col(name).replace_strict(mapping, default=pl.col(name), return_dtype=pl.String)


def _id_label(name: str, mapping: dict[int, str]) -> pl.Expr:
    return pl.col(name).replace_strict(mapping, default=None, return_dtype=pl.String)


def _excluded(chunk: Chunk, labels: Labels) -> list[Excluded]:
    left = chunk.people.filter(pl.col("problem").is_not_null()).select(
        "id", "full_name", "unit_id", "problem"
    )
    return [
        Excluded(pk, name, labels.units.get(unit_id, ""), problem)
        for pk, name, unit_id, problem in left.iter_rows()
    ]


@dataclass(frozen=True)
class Listed:
    """A related table as the records list it: one row of `frame` per element, in `sort` order, as a
    struct of `fields` (JSON) or as a line of text (Excel)."""

    name: str
    frame: pl.LazyFrame
    sort: list[str]
    fields: list[pl.Expr]
    line: pl.Expr


def _dmy(name: str) -> pl.Expr:
    return pl.col(name).dt.strftime("%d/%m/%Y").fill_null("")


def _text(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.String).fill_null("")


def _listed(chunk: Chunk, labels: Labels, as_of: dt.date) -> list[Listed]:
    codes = labels.codes
    related = chunk.related
    in_force = pl.col("valid_to").is_null() | (pl.col("valid_to") > as_of)
    assignments = (
        related["assignments"]
        .lazy()
        .with_columns(
            _id_label("unit_id", labels.units).alias("don_vi"),
            _id_label("post_id", labels.posts).alias("chuc_vu"),
            _label("start_reason", codes["reason"]).alias("ly_do_bat_dau"),
            _label("end_reason", codes["reason"]).alias("ly_do_ket_thuc"),
        )
    )
    place = pl.concat_str([pl.coalesce(pl.col("chuc_vu"), pl.lit("Công tác")), pl.lit(", "), _text("don_vi")])
    return [
        Listed(
            "qua_trinh_cong_tac",
            assignments,
            ["valid_from"],
            [
                pl.col("valid_from").alias("tu_ngay"),
                pl.col("valid_to").alias("den_ngay"),
                pl.col("don_vi"),
                pl.col("chuc_vu"),
                pl.col("concurrent").alias("kiem_nhiem"),
                pl.col("ly_do_bat_dau"),
                pl.col("ly_do_ket_thuc"),
                pl.col("decision_number").alias("so_quyet_dinh"),
                pl.col("decision_date").alias("ngay_quyet_dinh"),
                pl.col("decision_issuer").alias("co_quan_quyet_dinh"),
            ],
            pl.concat_str(
                [
                    _dmy("valid_from"),
                    pl.lit("–"),
                    _dmy("valid_to"),
                    pl.lit(": "),
                    place,
                    pl.lit(" ("),
                    _text("ly_do_bat_dau"),
                    pl.when(pl.col("decision_number") != "")
                    .then(pl.concat_str([pl.lit(", QĐ "), pl.col("decision_number")]))
                    .otherwise(pl.lit("")),
                    pl.lit(")"),
                ]
            ),
        ),
        Listed(
            "chuc_vu_tai_ngay",
            assignments.filter(in_force),
            ["concurrent", "valid_from"],
            [pl.col("don_vi"), pl.col("chuc_vu"), pl.col("concurrent").alias("kiem_nhiem")],
            pl.concat_str(
                [place, pl.when(pl.col("concurrent")).then(pl.lit(" (kiêm nhiệm)")).otherwise(pl.lit(""))]
            ),
        ),
        Listed(
            "quy_hoach",
            related["planning"]
            .lazy()
            .with_columns(
                _id_label("unit_id", labels.units).alias("don_vi"),
                _id_label("post_id", labels.posts).alias("chuc_vu"),
                pl.format("{}-{}", "term_from", "term_to").alias("nhiem_ky"),
            ),
            ["term_from"],
            [
                pl.col("chuc_vu"),
                pl.col("don_vi"),
                pl.col("nhiem_ky"),
                pl.col("decision_number").alias("so_quyet_dinh"),
                pl.col("decision_date").alias("ngay_quyet_dinh"),
                pl.col("removed_on").alias("ngay_dua_ra"),
            ],
            pl.concat_str(
                [
                    _text("chuc_vu"),
                    pl.lit(", "),
                    _text("don_vi"),
                    pl.lit(" ("),
                    pl.col("nhiem_ky"),
                    pl.when(pl.col("removed_on").is_not_null())
                    .then(pl.concat_str([pl.lit("; đưa ra ngày "), _dmy("removed_on")]))
                    .otherwise(pl.lit("")),
                    pl.lit(")"),
                ]
            ),
        ),
        Listed(
            "ngoai_ngu",
            related["languages"]
            .lazy()
            .with_columns(_label("language", codes["language"]).alias("ngoai_ngu")),
            ["language"],
            [pl.col("ngoai_ngu"), pl.col("level").alias("bac"), pl.col("certified_on").alias("ngay_cap")],
            pl.concat_str(
                [
                    _text("ngoai_ngu"),
                    pl.when(pl.col("level").is_not_null())
                    .then(pl.concat_str([pl.lit(" bậc "), _text("level")]))
                    .otherwise(pl.lit("")),
                ]
            ),
        ),
        Listed(
            "dao_tao_boi_duong",
            related["trainings"].lazy().with_columns(_label("kind", codes["training"]).alias("loai")),
            ["started_on"],
            [
                pl.col("loai"),
                pl.col("level").alias("trinh_do"),
                pl.col("institution").alias("co_so_dao_tao"),
                pl.col("started_on").alias("tu_ngay"),
                pl.col("finished_on").alias("den_ngay"),
                pl.col("abroad").alias("o_nuoc_ngoai"),
            ],
            pl.concat_str([_text("loai"), pl.lit(": "), _text("level"), pl.lit(", "), _text("institution")]),
        ),
        Listed(
            "xep_loai",
            related["evaluations"].lazy().with_columns(_label("level", codes["evaluation"]).alias("muc")),
            ["year"],
            [pl.col("year").alias("nam"), pl.col("muc")],
            pl.concat_str([_text("year"), pl.lit(": "), _text("muc")]),
        ),
        Listed(
            "ky_luat",
            related["disciplines"]
            .lazy()
            .with_columns(_label("form", codes["discipline"]).alias("hinh_thuc")),
            ["decided_on"],
            [
                pl.col("decided_on").alias("ngay_quyet_dinh"),
                pl.col("hinh_thuc"),
                pl.col("decision_number").alias("so_quyet_dinh"),
            ],
            pl.concat_str([_dmy("decided_on"), pl.lit(": "), _text("hinh_thuc")]),
        ),
    ]


LISTS = (
    "qua_trinh_cong_tac",
    "chuc_vu_tai_ngay",
    "quy_hoach",
    "ngoai_ngu",
    "dao_tao_boi_duong",
    "xep_loai",
    "ky_luat",
)


def _joined(chunk: Chunk, labels: Labels, as_of: dt.date, *, as_text: bool = False) -> pl.LazyFrame:
    """The chunk's exported people (a valid personal identification number), their labels, their
    related lists (empty lists for none) and their job position on the date. Collected by the in-memory
    engine: on frames of a chunk it took half the CPU of Polars 2's default (streaming) engine,
    measured (50,000 people: 0.27 s against 0.57–0.64 s)."""
    codes = labels.codes
    frame = (
        chunk.people.lazy()
        .filter(pl.col("problem").is_null())
        .with_columns(
            _label("sex", codes["sex"]).alias("gioi_tinh"),
            _label("ethnicity", codes["ethnicity"]).alias("dan_toc"),
            _label("religion", codes["religion"]).alias("ton_giao"),
            _label("qualification", codes["qualification"]).alias("trinh_do_chuyen_mon"),
            _label("political_theory", codes["political_theory"]).alias("ly_luan_chinh_tri"),
            _label("state_management", codes["state_management"]).alias("quan_ly_nha_nuoc"),
            _label("staff_category", codes["staff_category"]).alias("loai"),
            _id_label("unit_id", labels.units).alias("co_quan_quan_ly_ho_so"),
            pl.col("salary_coefficient").round(2),
        )
    )
    for listed in _listed(chunk, labels, as_of):
        ordered = listed.frame.sort(["person_id", *listed.sort, "id"], nulls_last=False).group_by(
            "person_id", maintain_order=True
        )
        lists = ordered.agg(
            listed.line.str.join("\n").alias(listed.name)
            if as_text
            else pl.struct(listed.fields).alias(listed.name)
        )
        frame = frame.join(lists, left_on="id", right_on="person_id", how="left", maintain_order="left")
    positions = (
        chunk.related["positions"].lazy().sort("id").unique("person_id", keep="first", maintain_order=True)
    )
    frame = frame.join(
        positions.select("person_id", pl.format("{} - {}", "code", "name").alias("vi_tri_viec_lam")),
        left_on="id",
        right_on="person_id",
        how="left",
        maintain_order="left",
    )
    if as_text:
        return frame.with_columns(pl.col(LISTS).fill_null(""))
    schema = frame.collect_schema()
    return frame.with_columns(*(pl.col(name).fill_null(pl.lit([], dtype=schema[name])) for name in LISTS))


def _not_kept() -> pl.Expr:
    return pl.struct(*(pl.lit(value).alias(key) for key, value in NOT_KEPT.items()))


def json_records(chunk: Chunk, labels: Labels, as_of: dt.date) -> pl.DataFrame:
    """The chunk's records: the key, then one struct per group (groups.GROUPS)."""
    frame = _joined(chunk, labels, as_of)
    kept = {
        1: [
            pl.col("full_name").alias("ho_ten"),
            pl.col("other_names").alias("ten_goi_khac"),
            pl.col("gioi_tinh"),
            pl.col("birth_date").alias("ngay_sinh"),
            pl.col("birth_year_only").alias("chi_biet_nam_sinh"),
            pl.col("hometown").alias("que_quan"),
            pl.col("dan_toc"),
            pl.col("ton_giao"),
        ],
        4: [
            pl.col("recruited_on").alias("ngay_tuyen_dung"),
            pl.col("qua_trinh_cong_tac"),
            pl.col("quy_hoach"),
        ],
        5: [
            pl.col("general_education").alias("giao_duc_pho_thong"),
            pl.col("trinh_do_chuyen_mon"),
            pl.col("qualification_field").alias("chuyen_nganh"),
            pl.col("ly_luan_chinh_tri"),
            pl.col("quan_ly_nha_nuoc"),
            pl.col("it_level").alias("tin_hoc"),
            pl.col("ngoai_ngu"),
            pl.col("degree_abroad").alias("co_bang_nuoc_ngoai"),
            pl.col("dao_tao_boi_duong"),
        ],
        6: [
            pl.col("co_quan_quan_ly_ho_so"),
            pl.col("loai"),
            pl.col("vi_tri_viec_lam"),
            pl.col("chuc_vu_tai_ngay"),
            pl.col("rank_code").alias("ma_ngach"),
            pl.col("rank_name").alias("ngach"),
            pl.col("salary_step").alias("bac_luong"),
            pl.col("salary_coefficient").alias("he_so_luong"),
            pl.col("xep_loai"),
            pl.col("ky_luat"),
        ],
        7: [pl.col("party_joined").alias("ngay_vao_dang"), pl.col("party_full").alias("ngay_chinh_thuc")],
    }
    return frame.select(
        pl.col("cccd").str.strip_chars().alias(KEY),
        *((pl.struct(*kept[g.number]) if g.kept else _not_kept()).alias(g.key) for g in GROUPS),
    ).collect(engine="in-memory")


def header(as_of: dt.date, scope: str) -> dict[str, Any]:
    return {
        "tieu_de": {
            "ghi_chu": header_lines(),
            "du_lieu_tai_ngay": as_of.isoformat(),
            "pham_vi": scope,
            "khoa": KEY,
            "nhom": [
                {"so": g.number, "khoa": g.key, "ten": g.title, "luu_giu": g.kept, "noi_dung": g.holds}
                for g in GROUPS
            ],
        }
    }


def write_jsonl(
    out: IO[bytes],
    *,
    user: Any,
    as_of: dt.date,
    scope: str,
    size: int = CHUNK,
    limit: int | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> Summary:
    """The header line, then every record of the user's people on the date, chunk by chunk (`limit`:
    the first so many people only, for the benchmark)."""
    import json

    labels = national_labels(as_of=as_of)
    summary = Summary()
    out.write(json.dumps(header(as_of, scope), ensure_ascii=False).encode() + b"\n")
    for chunk in national_chunks(user=user, as_of=as_of, size=size, limit=limit):
        summary.excluded.extend(_excluded(chunk, labels))
        records = json_records(chunk, labels, as_of)
        if records.height:
            buffer = io.BytesIO()
            records.write_ndjson(buffer)
            out.write(buffer.getvalue())
        summary.exported += records.height
        if on_chunk:
            on_chunk(summary.exported)
    return summary


def jsonl_chunks(*, user: Any, as_of: dt.date, scope: str, size: int = CHUNK) -> Any:
    """The same bytes as write_jsonl, as an iterator of pieces (a streamed download)."""
    import json

    labels = national_labels(as_of=as_of)
    yield json.dumps(header(as_of, scope), ensure_ascii=False).encode() + b"\n"
    for chunk in national_chunks(user=user, as_of=as_of, size=size):
        records = json_records(chunk, labels, as_of)
        if records.height:
            buffer = io.BytesIO()
            records.write_ndjson(buffer)
            yield buffer.getvalue()


# --- Excel --------------------------------------------------------------------------------------------


# (group number, column title, expression over the joined frame as text) of the wide sheet, in order.
SHEET_COLUMNS: list[tuple[int, str, pl.Expr]] = [
    (1, "Số định danh cá nhân", pl.col("cccd").str.strip_chars()),
    (1, "Họ và tên", pl.col("full_name")),
    (1, "Tên gọi khác", pl.col("other_names")),
    (1, "Giới tính", pl.col("gioi_tinh")),
    (1, "Ngày sinh", pl.col("birth_date")),
    (1, "Quê quán", pl.col("hometown")),
    (1, "Dân tộc", pl.col("dan_toc")),
    (1, "Tôn giáo", pl.col("ton_giao")),
    (4, "Ngày tuyển dụng", pl.col("recruited_on")),
    (4, "Quá trình công tác", pl.col("qua_trinh_cong_tac")),
    (4, "Quy hoạch", pl.col("quy_hoach")),
    (5, "Giáo dục phổ thông", pl.col("general_education")),
    (5, "Trình độ chuyên môn", pl.col("trinh_do_chuyen_mon")),
    (5, "Chuyên ngành", pl.col("qualification_field")),
    (5, "Lý luận chính trị", pl.col("ly_luan_chinh_tri")),
    (5, "Quản lý nhà nước", pl.col("quan_ly_nha_nuoc")),
    (5, "Tin học", pl.col("it_level")),
    (5, "Ngoại ngữ", pl.col("ngoai_ngu")),
    (5, "Đào tạo, bồi dưỡng", pl.col("dao_tao_boi_duong")),
    (6, "Cơ quan quản lý hồ sơ", pl.col("co_quan_quan_ly_ho_so")),
    (6, "Loại", pl.col("loai")),
    (6, "Vị trí việc làm", pl.col("vi_tri_viec_lam")),
    (6, "Chức vụ tại ngày", pl.col("chuc_vu_tai_ngay")),
    (6, "Ngạch", pl.col("rank_name")),
    (6, "Bậc lương", pl.col("salary_step")),
    (6, "Hệ số lương", pl.col("salary_coefficient")),
    (6, "Xếp loại", pl.col("xep_loai")),
    (6, "Kỷ luật", pl.col("ky_luat")),
    (7, "Ngày vào Đảng", pl.col("party_joined")),
    (7, "Ngày chính thức", pl.col("party_full")),
]


def sheet_rows(chunk: Chunk, labels: Labels, as_of: dt.date) -> pl.DataFrame:
    """The chunk's exported people as the wide sheet's rows (SHEET_COLUMNS' order)."""
    frame = _joined(chunk, labels, as_of, as_text=True)
    return frame.select(*(expr.alias(title) for _group, title, expr in SHEET_COLUMNS)).collect(
        engine="in-memory"
    )


def write_xlsx(
    path: str,
    *,
    user: Any,
    as_of: dt.date,
    scope: str,
    size: int = CHUNK,
    limit: int | None = None,
    sheet_rows_max: int = EXCEL_ROWS,
    on_chunk: Callable[[int], None] | None = None,
) -> Summary:
    """The workbook (see the module's docstring) at `path`, written chunk by chunk in constant memory.
    `sheet_rows_max`: rows of a sheet, headers included (Excel's limit; smaller in tests)."""
    labels = national_labels(as_of=as_of)
    summary = Summary()
    book = xlsxwriter.Workbook(
        path, {"constant_memory": True, "default_date_format": "dd/mm/yyyy", "strings_to_numbers": False}
    )
    try:
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        date_format = book.add_format({"num_format": "dd/mm/yyyy"})
        notes = book.add_worksheet("Ghi chú")
        notes.set_column(0, 0, 110)
        left_out = book.add_worksheet("Không xuất")
        left_out.write_row(
            0, 0, ["Mã trong canbo", "Họ và tên", "Cơ quan quản lý hồ sơ", "Lý do không xuất"], bold
        )
        left_out.set_column(0, 0, 14)
        left_out.set_column(1, 3, 40)
        groups = {g.number: g for g in GROUPS}
        titles = [title for _number, title, _expr in SHEET_COLUMNS]
        group_row = [
            f"Nhóm {number}. {groups[number].title}" if i == 0 or SHEET_COLUMNS[i - 1][0] != number else ""
            for i, (number, _title, _expr) in enumerate(SHEET_COLUMNS)
        ]
        sheets = 0
        sheet: Any = None
        row = sheet_rows_max  # no sheet yet
        excluded_row = 1

        def new_sheet() -> Any:
            nonlocal sheets
            sheets += 1
            added = book.add_worksheet("Hồ sơ" if sheets == 1 else f"Hồ sơ ({sheets})")
            added.write_row(0, 0, group_row, bold)
            added.write_row(1, 0, titles, bold)
            added.freeze_panes(2, 2)
            added.set_column(0, 0, 14)
            added.set_column(1, 1, 24)
            added.set_column(9, 9, 60, wrap)
            return added

        for chunk in national_chunks(user=user, as_of=as_of, size=size, limit=limit):
            for person in _excluded(chunk, labels):
                left_out.write_row(
                    excluded_row,
                    0,
                    [person.person_id, person.full_name, person.unit, EXCLUSION_LABELS[person.reason]],
                )
                excluded_row += 1
                summary.excluded.append(person)
            rows = sheet_rows(chunk, labels, as_of)
            # Each column's own writer (its type is the frame's), and no cell for nothing: a sixth less
            # than write_row's look at every value's type, measured.
            dates = [dtype == pl.Date for dtype in rows.schema.values()]
            texts = [dtype == pl.String for dtype in rows.schema.values()]
            for values in rows.iter_rows():
                if row >= sheet_rows_max:
                    sheet, row = new_sheet(), 2
                for col, value in enumerate(values):
                    if value is None or value == "":
                        continue
                    if texts[col]:
                        sheet.write_string(row, col, value)
                    elif dates[col]:
                        sheet.write_datetime(row, col, value, date_format)
                    else:
                        sheet.write_number(row, col, value)
                row += 1
                summary.exported += 1
            if on_chunk:
                on_chunk(summary.exported)
        if sheet is None:
            sheet = new_sheet()
        lines = [
            *header_lines(),
            "",
            f"Dữ liệu tại ngày: {as_of:%d/%m/%Y}. Phạm vi: {scope}.",
            f"Số bản ghi: {summary.exported:,}".replace(",", ".")
            + f" (trang “Hồ sơ”{', tiếp theo ở các trang “Hồ sơ (2)”…' if sheets > 1 else ''}).",
            f"Không xuất: {len(summary.excluded):,}".replace(",", ".")
            + " người không có số định danh cá nhân hợp lệ (trang “Không xuất”).",
            "",
            "Các nhóm thông tin:",
            *(
                f"Nhóm {g.number}. {g.title}: "
                + (g.holds if g.kept else "canbo không lưu giữ (không có dữ liệu)")
                + "."
                for g in GROUPS
            ),
        ]
        for i, line in enumerate(lines):
            notes.write_string(i, 0, line, wrap)
    finally:
        book.close()
    return summary
