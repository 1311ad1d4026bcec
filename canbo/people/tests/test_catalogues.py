"""Catalogues: codes, names, aliases and lookup (people.catalogues)."""

import unicodedata

import pytest

from canbo.people.catalogues import (
    CEFR_LEVELS,
    ETHNIC_GROUPS,
    FOREIGN,
    KINH,
    LANGUAGES,
    NO_RELIGION,
    POLITICAL_THEORY,
    POST_LEVELS,
    POSTS,
    QUALIFICATIONS,
    RELIGIONS,
    STAFF_CATEGORIES,
    STATE_MANAGEMENT,
    UNIT_KINDS,
    Catalogue,
    Entry,
    find_post,
    is_ethnic_minority,
    language_level_name,
    lookup_key,
    parse_language_level,
)

# --- The generic catalogue -----------------------------------------------------------------------


def test_lookup_key_ignores_case_diacritics_and_punctuation():
    assert lookup_key("Ê-đê") == lookup_key("Ê Đê") == lookup_key("Êđê") == lookup_key("ê đê") == "ede"
    assert lookup_key("H'Mông") == lookup_key("HMông") == lookup_key("h’mông") == "hmong"
    assert lookup_key(unicodedata.normalize("NFD", "Khơ-me")) == "khome"
    assert lookup_key(None) == ""


def test_catalogue_api():
    cat = Catalogue("Thử", [Entry("x1", "Một", ("Số một",)), Entry("x2", "Hai")])
    assert len(cat) == 2
    assert "x1" in cat and "x3" not in cat
    assert cat.codes() == ["x1", "x2"]
    assert cat.get("x1") == Entry("x1", "Một", ("Số một",))
    assert cat.get("x3") is None
    assert cat.name("x2") == "Hai"
    with pytest.raises(KeyError, match="x3"):
        cat.name("x3")
    assert cat.find("SỐ MỘT") == "x1"
    assert cat.find("x2") == "x2"
    assert cat.find("mot") == "x1"
    assert cat.find("Ba") is None
    assert cat.find("") is None
    assert cat.find(None) is None
    assert cat.choices() == [("x1", "Một"), ("x2", "Hai")]
    assert [e.code for e in cat] == ["x1", "x2"]


def test_catalogue_refuses_duplicate_codes_and_clashing_spellings():
    with pytest.raises(ValueError, match="trùng"):
        Catalogue("Thử", [Entry("a", "Một"), Entry("a", "Hai")])
    with pytest.raises(ValueError, match="trùng"):
        Catalogue("Thử", [Entry("a", "Cơ Lao"), Entry("b", "Cờ-lao")])
    with pytest.raises(ValueError, match="không có chữ"):
        Catalogue("Thử", [Entry("a", "Một", ("-",))])


def test_phrases_shorten_before_matching():
    cat = Catalogue("Thử", [Entry("ct", "Chủ tịch UBND huyện")], {"uy ban nhan dan": "ubnd"})
    assert cat.find("Chủ tịch Ủy ban nhân dân huyện") == "ct"
    assert cat.find("CHỦ TỊCH UỶ BAN NHÂN DÂN HUYỆN") == "ct"


# --- Ethnic groups -------------------------------------------------------------------------------

# Decision 121-TCTK/PPCĐ, as DATA.md lists it.
DATA_MD_ETHNIC = (
    "01 Kinh, 02 Tày, 03 Thái, 04 Hoa, 05 Khơ-me, 06 Mường, 07 Nùng, 08 HMông, 09 Dao, 10 Gia-rai, "
    "11 Ngái, 12 Ê-đê, 13 Ba-na, 14 Xơ-đăng, 15 Sán Chay, 16 Cơ-ho, 17 Chăm, 18 Sán Dìu, 19 Hrê, "
    "20 Mnông, 21 Ra-glai, 22 Xtiêng, 23 Bru-Vân Kiều, 24 Thổ, 25 Giáy, 26 Cơ-tu, 27 Gié-Triêng, 28 Mạ, "
    "29 Khơ-mú, 30 Co, 31 Ta-ôi, 32 Chơ-ro, 33 Kháng, 34 Xinh-mun, 35 Hà Nhì, 36 Chu-ru, 37 Lào, "
    "38 La Chi, 39 La Ha, 40 Phù Lá, 41 La Hủ, 42 Lự, 43 Lô Lô, 44 Chứt, 45 Mảng, 46 Pà Thẻn, 47 Cơ Lao, "
    "48 Cống, 49 Bố Y, 50 Si La, 51 Pu Péo, 52 Brâu, 53 Ơ Đu, 54 Rơ-măm, 55 Người nước ngoài"
)


