"""Catalogues of the personnel record (RULES.md §8, DATA.md): stable codes, the names users see, and
the other spellings met in real files, with a lookup that ignores case, diacritics, hyphens,
apostrophes and spaces. Plain Python: no Django.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from canbo.people.vnsort import fold

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def lookup_key(text: str | None, phrases: Mapping[str, str] | None = None) -> str:
    """'Ê-đê', 'Ê Đê', 'Êđê' → 'ede': folded (vnsort.fold), then every folded phrase of `phrases` replaced
    by its short form, then everything but a–z and 0–9 dropped."""
    value = fold(text)
    for phrase, short in (phrases or {}).items():
        value = value.replace(phrase, short)
    return _NOT_ALNUM.sub("", value)


@dataclass(frozen=True)
class Entry:
    """One item of a catalogue. `rank` orders levels where a catalogue has one (higher = more)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    rank: int = 0


E = TypeVar("E", bound=Entry)


class Catalogue(Generic[E]):
    """Entries in display order, looked up by code, or found by name, code or alias.

    `phrases` maps folded phrases to a short form before matching ("uy ban nhan dan" → "ubnd"), so
    that a long and a short spelling of the same name meet. Two entries may not share a lookup key.
    """

    def __init__(self, title: str, entries: Iterable[E], phrases: Mapping[str, str] | None = None) -> None:
        self.title = title
        self._phrases = dict(phrases or {})
        self._entries: dict[str, E] = {}
        self._index: dict[str, str] = {}
        for entry in entries:
            if entry.code in self._entries:
                raise ValueError(f"Danh mục {title}: mã {entry.code!r} bị trùng.")
            self._entries[entry.code] = entry
            for text in (entry.code, entry.name, *entry.aliases):
                key = self.key(text)
                if not key and text:  # a spelling made of punctuation only would match the empty text
                    raise ValueError(f"Danh mục {title}: tên {text!r} không có chữ nào.")
                other = self._index.setdefault(key, entry.code)
                if other != entry.code:
                    raise ValueError(f"Danh mục {title}: {text!r} trùng với mã {other!r}.")

    def key(self, text: str | None) -> str:
        """The text as this catalogue matches it (lookup_key with the catalogue's phrases)."""
        return lookup_key(text, self._phrases)

    def __iter__(self) -> Iterator[E]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def codes(self) -> list[str]:
        return list(self._entries)

    def get(self, code: str) -> E | None:
        """The entry with this code, or None."""
        return self._entries.get(code)

    def name(self, code: str) -> str:
        """The name users see. KeyError for a code not in the catalogue."""
        entry = self._entries.get(code)
        if entry is None:
            raise KeyError(f"Danh mục {self.title} không có mã {code!r}.")
        return entry.name

    def label(self, code: str | None) -> str:
        """The name to show, never failing: a code outside the catalogue (data from before a check, or
        a code later removed) is shown as such rather than breaking the page."""
        if not code:
            return ""
        entry = self._entries.get(code)
        if entry is None:
            return f"(mã “{code}” không có trong danh mục {self.title.lower()})"
        return entry.name

    def find(self, text: str | None) -> str | None:
        """The code whose name, code or alias matches `text` (ignoring case, diacritics, spaces,
        hyphens and apostrophes), or None. The empty text matches only an alias written as ''."""
        return self._index.get(self.key(text))

    def choices(self) -> list[tuple[str, str]]:
        """[(code, name)] in display order, for a Django field's `choices`."""
        return [(e.code, e.name) for e in self._entries.values()]


# --- Ethnic groups -------------------------------------------------------------------------------

KINH = "01"
FOREIGN = "55"

