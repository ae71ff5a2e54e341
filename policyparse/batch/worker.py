"""The batch worker: one input file -> its JSON (written atomically) and its task rows.

The same function runs in the local process pool and on Dask workers, so their outputs are
byte-identical. It never raises: a file that cannot be parsed becomes an error record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .. import ingest
from ..api import from_ingested
from ..errors import PolicyParseError
from ..limits import Limits, TimeUp, time_limit
from ..render.files import write_atomic
from ..render.tables import document_rows


def readable(name: str) -> str:
    """A file name as text that can be written anywhere: bytes that are not UTF-8 (kept by
    Python as surrogate escapes) become U+FFFD, control characters become spaces."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(" " if ord(c) < 32 or c in "\x7f\u2028\u2029\x85" else c for c in name)


def output_path(out_dir: Path, rel: str) -> Path:
    return out_dir / (rel + ".json")


def process_one(
    path: str,
    rel: str,
    out_dir: str,
    timeout_s: Optional[float] = None,
    sha256: Optional[str] = None,
) -> tuple[dict, dict[str, list[dict]]]:
    """Parse one file and write its JSON; return a small record for the manifest and the
    document's task rows (never raises). ``sha256``: the runner's hash of the file, so that
    the bytes are hashed once."""
    rec: dict = {"file": rel, "status": "ok"}
    rows: dict[str, list[dict]] = {}
    try:
        lim = Limits.resolve()
        with time_limit(timeout_s):  # a runaway parse is stopped
            doc = from_ingested(ingest.read(path, limits=lim, sha256=sha256), limits=lim)
        # relative, so outputs do not depend on where the batch ran; readable in any file
        doc.source.path = readable(rel)
        write_atomic(output_path(Path(out_dir), rel), doc.to_json() + "\n")
        rec.update(
            sha256=doc.source.sha256,
            language=doc.language,
            format=doc.source.format,
            tasks=len(doc.tasks),
            units=len(doc.units),
            targets=len(doc.targets),
            deadlines=len(doc.deadlines),
            warnings=len(doc.warnings),
        )
        rows = document_rows(readable(rel), doc)
    except TimeUp:
        rec.update(
            status="error",
            stage="timeout",
            error="Timeout",
            message=f"parsing took longer than {timeout_s} s; stopped",
        )
    except PolicyParseError as e:
        rec.update(status="error", **{k: v for k, v in e.to_record().items() if k != "file"})
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a batch; the record says what broke
        rec.update(status="error", stage="parse", error=type(e).__name__, message=str(e)[:500])
    return rec, rows
