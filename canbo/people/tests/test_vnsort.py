"""Vietnamese name order, name splitting and folding (people.vnsort)."""

import itertools
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from canbo.people.vnsort import ALPHABET, fold, sort_key, split_name


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- split_name ----------------------------------------------------------------------------------


def test_split_kinh_name():
    assert split_name("Nguyễn Thị Hoa") == ("Nguyễn", "Thị", "Hoa")


def test_split_long_middle_name():
    assert split_name("Tôn Nữ Thị Minh Châu") == ("Tôn", "Nữ Thị Minh", "Châu")


def test_split_two_words():
    assert split_name("Phạm Bình") == ("Phạm", "", "Bình")


def test_split_one_word():
    assert split_name("Hùng") == ("", "", "Hùng")


def test_split_empty():
    assert split_name("") == ("", "", "")
    assert split_name("   ") == ("", "", "")


def test_split_raglai_name_last_word_is_given_name():
    assert split_name("Patâu Axá Hùng") == ("Patâu", "Axá", "Hùng")
    assert split_name("Katơr Thị Lan") == ("Katơr", "Thị", "Lan")
    assert split_name("Chamaléa Sơn") == ("Chamaléa", "", "Sơn")


def test_split_collapses_spaces_and_returns_nfc():
    assert split_name("  Nguyễn   Thị\u00a0Hoa ") == ("Nguyễn", "Thị", "Hoa")
    family, middle, given_name = split_name(nfd("Nguyễn Thị Hoa"))
    assert (family, middle, given_name) == ("Nguyễn", "Thị", "Hoa")


# --- fold ----------------------------------------------------------------------------------------


def test_fold():
    assert fold("Nguyễn Thị Hoa") == "nguyen thi hoa"
    assert fold("  ĐẶNG   Văn  Đức ") == "dang van duc"
    assert fold(nfd("Nguyễn Thị Hoa")) == "nguyen thi hoa"
    assert fold("Ðỗ") == "do"  # Icelandic eth typed for Đ
    assert fold("") == ""
    assert fold(None) == ""


# --- sort_key: hand-worked orders ----------------------------------------------------------------


def test_hand_worked_list():
    expected = [
        "Trần Văn An",  # given names first: an < anh < ân < bình
        "Lê Thị Ánh",
        "Nguyễn Văn Ân",
        "Phạm Bình",  # same given name: no middle name first
        "Nguyễn Văn Bình",
        "Hoàng Dũng",  # d < đ
        "Đỗ Văn Đạt",
        "Nguyễn Thị Hoa",  # hoa < hòa
        "Lê Hòa",  # Hòa = Hoà; then family name: Lê < Vũ
        "Vũ Hoà",
        "Patâu Axá Hùng",
        "Lê Thị Oanh",  # o < ô < ơ
        "Phan Văn Ôn",
        "Hồ Thị Ơn",
        "Đặng Văn Tuấn",
        "Ngô Thị Uyên",  # u < ư
        "Dương Văn Ưng",
        "Bùi Văn Vinh",
    ]
    shuffled = expected[::-1]
    assert sorted(shuffled, key=sort_key) == expected
    assert sorted(expected[5:] + expected[:5], key=sort_key) == expected


def test_given_name_first():
    assert sort_key("Trần Văn An") < sort_key("Nguyễn Văn Bình")
    assert sort_key("Nguyễn Văn Bình") < sort_key("Phạm Văn Bình")  # same given and middle: family


def test_middle_name_before_family_name():
    assert sort_key("Vũ An Bình") < sort_key("Anh Bảo Bình")
    assert sort_key("Phạm Bình") < sort_key("Nguyễn An Bình")  # no middle name first


def test_letter_order():
    for smaller, larger in [
        ("A", "Ă"),
        ("Ă", "Â"),
        ("Â", "B"),
        ("D", "Đ"),
        ("Đ", "E"),
        ("E", "Ê"),
        ("Ê", "F"),
        ("F", "G"),
        ("I", "J"),
        ("J", "K"),
        ("O", "Ô"),
        ("Ô", "Ơ"),
        ("Ơ", "P"),
        ("U", "Ư"),
        ("Ư", "V"),
        ("V", "W"),
        ("W", "X"),
        ("Y", "Z"),
        ("An", "Anh"),
        ("Anh", "Ân"),
        ("Ăn", "Âm"),
        ("Đa", "Ea"),
    ]:
        assert sort_key(smaller) < sort_key(larger), (smaller, larger)


def test_tone_order():
    tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones
    assert sort_key("Mạ") < sort_key("Mác")  # letters before tones, as in the dictionary
    assert sort_key("Mác") < sort_key("Mạc")


def test_letters_of_a_part_before_its_tones():
    # Same letters in the middle name (thi ha): its tones decide.
    assert sort_key("Lê Thị Hà Mi") < sort_key("Lê Thị Hạ Mi")
    # A whole part's letters come before its tones: middle "ha an" < "ha van", though hà < hạ.
    assert sort_key("Lê Hạ An Mi") < sort_key("Lê Hà Văn Mi")
    # The given name decides before the middle name, tones included.
    assert sort_key("Lê Thị Hạ Mi") < sort_key("Lê Thị Hà Mì")