# Codes of Decision 121-TCTK/PPCĐ (2/3/1979), names as DATA.md spells them (checked there); 55 is the
# "Người nước ngoài" that many datasets add. Aliases: the spellings DATA.md lists as met in real files.
# Spellings that differ only by diacritics, case, hyphens or spaces (Cơ Lao / Cờ Lao, Khơ me) match
# without an alias.
ETHNIC_GROUPS: Catalogue[Entry] = Catalogue(
    "Dân tộc",
    [
        Entry("01", "Kinh", ("Việt", "Người Kinh")),
        Entry("02", "Tày"),
        Entry("03", "Thái"),
        Entry("04", "Hoa", ("Người Hoa",)),
        Entry("05", "Khơ-me", ("Khmer",)),
        Entry("06", "Mường"),
        Entry("07", "Nùng"),
        Entry("08", "HMông", ("H'Mông", "Mông")),
        Entry("09", "Dao"),
        Entry("10", "Gia-rai", ("Gia Rai", "Jrai")),
        Entry("11", "Ngái"),
        Entry("12", "Ê-đê", ("Ê Đê", "Êđê")),
        Entry("13", "Ba-na"),
        Entry("14", "Xơ-đăng"),
        Entry("15", "Sán Chay"),
        Entry("16", "Cơ-ho", ("Cơ Ho", "K'Ho")),
        Entry("17", "Chăm"),
        Entry("18", "Sán Dìu"),
        Entry("19", "Hrê", ("H're",)),
        Entry("20", "Mnông", ("M'Nông",)),
        Entry("21", "Ra-glai", ("Ra Glai", "Raglai", "Raglay")),
        Entry("22", "Xtiêng", ("X'Tiêng", "Stiêng")),
        Entry("23", "Bru-Vân Kiều", ("Bru - Vân Kiều",)),
        Entry("24", "Thổ"),
        Entry("25", "Giáy"),
        Entry("26", "Cơ-tu"),
        Entry("27", "Gié-Triêng", ("Giẻ Triêng",)),
        Entry("28", "Mạ"),
        Entry("29", "Khơ-mú", ("Khmu",)),
        Entry("30", "Co"),
        Entry("31", "Ta-ôi", ("Tà Ôi",)),
        Entry("32", "Chơ-ro"),
        Entry("33", "Kháng"),
        Entry("34", "Xinh-mun"),
        Entry("35", "Hà Nhì"),
        Entry("36", "Chu-ru", ("Churu",)),
        Entry("37", "Lào"),
        Entry("38", "La Chi", ("La Chí",)),
        Entry("39", "La Ha"),
        Entry("40", "Phù Lá"),
        Entry("41", "La Hủ"),
        Entry("42", "Lự"),
        Entry("43", "Lô Lô"),
        Entry("44", "Chứt"),
        Entry("45", "Mảng"),
        Entry("46", "Pà Thẻn"),
        Entry("47", "Cơ Lao", ("Cờ Lao",)),
        Entry("48", "Cống"),
        Entry("49", "Bố Y"),
        Entry("50", "Si La"),
        Entry("51", "Pu Péo"),
        Entry("52", "Brâu"),
        Entry("53", "Ơ Đu", ("Ơ-đu",)),
        Entry("54", "Rơ-măm", ("Rơ Măm",)),
        Entry(FOREIGN, "Người nước ngoài", ("Nước ngoài",)),
    ],
)


def ethnic_codes() -> list[str]:
    """The ethnic groups' codes (for people.Person.ethnicity, kept as keyed hashes: core.fields)."""
    return ETHNIC_GROUPS.codes()


# Decree 05/2011/NĐ-CP art. 4: "dân tộc thiểu số là những dân tộc có số dân ít hơn so với dân tộc đa số".
def is_ethnic_minority(code: str) -> bool:
    """Every ethnic group of Việt Nam but the majority Kinh; foreigners are not an ethnic group of
    Việt Nam, so not a minority either. KeyError for a code not in ETHNIC_GROUPS."""
    ETHNIC_GROUPS.name(code)
    return code not in (KINH, FOREIGN)


# --- Religions -----------------------------------------------------------------------------------

NO_RELIGION = "00"