def test_ethnic_groups_are_decision_121_codes():
    expected = [tuple(item.strip().split(" ", 1)) for item in DATA_MD_ETHNIC.split(",")]
    assert ETHNIC_GROUPS.choices() == expected
    assert len(ETHNIC_GROUPS) == 55
    assert (KINH, FOREIGN) == ("01", "55")


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Ê-đê", "12"),
        ("Ê Đê", "12"),
        ("Êđê", "12"),
        ("Gia-rai", "10"),
        ("Gia Rai", "10"),
        ("Jrai", "10"),
        ("Ra-glai", "21"),
        ("Ra Glai", "21"),
        ("Raglai", "21"),
        ("Raglay", "21"),
        ("HMông", "08"),
        ("H'Mông", "08"),
        ("Mông", "08"),
        ("H'mông", "08"),
        ("Khơ-me", "05"),
        ("Khmer", "05"),
        ("Khơ me", "05"),
        ("Khơ-mú", "29"),
        ("Khmu", "29"),
        ("Mnông", "20"),
        ("M'Nông", "20"),
        ("Xtiêng", "22"),
        ("X'Tiêng", "22"),
        ("Stiêng", "22"),
        ("Cơ-ho", "16"),
        ("Cơ Ho", "16"),
        ("K'Ho", "16"),
        ("Chu-ru", "36"),
        ("Churu", "36"),
        ("Bru-Vân Kiều", "23"),
        ("Bru - Vân Kiều", "23"),
        ("Gié-Triêng", "27"),
        ("Giẻ Triêng", "27"),
        ("Ta-ôi", "31"),
        ("Tà Ôi", "31"),
        ("Cơ Lao", "47"),
        ("Cờ Lao", "47"),
        ("La Chi", "38"),
        ("La Chí", "38"),
        ("Rơ-măm", "54"),
        ("Rơ Măm", "54"),
        ("Ơ-đu", "53"),
        ("Ơ Đu", "53"),
        ("Hrê", "19"),
        ("H're", "19"),
        ("Hoa", "04"),
        ("Người Hoa", "04"),
        ("Kinh", "01"),
        ("Việt", "01"),
        ("KINH", "01"),
        ("chăm", "17"),
        ("Xơ Đăng", "14"),
        ("Người nước ngoài", "55"),
        ("07", "07"),
    ],
)
def test_ethnic_spellings(spelling, code):
    assert ETHNIC_GROUPS.find(spelling) == code


def test_unknown_ethnic_group():
    assert ETHNIC_GROUPS.find("Tày Nùng") is None
    assert ETHNIC_GROUPS.find("") is None


def test_ethnic_minority():
    assert not is_ethnic_minority(KINH)
    assert not is_ethnic_minority(FOREIGN)
    assert is_ethnic_minority("17")  # Chăm
    assert is_ethnic_minority("21")  # Raglai
    assert is_ethnic_minority("04")  # Hoa
    assert sum(is_ethnic_minority(code) for code in ETHNIC_GROUPS.codes()) == 53
    with pytest.raises(KeyError):
        is_ethnic_minority("56")


# --- Religions -----------------------------------------------------------------------------------