def test_case_insensitive():
    assert sort_key("NGUYỄN THỊ HOA") == sort_key("nguyễn thị hoa") == sort_key("Nguyễn Thị Hoa")


def test_nfc_nfd_and_tone_placement_give_the_same_key():
    assert sort_key(nfd("Nguyễn Thị Hoà")) == sort_key("Nguyễn Thị Hòa")
    assert sort_key("Thuỵ") == sort_key("Thụy")
    # Marks in a non-canonical order: ệ typed as e + circumflex + dot below.
    assert sort_key("Lê Thị Nh" + "e\u0302\u0323" + "n") == sort_key("Lê Thị Nhện")


def test_punctuation_is_ignored():
    assert sort_key("H'Hen Niê") == sort_key("HHen Niê")
    assert sort_key("Nguyễn  Văn   An") == sort_key("Nguyễn Văn An")


def test_key_is_ascii_of_the_allowed_characters():
    for name in ["Nguyễn Thị Hoa", "Patâu Axá Hùng", "Jean-Pierre Đức", "Müller Søren", "Nguyễn Văn 2", ""]:
        assert re.fullmatch(r"[0-9A-Za-z| ]*", sort_key(name)), name


def test_foreign_letters_sort_after_z_and_digits_before_letters():
    assert sort_key("Zoe") < sort_key("Øre")
    assert sort_key("2") < sort_key("A")


def test_documented_example():
    assert sort_key("Nguyễn Thị Hoa") == "H0O0A0 0|T0H0I0 5|N0G0U0Y0E1N0 3"


# --- sort_key against a slow reference -----------------------------------------------------------

# Each vowel with its tones, in the order none, huyền, hỏi, ngã, sắc, nặng: an independent table (no
# Unicode decomposition) for the reference comparator.
TONED = {
    "a": "aàảãáạ",
    "ă": "ăằẳẵắặ",
    "â": "âầẩẫấậ",
    "e": "eèẻẽéẹ",
    "ê": "êềểễếệ",
    "i": "iìỉĩíị",
    "o": "oòỏõóọ",
    "ô": "ôồổỗốộ",
    "ơ": "ơờởỡớợ",
    "u": "uùủũúụ",
    "ư": "ưừửữứự",
    "y": "yỳỷỹýỵ",
}
BASE_OF = {form: (base, tone) for base, forms in TONED.items() for tone, form in enumerate(forms)}
ORDER = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")


def reference_word(word: str) -> tuple[list[int], int]:
    letters, tone = [], 0
    for ch in word.lower():
        base, t = BASE_OF.get(ch, (ch, 0))
        letters.append(ORDER.index(base))
        tone = tone or t
    return letters, tone


def reference_part(words: list[str]) -> tuple[list[list[int]], list[int]]:
    parsed = [reference_word(w) for w in words]
    return [p[0] for p in parsed], [p[1] for p in parsed]


def reference_key(name: str) -> tuple:
    words = name.split()
    given_name, middle, family = words[-1:], words[1:-1], words[:1] if len(words) > 1 else []
    return reference_part(given_name) + reference_part(middle) + reference_part(family)


def sign(a, b) -> int:
    return (a > b) - (a < b)


def test_reference_alphabet_is_the_modules():
    assert tuple(ORDER) == ALPHABET


LETTERS = [c for c in ORDER if c not in TONED] + [form for forms in TONED.values() for form in forms]
# A small alphabet, so that equal prefixes, equal letters with other tones, and equal names are common:
# every tone of a, and the letters next to each other in the alphabet (a ă â, d đ, o ô ơ, u ư, f, z).
SMALL = list("aàảãáạăâdđoôơuưnfz")
words = st.lists(st.sampled_from(SMALL), min_size=1, max_size=2).map("".join)
cases = st.sampled_from([str.lower, str.upper, str.title])
names = st.tuples(st.lists(words, min_size=1, max_size=4), cases, st.sampled_from([" ", "  ", "\t"])).map(
    lambda t: t[2].join(t[1](w) for w in t[0])
)


def agree(a: str, b: str) -> None:
    assert sign(sort_key(a), sort_key(b)) == sign(reference_key(a), reference_key(b)), (a, b)


@given(names, names)
def test_sort_key_agrees_with_reference(a, b):
    agree(a, b)


@settings(max_examples=500)
@given(names, st.data())
def test_sort_key_agrees_with_reference_on_near_names(a, data):
    """b is a with one to three letters changed or spaces removed: the cases where only tones, a
    letter's mark, or the split into parts differ."""
    b = a
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(b) - 1))
        if b[position].isspace():
            b = b[:position] + b[position + 1 :]
        else:
            b = b[:position] + data.draw(st.sampled_from(SMALL)) + b[position + 1 :]
    agree(a, b)


@settings(max_examples=300)
@given(st.lists(names, min_size=2, max_size=30))
def test_sorting_by_key_is_sorting_by_reference(people):
    ordered = sorted(people, key=sort_key)
    for a, b in itertools.pairwise(ordered):
        agree(a, b)


@given(
    st.lists(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=6).map("".join), min_size=1, max_size=5)
)
def test_nfc_and_nfd_give_the_same_key(parts):
    name = unicodedata.normalize("NFC", " ".join(parts))
    assert sort_key(nfd(name)) == sort_key(name)
    assert re.fullmatch(r"[0-9A-Za-z| ]*", sort_key(name))