# Codes of Decision 1019/QĐ-TCTK (12/11/2008), with 14 Mặc Môn (2014), as DATA.md lists them (checked
# there); 00 for no religion. Bàni (Hồi giáo Bàni, followed by many Chăm of Ninh Thuận) counts under
# Hồi giáo (DATA.md). The religions recognised after 2014 (16 in 2025) have no code here: their codes
# were not found.
RELIGIONS: Catalogue[Entry] = Catalogue(
    "Tôn giáo",
    [
        Entry(NO_RELIGION, "Không", ("Không tôn giáo", "")),
        Entry("01", "Phật giáo", ("Phật", "Đạo Phật")),
        Entry("02", "Công giáo", ("Thiên Chúa giáo", "Đạo Thiên Chúa")),
        Entry("03", "Phật giáo Hòa Hảo", ("Hòa Hảo",)),
        Entry("04", "Hồi giáo", ("Bàni", "Hồi giáo Bàni", "Bà Ni", "Islam")),
        Entry("05", "Cao Đài"),
        Entry("06", "Minh sư đạo"),
        Entry("07", "Minh Lý đạo"),
        Entry("08", "Tin Lành", ("Đạo Tin Lành",)),
        Entry("09", "Tịnh độ cư sĩ Phật hội Việt Nam"),
        Entry("10", "Đạo Tứ ân hiếu nghĩa", ("Tứ ân hiếu nghĩa",)),
        Entry("11", "Bửu sơn Kỳ hương"),
        Entry("12", "Đạo Ba Ha'i", ("Baha'i", "Bahá'í", "Ba Ha'i")),
        Entry("13", "Bà La Môn", ("Bàlamôn",)),
        Entry("14", "Mặc Môn"),
    ],
)


def religion_codes() -> list[str]:
    """The religions' codes (for people.Person.religion, kept as keyed hashes: core.fields)."""
    return RELIGIONS.codes()


# --- The personnel record's other catalogues (form 2C-BNV/2008, RULES.md §8) --------------------

STAFF_CATEGORIES: Catalogue[Entry] = Catalogue(
    "Loại cán bộ",
    [
        Entry("can_bo", "Cán bộ", ("CB",)),
        Entry("cong_chuc", "Công chức", ("CC",)),
        Entry("vien_chuc", "Viên chức", ("VC",)),
        Entry("nguoi_lao_dong", "Người lao động", ("NLĐ", "Lao động hợp đồng", "Hợp đồng lao động")),
    ],
)

_THEORY_PHRASES = {"ly luan chinh tri": "llct"}

# Cử nhân chính trị is taken as the same level as Cao cấp lý luận chính trị (rank 3) — unchecked.
POLITICAL_THEORY: Catalogue[Entry] = Catalogue(
    "Lý luận chính trị",
    [
        Entry("so_cap", "Sơ cấp", ("Sơ cấp LLCT", "Sơ cấp lý luận chính trị"), rank=1),
        Entry("trung_cap", "Trung cấp", ("Trung cấp LLCT", "Trung cấp lý luận chính trị"), rank=2),
        Entry("cao_cap", "Cao cấp", ("Cao cấp LLCT", "Cao cấp lý luận chính trị"), rank=3),
        Entry("cu_nhan", "Cử nhân", ("Cử nhân chính trị", "Cử nhân LLCT"), rank=3),
    ],
    _THEORY_PHRASES,
)

STATE_MANAGEMENT: Catalogue[Entry] = Catalogue(
    "Quản lý nhà nước",
    [
        Entry("chuyen_vien", "Chuyên viên", ("CV", "Ngạch chuyên viên"), rank=1),
        Entry("chuyen_vien_chinh", "Chuyên viên chính", ("CVC", "Ngạch chuyên viên chính"), rank=2),
        Entry("chuyen_vien_cao_cap", "Chuyên viên cao cấp", ("CVCC", "Ngạch chuyên viên cao cấp"), rank=3),
    ],
)

# Highest qualification, highest first. "Cử nhân", "Kỹ sư", "Bác sĩ" are university degrees (Đại học).
QUALIFICATIONS: Catalogue[Entry] = Catalogue(
    "Trình độ chuyên môn",
    [
        Entry("tien_si", "Tiến sĩ", ("TS", "Tiến sỹ"), rank=6),
        Entry("thac_si", "Thạc sĩ", ("ThS", "Thạc sỹ"), rank=5),
        Entry("dai_hoc", "Đại học", ("ĐH", "Cử nhân", "Kỹ sư", "Kĩ sư", "Bác sĩ", "Bác sỹ"), rank=4),
        Entry("cao_dang", "Cao đẳng", ("CĐ",), rank=3),
        Entry("trung_cap", "Trung cấp", ("TC",), rank=2),
        Entry("so_cap", "Sơ cấp", ("SC",), rank=1),
        Entry("khac", "Khác", (), rank=0),
    ],
)


# --- Foreign languages ---------------------------------------------------------------------------

