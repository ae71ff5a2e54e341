"""Language and script: decided once per document, then carried.

``detect_language`` picks zh or en for a whole notice (the orchestration does it once); the
smaller question "does this name or clause hold Han characters?" is ``has_han``, asked of units
and parentheticals; ``matching_view`` maps traditional characters to simplified ones so that the
rules and the registry, written in simplified Chinese, read a traditional notice.
"""

from __future__ import annotations

from functools import lru_cache

from ..fast.chars import CharSet, count_ascii_letters, count_range


def detect_language(text: str, sample: int = 5_000) -> str:
    """zh when Han characters are a fair share of the letters of the first ``sample`` characters."""
    head = text[:sample]
    cjk = count_range(head, 0x4E00, 0x9FFF)
    latin = count_ascii_letters(head)
    return "zh" if cjk and cjk * 3 >= latin * 0.2 else "en"


def matching_view(text: str) -> str:
    """Traditional characters mapped to simplified ones, character for character (OpenCC t2s),
    so that 商務部 matches 商务部 and 負責 reads as 负责. The view has the same length as the
    text, so every span found in it quotes the text as written."""
    head = text[:5_000]  # the script of a notice shows in its first page
    cjk = count_range(head, 0x3400, 0x9FFF)
    if not cjk:
        return text
    table, traditional = _t2s_table()
    # a simplified text with a stray variant (著, 乾) is left alone: only traditional text is mapped
    if traditional.count(head) < 0.05 * cjk:
        return text
    return text.translate(table)


@lru_cache(maxsize=1)
def _t2s_table() -> tuple[dict[int, str], CharSet]:
    """OpenCC's t2s mapping for every CJK character that maps to one other character (read-only,
    built once in one OpenCC call), and the set of those characters."""
    import opencc

    chars = [chr(i) for i in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a newline-spanning rule would misalign: map one by one
        conv = opencc.OpenCC("t2s")
        out = [conv.convert(c) for c in chars]
    table = {ord(a): b for a, b in zip(chars, out, strict=True) if len(b) == 1 and b != a}
    return table, CharSet(map(chr, table))
