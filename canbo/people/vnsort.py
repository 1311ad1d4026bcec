"""Vietnamese personal names: split into family, middle and given names, order them the Vietnamese
way, and fold them for search. Plain Python: no Django.

The order (sort_key) is that of Vietnamese rosters: by given name, then middle name(s), then family
name. Each part is compared letter by letter in the Vietnamese alphabet
    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
(f, j, w, z, used in foreign names, at their Latin places), first without tones, then by tones in the
order: none, huyền, hỏi, ngã, sắc, nặng (ma < mà < mả < mã < má < mạ < mác). This is the dictionary
convention (the Vietnamese dictionary of Hoàng Phê; the collation of TCVN 5712) — unchecked: the
standard's text was not read.
"""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")

# The Vietnamese alphabet, with f, j, w, z at their Latin places.
ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")

# Each letter's code in a sort key: the Latin base letter, then 0 (plain), 1 (ă đ ê ô ư) or 2 (â ơ).
# Byte order of the codes is the order of ALPHABET.
_LETTER_CODE = {
    "a": "A0",
    "ă": "A1",
    "â": "A2",
    "đ": "D1",
    "ê": "E1",
    "ô": "O1",
    "ơ": "O2",
    "ư": "U1",
}
_LETTER_CODE.update({c: c.upper() + "0" for c in "bcdefghijklmnopqrstuvwxyz"})

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# A base letter and a combining mark that together make a letter of the alphabet.
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# Tone marks (combining, as NFD writes them) and their rank: none 0, huyền 1, hỏi 2, ngã 3, sắc 4, nặng 5.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# In a sort key: the end of a part's letters (lowest), the gap between two words of a part, and the
# separator of the parts (given | middle | family). Letter codes start with [1A-Za-z], above both.
_END, _WORD_GAP, _PART_SEP = " ", "0", "|"


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    value = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return value.replace("đ", "d").replace("ð", "d")  # ð: the Icelandic eth, often typed for đ


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", word))


def fold(text: str | None) -> str:
    """For search: lower case, no diacritics, đ → d, single spaces. 'Nguyễn Thị  Hoa' → 'nguyen thi hoa'.
    Words are folded once and remembered: a registry repeats a few thousand words."""
    return " ".join(_fold_word(w) for w in (text or "").lower().split())


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given): the first word is the family name, the last the given name, the words
    between the middle name. 'Nguyễn Thị Hoa' → ('Nguyễn', 'Thị', 'Hoa'); 'Patâu Axá Hùng' →
    ('Patâu', 'Axá', 'Hùng'); one word → ('', '', word). Spaces are collapsed, text is NFC."""
    words = unicodedata.normalize("NFC", full_name or "").split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _syllable(word: str) -> tuple[list[str], int]:
    """The letters of a word (as ALPHABET letters, digits or other letters) and its tone (0–5).
    Marks that are neither Vietnamese letter marks nor tones are ignored (ç → c); punctuation
    (hyphens, apostrophes) is dropped; a second tone mark is ignored."""
    letters: list[str] = []
    tone = 0
    after_letter = False  # a combining mark applies only right after a base letter
    for ch in unicodedata.normalize("NFD", word).lower():
        if unicodedata.combining(ch):
            if ch in _TONES:
                tone = tone or _TONES[ch]
            elif after_letter and (letters[-1], ch) in _MODIFIED:
                letters[-1] = _MODIFIED[(letters[-1], ch)]
            continue
        if ch == "ð":
            ch = "đ"
        after_letter = ch in _LETTER_CODE or ch.isalnum()
        if after_letter:
            letters.append(ch)
    return letters, tone


def _letter_code(letter: str) -> str:
    code = _LETTER_CODE.get(letter)
    if code is not None:
        return code
    if "0" <= letter <= "9":
        return "1" + letter  # digits: before every letter
    return f"z{ord(letter):06x}"  # any other letter: after z, in code point order


@functools.lru_cache(maxsize=65536)
def _part_key(part: str) -> str:
    """Letters of every word (words apart), the end mark, then one tone digit per word."""
    syllables = [s for s in (_syllable(w) for w in part.split()) if s[0]]
    letters = _WORD_GAP.join("".join(_letter_code(c) for c in s[0]) for s in syllables)
    return letters + _END + "".join(str(s[1]) for s in syllables)


def sort_key(full_name: str) -> str:
    """An ASCII key ([0-9A-Za-z| ]) whose plain byte order is the Vietnamese order of names: given
    name, then middle name(s), then family name; within each, letters before tones. Case-insensitive;
    NFC and NFD give the same key, as do the old and new tone placements (hoà, hòa).
    'Nguyễn Thị Hoa' → 'H0O0A0 0|T0H0I0 5|N0G0U0Y0E1N0 3'."""
    family, middle, given = split_name(full_name)
    return _PART_SEP.join(_part_key(p) for p in (given, middle, family))