# ISO 639-1 codes.
LANGUAGES: Catalogue[Entry] = Catalogue(
    "Ngoại ngữ",
    [
        Entry("en", "Tiếng Anh", ("Anh", "Anh văn", "English")),
        Entry("fr", "Tiếng Pháp", ("Pháp", "Pháp văn", "French", "Français")),
        Entry("zh", "Tiếng Trung", ("Trung", "Tiếng Trung Quốc", "Tiếng Hoa", "Hoa văn", "Chinese")),
        Entry("ru", "Tiếng Nga", ("Nga", "Nga văn", "Russian")),
        Entry("ja", "Tiếng Nhật", ("Nhật", "Japanese")),
        Entry("ko", "Tiếng Hàn", ("Hàn", "Tiếng Hàn Quốc", "Korean")),
        Entry("de", "Tiếng Đức", ("Đức", "German", "Deutsch")),
        Entry("lo", "Tiếng Lào", ("Lào", "Lao")),
        Entry("km", "Tiếng Khmer", ("Khmer", "Tiếng Khơ-me", "Tiếng Campuchia")),
    ],
)

# The six levels of Circular 01/2014/TT-BGDĐT and their CEFR names: level n is CEFR_LEVELS[n - 1].
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

# Old national certificates A, B, C (before 2014) taken as levels 1, 2, 3 — an assumption, believed to
# be the Ministry's reading (Official Letter 6089/BGDĐT-GDTX, 27/10/2014) but unchecked.
OLD_CERTIFICATE_LEVELS = {"a": 1, "b": 2, "c": 3}

_LEVEL_PREFIX = r"(?:(?:chung chi|trinh do)\s*)?"
_NUMERIC_LEVEL = re.compile(_LEVEL_PREFIX + r"(?:bac\s*)?([1-6])(?:\s*/\s*6)?")
_CEFR_LEVEL = re.compile(_LEVEL_PREFIX + r"([abc])\s*([12])")
_OLD_LEVEL = re.compile(_LEVEL_PREFIX + r"([abc])")


# Circular 01/2014/TT-BGDĐT (the 6-level framework it issues): bậc 1–6 = A1, A2, B1, B2, C1, C2.
def parse_language_level(text: str | None) -> int | None:
    """The level 1–6 written as '4', 'Bậc 4', 'bậc 4/6', 'B2' or an old certificate 'A', 'B', 'C'
    (see OLD_CERTIFICATE_LEVELS); None for an empty text. ValueError (Vietnamese) for anything else."""
    value = fold(text)
    if not value:
        return None
    if match := _NUMERIC_LEVEL.fullmatch(value):
        return int(match[1])
    if match := _CEFR_LEVEL.fullmatch(value):
        return "abc".index(match[1]) * 2 + int(match[2])
    if match := _OLD_LEVEL.fullmatch(value):
        return OLD_CERTIFICATE_LEVELS[match[1]]
    raise ValueError(
        f"Không hiểu trình độ ngoại ngữ {text!r}: hãy ghi bậc 1–6 (ví dụ “Bậc 4”, “4/6”), "
        "bậc theo khung châu Âu A1–C2, hoặc chứng chỉ cũ A, B, C."
    )


def language_level_name(level: int) -> str:
    """'Bậc 4 (B2)'."""
    if not 1 <= level <= 6:
        raise ValueError(f"Bậc ngoại ngữ phải từ 1 đến 6, không phải {level}.")
    return f"Bậc {level} ({CEFR_LEVELS[level - 1]})"


# --- Posts (chức vụ) -----------------------------------------------------------------------------

PostLevel = Literal["agency_head", "agency_deputy", "division_head", "division_deputy", "none"]
POST_LEVELS: tuple[PostLevel, ...] = (
    "agency_head",
    "agency_deputy",
    "division_head",
    "division_deputy",
    "none",
)

# The values of org.choices.UnitKind (not imported: this module stays free of Django).
UNIT_KINDS = ("tinh", "so_nganh", "huyen", "xa", "phong", "su_nghiep", "hoi", "khac")


@dataclass(frozen=True, kw_only=True)
class Post(Entry):
    """A post: how it leads (`level`) and the kinds of unit (org UnitKind values) it exists in."""

    level: PostLevel
    unit_kinds: tuple[str, ...]

    @property
    def is_leadership(self) -> bool:
        return self.level != "none"


