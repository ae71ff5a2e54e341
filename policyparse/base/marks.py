"""The marks that end a sentence or a clause, named once. Each rule says which ends it reads
(a Chinese sentence, a clause, a line), and builds its character class from these names, so two
rules that mean the same end read the same marks.

    ZH_STOP      。            a Chinese full stop
    ZH_SENTENCE  。！？        a Chinese sentence ends
    EN_SENTENCE  .!?           an English sentence ends
    CLAUSE       ；;           a clause of a list ends (一是…；二是…)
    LINE         a line break
"""

from __future__ import annotations

ZH_STOP = "。"
ZH_SENTENCE = "。！？"
EN_SENTENCE = ".!?"
CLAUSE = "；;"
LINE = "\n"
SENTENCE = ZH_SENTENCE + EN_SENTENCE  # a sentence ends, in either language


def cls(*marks: str) -> str:
    """A regular-expression character class of the marks given ("[。！？；;]")."""
    chars = "".join(dict.fromkeys("".join(marks)))
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"
