"""What closes a notice's body before its signature: a contact block (联系人：…联系电话：…) and a
list of attachments (附件：1.…). Read by the run-together splitter (a closing run into the last
paragraph is a paragraph of its own) and by the outline (an open item ends before it: a
closing is no task's text). Data: metadata.json ``closing``."""

from __future__ import annotations

import re
from functools import lru_cache

from ..base import marks
from ..base.datafiles import load

_SENTENCE_END = re.compile(marks.cls(marks.ZH_SENTENCE))


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern, int]:
    c = load("metadata.json")["closing"]
    labels = "|".join(sorted(map(re.escape, c["labels"]), key=len, reverse=True))
    # a closing opens a line, or follows a sentence end (lines run together)
    rx = re.compile(rf"(?:(?<=\n)|(?<=[。；！？]))[ \u3000]*(?:{labels})[ \u3000]*[:：]", re.I)
    return rx, int(c["reach"])


def closing_start(text: str, anchor: int) -> int:
    """Where the closing before ``anchor`` (the signature, or the text's end) begins: the first
    closing label within reach of it with no sentence end between the label and ``anchor``;
    ``anchor`` when there is none."""
    rx, reach = _rules()
    for m in rx.finditer(text, max(0, anchor - reach), anchor):
        if not _SENTENCE_END.search(text, m.end(), anchor):
            return m.start() + (len(m.group()) - len(m.group().lstrip(" \u3000")))
    return anchor