def _post(code: str, name: str, level: PostLevel, kinds: tuple[str, ...], *aliases: str) -> Post:
    rank = len(POST_LEVELS) - 1 - POST_LEVELS.index(level)  # agency_head 4 … none 0
    return Post(code, name, aliases, rank, level=level, unit_kinds=kinds)


_AGENCY = ("so_nganh",)
_INSIDE = ("phong",)

# From DATA.md "Posts" (heads and deputies of each kind of unit; non-leaders). Văn phòng UBND tỉnh and
# Thanh tra tỉnh are units of kind so_nganh; the offices and inspectorates inside a Sở or a district
# are of kind phong; a Trung tâm is su_nghiep; a Chi cục is phong or khac. Besides the list of DATA.md:
# the provincial People's Committee, and a district's office and inspectorate (also DATA.md).
# "Viên chức", which DATA.md lists among non-leader posts, is a staff category (STAFF_CATEGORIES).
POSTS: Catalogue[Post] = Catalogue(
    "Chức vụ",
    [
        _post("chu_tich_ubnd_tinh", "Chủ tịch UBND tỉnh", "agency_head", ("tinh",)),
        _post("pho_chu_tich_ubnd_tinh", "Phó Chủ tịch UBND tỉnh", "agency_deputy", ("tinh",)),
        _post("giam_doc_so", "Giám đốc Sở", "agency_head", _AGENCY, "Giám đốc", "GĐ"),
        _post(
            "pho_giam_doc_so", "Phó Giám đốc Sở", "agency_deputy", _AGENCY, "Phó Giám đốc", "PGĐ", "Phó GĐ"
        ),
        _post("chanh_thanh_tra_tinh", "Chánh Thanh tra tỉnh", "agency_head", _AGENCY),
        _post("pho_chanh_thanh_tra_tinh", "Phó Chánh Thanh tra tỉnh", "agency_deputy", _AGENCY),
        _post("chanh_van_phong_ubnd_tinh", "Chánh Văn phòng UBND tỉnh", "agency_head", _AGENCY),
        _post("pho_chanh_van_phong_ubnd_tinh", "Phó Chánh Văn phòng UBND tỉnh", "agency_deputy", _AGENCY),
        _post("truong_ban", "Trưởng ban", "agency_head", _AGENCY, "Trưởng Ban Dân tộc"),
        _post("pho_truong_ban", "Phó Trưởng ban", "agency_deputy", _AGENCY, "Phó Trưởng Ban Dân tộc"),
        _post(
            "chu_tich_ubnd_huyen",
            "Chủ tịch UBND huyện",
            "agency_head",
            ("huyen",),
            "Chủ tịch",
            "Chủ tịch UBND",
            "Chủ tịch UBND thành phố",
            "Chủ tịch UBND thị xã",
        ),
        _post(
            "pho_chu_tich_ubnd_huyen",
            "Phó Chủ tịch UBND huyện",
            "agency_deputy",
            ("huyen",),
            "Phó Chủ tịch",
            "Phó Chủ tịch UBND",
            "Phó Chủ tịch UBND thành phố",
            "Phó Chủ tịch UBND thị xã",
        ),
        _post(
            "chu_tich_ubnd_xa",
            "Chủ tịch UBND xã",
            "agency_head",
            ("xa",),
            "Chủ tịch UBND phường",
            "Chủ tịch UBND thị trấn",
        ),
        _post(
            "pho_chu_tich_ubnd_xa",
            "Phó Chủ tịch UBND xã",
            "agency_deputy",
            ("xa",),
            "Phó Chủ tịch UBND phường",
            "Phó Chủ tịch UBND thị trấn",
        ),
        _post("truong_phong", "Trưởng phòng", "division_head", _INSIDE, "TP"),
        _post("pho_truong_phong", "Phó Trưởng phòng", "division_deputy", _INSIDE, "PTP", "Phó phòng"),
        _post("chi_cuc_truong", "Chi cục trưởng", "division_head", ("phong", "khac")),
        _post("pho_chi_cuc_truong", "Phó Chi cục trưởng", "division_deputy", ("phong", "khac")),
        _post("giam_doc_trung_tam", "Giám đốc Trung tâm", "division_head", ("su_nghiep",)),
        _post("pho_giam_doc_trung_tam", "Phó Giám đốc Trung tâm", "division_deputy", ("su_nghiep",)),
        _post("chanh_van_phong_so", "Chánh Văn phòng Sở", "division_head", _INSIDE, "Chánh Văn phòng"),
        _post(
            "pho_chanh_van_phong_so",
            "Phó Chánh Văn phòng Sở",
            "division_deputy",
            _INSIDE,
            "Phó Chánh Văn phòng",
        ),
        _post("chanh_thanh_tra_so", "Chánh Thanh tra Sở", "division_head", _INSIDE, "Chánh Thanh tra"),
        _post(
            "pho_chanh_thanh_tra_so",
            "Phó Chánh Thanh tra Sở",
            "division_deputy",
            _INSIDE,
            "Phó Chánh Thanh tra",
        ),
        _post("chanh_van_phong_huyen", "Chánh Văn phòng HĐND và UBND huyện", "division_head", _INSIDE),
        _post(
            "pho_chanh_van_phong_huyen", "Phó Chánh Văn phòng HĐND và UBND huyện", "division_deputy", _INSIDE
        ),
        _post("chanh_thanh_tra_huyen", "Chánh Thanh tra huyện", "division_head", _INSIDE),
        _post("pho_chanh_thanh_tra_huyen", "Phó Chánh Thanh tra huyện", "division_deputy", _INSIDE),
        _post("chuyen_vien", "Chuyên viên", "none", UNIT_KINDS, "CV"),
        _post("can_su", "Cán sự", "none", UNIT_KINDS),
        _post("nhan_vien", "Nhân viên", "none", UNIT_KINDS, "NV"),
    ],
    {"uy ban nhan dan": "ubnd", "hoi dong nhan dan": "hdnd"},
)