def test_religion_codes():
    assert RELIGIONS.choices() == [
        ("00", "Không"),
        ("01", "Phật giáo"),
        ("02", "Công giáo"),
        ("03", "Phật giáo Hòa Hảo"),
        ("04", "Hồi giáo"),
        ("05", "Cao Đài"),
        ("06", "Minh sư đạo"),
        ("07", "Minh Lý đạo"),
        ("08", "Tin Lành"),
        ("09", "Tịnh độ cư sĩ Phật hội Việt Nam"),
        ("10", "Đạo Tứ ân hiếu nghĩa"),
        ("11", "Bửu sơn Kỳ hương"),
        ("12", "Đạo Ba Ha'i"),
        ("13", "Bà La Môn"),
        ("14", "Mặc Môn"),
    ]
    assert NO_RELIGION == "00"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Không", "00"),
        ("không tôn giáo", "00"),
        ("", "00"),
        ("  ", "00"),
        (None, "00"),
        ("Bàni", "04"),
        ("Hồi giáo Bàni", "04"),
        ("Bà Ni", "04"),
        ("Hồi giáo", "04"),
        ("Thiên Chúa giáo", "02"),
        ("Công giáo", "02"),
        ("Tin lành", "08"),
        ("Phật", "01"),
        ("Phật giáo", "01"),
        ("Phật giáo Hòa Hảo", "03"),
        ("Bà La Môn", "13"),
        ("Cao Đài", "05"),
    ],
)
def test_religion_spellings(spelling, code):
    assert RELIGIONS.find(spelling) == code


# --- Other catalogues of the record --------------------------------------------------------------


def test_staff_categories_match_people_choices_values():
    assert STAFF_CATEGORIES.choices() == [
        ("can_bo", "Cán bộ"),
        ("cong_chuc", "Công chức"),
        ("vien_chuc", "Viên chức"),
        ("nguoi_lao_dong", "Người lao động"),
    ]


def test_political_theory_order():
    assert POLITICAL_THEORY.choices() == [
        ("so_cap", "Sơ cấp"),
        ("trung_cap", "Trung cấp"),
        ("cao_cap", "Cao cấp"),
        ("cu_nhan", "Cử nhân"),
    ]
    ranks = [e.rank for e in POLITICAL_THEORY]
    assert ranks == sorted(ranks)
    assert POLITICAL_THEORY.find("Cao cấp lý luận chính trị") == "cao_cap"
    assert POLITICAL_THEORY.find("Trung cấp LLCT") == "trung_cap"
    assert POLITICAL_THEORY.find("cử nhân chính trị") == "cu_nhan"


def test_state_management():
    assert STATE_MANAGEMENT.choices() == [
        ("chuyen_vien", "Chuyên viên"),
        ("chuyen_vien_chinh", "Chuyên viên chính"),
        ("chuyen_vien_cao_cap", "Chuyên viên cao cấp"),
    ]
    assert STATE_MANAGEMENT.find("CVC") == "chuyen_vien_chinh"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Tiến sĩ", "tien_si"),
        ("TS", "tien_si"),
        ("ThS", "thac_si"),
        ("Thạc sỹ", "thac_si"),
        ("ĐH", "dai_hoc"),
        ("Đại học", "dai_hoc"),
        ("Cử nhân", "dai_hoc"),
        ("Kỹ sư", "dai_hoc"),
        ("Bác sĩ", "dai_hoc"),
        ("CĐ", "cao_dang"),
        ("Trung cấp", "trung_cap"),
        ("Sơ cấp", "so_cap"),
        ("Khác", "khac"),
    ],
)
def test_qualification_spellings(spelling, code):
    assert QUALIFICATIONS.find(spelling) == code


def test_qualifications_highest_first():
    ranks = [e.rank for e in QUALIFICATIONS]
    assert ranks == sorted(ranks, reverse=True)
    assert QUALIFICATIONS.codes() == [
        "tien_si",
        "thac_si",
        "dai_hoc",
        "cao_dang",
        "trung_cap",
        "so_cap",
        "khac",
    ]


# --- Foreign languages ---------------------------------------------------------------------------


