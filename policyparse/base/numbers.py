"""Numbers as notices write them: 16, 6.5, 1,000, 百分之九十, 一万, 两千五百."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}

# atomic groups and possessive quantifiers (Python 3.11+): a number never gives characters back,
# so a million digits in a row cost one pass, not a million
# Each opens with a plain character class, which lets ``re`` skip to candidate characters (a
# pattern that opens with a lookbehind or a group is tried at every position); the lookbehind
# after the first digit says the number does not continue one (no 2 in 12, no 5 in 3.5).
ARABIC_TAIL = r"(?<![\d.,]\d)(?>\d{0,2}(?:,\d{3})++(?:\.\d++)?|\d*+(?:\.\d++)?)"
# a number opens with an ASCII or a full-width digit, what notices write (not with any of the
# 660 decimal digits of ``\d``: a scan for a class holding ``\d`` and numeral characters tests each
# character's Unicode category, twice the time of the plain class)
DIGIT = "0-9０-９"
ARABIC = rf"[{DIGIT}]" + ARABIC_TAIL
# a Chinese numeral needs a digit character; 万/亿 alone are units, not numbers
CN_CHARS = "零〇一二两三四五六七八九十百千"
CN_TAIL = rf"(?>[{CN_CHARS}]*+(?:[万亿][{CN_CHARS}]*+)*+)"
CN_NUM = rf"[{CN_CHARS}]{CN_TAIL}"
NUMBER = (
    r"(?:[0-9０-９][0-9０-９,，.．]*[0-9０-９]|[0-9０-９])"
    rf"|百分之(?:{CN_NUM}|\d+(?:\.\d+)?)|{CN_NUM}"
)


def cn_to_int(s: str) -> Optional[int]:
    """Chinese numeral -> int, with 万 and 亿 (一万 -> 10000, 两千五百 -> 2500, 十二 -> 12)."""
    total, section, cur = 0, 0, 0
    seen = False
    for ch in s:
        if ch in CN_DIGIT:
            cur = CN_DIGIT[ch]
            seen = True
        elif ch in CN_SMALL:
            section += (cur if cur or seen else 1) * CN_SMALL[ch]
            cur, seen = 0, True
        elif ch in CN_BIG:
            total += (section + cur) * CN_BIG[ch]
            section, cur = 0, 0
        else:
            return None
    return total + section + cur if seen else None


def to_number(raw: str) -> tuple[Optional[float], bool]:
    """(value, is_percent) for a matched number; percent only for 百分之…"""
    s = unicodedata.normalize("NFKC", raw).replace(",", "").replace("，", "")
    if s == "半":
        return 0.5, False  # 半个月
    if s.endswith("个半"):
        whole = to_number(s[:-2])[0]  # 一个半月, 两个半工作日
        return (whole + 0.5 if whole is not None else None), False
    pct = False
    if s.startswith("百分之"):
        s, pct = s[3:], True
    try:
        return float(s), pct
    except ValueError:
        v = cn_to_int(s)
        return (float(v) if v is not None else None), pct


def fmt(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def roman_int(s: str) -> Optional[int]:
    if not s or any(c not in ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = ROMAN[c]
        total += -v if i + 1 < len(s) and ROMAN[s[i + 1]] > v else v
    return total


def label_number(label: str) -> Optional[int]:
    """The number a numbering label gives: 一/（一）/1/(1)/I/Article 3/第三条/② -> 1, 1, 1, 1, 1,
    3, 3, 2 (one reader for the outline's run-together cuts and align's section pairing)."""
    s = (
        unicodedata.normalize("NFKC", label.strip())
        if any("０" <= c <= "９" for c in label)
        else label.strip()
    )
    m = re.search(r"\d+", s)
    if m:
        return int(m.group())
    m = re.search(f"[{CN_CHARS}]+", s)
    if m:
        return cn_to_int(m.group())
    c = next((c for c in s if c in CIRCLED), None)
    if c is not None:
        return CIRCLED.index(c) + 1
    c = next((c for c in s if "\u2160" <= c <= "\u216b"), None)  # Ⅰ … Ⅻ
    if c is not None:
        return int(unicodedata.numeric(c))
    m = re.fullmatch(r"[(（]?\s*([IVXLC]+|[ivxlc]+)\s*[).．、]?", s)
    return roman_int(m.group(1).upper()) if m else None