# Words that name a post only together with the kind of unit. Without a hint (or with a hint not listed)
# the catalogue's own alias applies: "Giám đốc" → Giám đốc Sở; "Chủ tịch" → Chủ tịch UBND huyện (the
# province's registry holds district leaders; commune leaders come with their unit) — a choice, not a
# rule; "Chánh Văn phòng", "Chánh Thanh tra" → those of a Sở (the most numerous).
_POST_BY_UNIT_KIND: dict[str, dict[str, str]] = {
    "Giám đốc": {"su_nghiep": "giam_doc_trung_tam"},
    "GĐ": {"su_nghiep": "giam_doc_trung_tam"},
    "Phó Giám đốc": {"su_nghiep": "pho_giam_doc_trung_tam"},
    "PGĐ": {"su_nghiep": "pho_giam_doc_trung_tam"},
    "Phó GĐ": {"su_nghiep": "pho_giam_doc_trung_tam"},
    "Chủ tịch": {"tinh": "chu_tich_ubnd_tinh", "xa": "chu_tich_ubnd_xa"},
    "Chủ tịch UBND": {"tinh": "chu_tich_ubnd_tinh", "xa": "chu_tich_ubnd_xa"},
    "Phó Chủ tịch": {"tinh": "pho_chu_tich_ubnd_tinh", "xa": "pho_chu_tich_ubnd_xa"},
    "Phó Chủ tịch UBND": {"tinh": "pho_chu_tich_ubnd_tinh", "xa": "pho_chu_tich_ubnd_xa"},
    "Chánh Văn phòng": {"so_nganh": "chanh_van_phong_ubnd_tinh"},
    "Phó Chánh Văn phòng": {"so_nganh": "pho_chanh_van_phong_ubnd_tinh"},
    "Chánh Thanh tra": {"so_nganh": "chanh_thanh_tra_tinh"},
    "Phó Chánh Thanh tra": {"so_nganh": "pho_chanh_thanh_tra_tinh"},
}
_POST_HINTS = {POSTS.key(word): by_kind for word, by_kind in _POST_BY_UNIT_KIND.items()}


def find_post(text: str | None, unit_kind: str | None = None) -> str | None:
    """The code of the post named `text`, or None. `unit_kind` (an org UnitKind value) settles the
    words that are ambiguous alone ("Giám đốc" in a Trung tâm, "Chủ tịch" of a xã); a full name
    ("Giám đốc Sở") is taken as written whatever the hint."""
    hinted = _POST_HINTS.get(POSTS.key(text), {}).get(unit_kind or "")
    return hinted or POSTS.find(text)