def test_languages():
    assert LANGUAGES.name("en") == "Tiếng Anh"
    for spelling in ("Tiếng Anh", "Anh", "English", "tiếng anh", "Anh văn"):
        assert LANGUAGES.find(spelling) == "en"
    assert LANGUAGES.find("Tiếng Trung Quốc") == "zh"
    assert LANGUAGES.find("Khmer") == "km"
    assert [name for _, name in LANGUAGES.choices()] == [
        "Tiếng Anh",
        "Tiếng Pháp",
        "Tiếng Trung",
        "Tiếng Nga",
        "Tiếng Nhật",
        "Tiếng Hàn",
        "Tiếng Đức",
        "Tiếng Lào",
        "Tiếng Khmer",
    ]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("1", 1),
        ("6", 6),
        ("Bậc 4", 4),
        ("bậc 4/6", 4),
        ("Bậc 3 / 6", 3),
        ("4/6", 4),
        ("bac4", 4),
        ("A1", 1),
        ("a2", 2),
        ("B1", 3),
        ("B2", 4),
        ("C1", 5),
        ("C2", 6),
        ("A", 1),
        ("B", 2),
        ("c", 3),
        ("Trình độ B", 2),
        ("Chứng chỉ B1", 3),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_language_level(text, level):
    assert parse_language_level(text) == level


@pytest.mark.parametrize("text", ["0", "7", "Bậc 7", "bậc 4/5", "D", "B3", "A0", "giỏi", "IELTS 6.5", "4.5"])
def test_parse_language_level_refuses(text):
    with pytest.raises(ValueError, match="Không hiểu trình độ ngoại ngữ"):
        parse_language_level(text)


def test_language_level_names():
    assert [language_level_name(n) for n in range(1, 7)] == [
        f"Bậc {n} ({c})" for n, c in enumerate(CEFR_LEVELS, start=1)
    ]
    assert language_level_name(4) == "Bậc 4 (B2)"
    with pytest.raises(ValueError):
        language_level_name(7)


# --- Posts ---------------------------------------------------------------------------------------

REQUIRED_POSTS = {
    "Giám đốc Sở": "agency_head",
    "Phó Giám đốc Sở": "agency_deputy",
    "Chánh Thanh tra tỉnh": "agency_head",
    "Phó Chánh Thanh tra tỉnh": "agency_deputy",
    "Chánh Văn phòng UBND tỉnh": "agency_head",
    "Phó Chánh Văn phòng UBND tỉnh": "agency_deputy",
    "Trưởng ban": "agency_head",
    "Phó Trưởng ban": "agency_deputy",
    "Chủ tịch UBND huyện": "agency_head",
    "Phó Chủ tịch UBND huyện": "agency_deputy",
    "Chủ tịch UBND xã": "agency_head",
    "Phó Chủ tịch UBND xã": "agency_deputy",
    "Trưởng phòng": "division_head",
    "Phó Trưởng phòng": "division_deputy",
    "Chi cục trưởng": "division_head",
    "Phó Chi cục trưởng": "division_deputy",
    "Giám đốc Trung tâm": "division_head",
    "Phó Giám đốc Trung tâm": "division_deputy",
    "Chánh Văn phòng Sở": "division_head",
    "Phó Chánh Văn phòng Sở": "division_deputy",
    "Chánh Thanh tra Sở": "division_head",
    "Phó Chánh Thanh tra Sở": "division_deputy",
    "Chuyên viên": "none",
    "Cán sự": "none",
    "Nhân viên": "none",
}


@pytest.mark.parametrize(("name", "level"), REQUIRED_POSTS.items())
def test_required_posts(name, level):
    code = POSTS.find(name)
    assert code is not None
    post = POSTS.get(code)
    assert post is not None
    assert post.name == name
    assert post.level == level
    assert post.is_leadership == (level != "none")


def test_posts_are_well_formed():
    for post in POSTS:
        assert post.level in POST_LEVELS
        assert post.unit_kinds and set(post.unit_kinds) <= set(UNIT_KINDS)
        assert len(post.code) <= 40  # people.models.Post.code
    heads = [p for p in POSTS if p.level == "agency_head"]
    deputies = [p for p in POSTS if p.level == "division_deputy"]
    assert all(h.rank > d.rank for h in heads for d in deputies)


def test_post_levels_and_staff_categories_are_people_choices():
    choices = pytest.importorskip("canbo.people.choices")
    assert list(POST_LEVELS) == [k.value for k in choices.PostLevel]
    assert STAFF_CATEGORIES.codes() == [k.value for k in choices.StaffCategory]


def test_unit_kinds_are_org_unit_kinds():
    choices = pytest.importorskip("canbo.org.choices")
    assert set(UNIT_KINDS) == {k.value for k in choices.UnitKind}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Giám đốc", "giam_doc_so"),
        ("PGĐ", "pho_giam_doc_so"),
        ("Phó GĐ", "pho_giam_doc_so"),
        ("phó giám đốc", "pho_giam_doc_so"),
        ("TP", "truong_phong"),
        ("PTP", "pho_truong_phong"),
        ("Chủ tịch", "chu_tich_ubnd_huyen"),
        ("Chủ tịch Ủy ban nhân dân huyện", "chu_tich_ubnd_huyen"),
        ("Phó Chủ tịch UBND thành phố", "pho_chu_tich_ubnd_huyen"),
        ("Chủ tịch UBND phường", "chu_tich_ubnd_xa"),
        ("Chánh Văn phòng", "chanh_van_phong_so"),
        ("Chánh Văn phòng HĐND và UBND huyện", "chanh_van_phong_huyen"),
        ("Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", "chanh_van_phong_huyen"),
        ("Trưởng Ban Dân tộc", "truong_ban"),
        ("Giám đốc Sở", "giam_doc_so"),
        ("Bí thư", None),
        ("", None),
    ],
)
def test_find_post_without_hint(text, code):
    assert find_post(text) == code


@pytest.mark.parametrize(
    ("text", "unit_kind", "code"),
    [
        ("Giám đốc", "su_nghiep", "giam_doc_trung_tam"),
        ("Giám đốc", "so_nganh", "giam_doc_so"),
        ("Phó Giám đốc", "su_nghiep", "pho_giam_doc_trung_tam"),
        ("PGĐ", "su_nghiep", "pho_giam_doc_trung_tam"),
        ("Chủ tịch", "xa", "chu_tich_ubnd_xa"),
        ("Chủ tịch", "tinh", "chu_tich_ubnd_tinh"),
        ("Chủ tịch", "huyen", "chu_tich_ubnd_huyen"),
        ("Chủ tịch", "phong", "chu_tich_ubnd_huyen"),  # a hint that settles nothing: the default
        ("Phó Chủ tịch", "xa", "pho_chu_tich_ubnd_xa"),
        ("Chánh Văn phòng", "so_nganh", "chanh_van_phong_ubnd_tinh"),
        ("Chánh Văn phòng", "phong", "chanh_van_phong_so"),
        ("Chánh Thanh tra", "so_nganh", "chanh_thanh_tra_tinh"),
        ("Phó Chánh Thanh tra", "so_nganh", "pho_chanh_thanh_tra_tinh"),
        ("Giám đốc Sở", "su_nghiep", "giam_doc_so"),  # a full name is taken as written
        ("Trưởng phòng", "phong", "truong_phong"),
    ],
)
def test_find_post_with_unit_kind(text, unit_kind, code):
    assert find_post(text, unit_kind) == code


def test_choices_for_every_catalogue():
    for catalogue in (
        ETHNIC_GROUPS,
        RELIGIONS,
        STAFF_CATEGORIES,
        POLITICAL_THEORY,
        STATE_MANAGEMENT,
        QUALIFICATIONS,
        LANGUAGES,
        POSTS,
    ):
        choices = catalogue.choices()
        assert len(choices) == len({code for code, _ in choices}) == len(catalogue)
        for code, name in choices:
            assert catalogue.find(name) == code
            assert catalogue.find(code) == code
            assert catalogue.name(code) == name
