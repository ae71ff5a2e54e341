"""Writing files so that a killed process never leaves a half-written output behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes) -> Optional[str]:
    """Write to a temp file in the same folder, fsync, then rename over the target, so a reader
    never sees half a file. Returns a note for the user when there is something to say (a hard
    link the rename broke), else None.

    The new file keeps an existing file's mode (a 0600 file stays 0600) and, as root, its
    owner; a new file gets the mode an ordinary write would (0666 less the umask). A read-only
    file is refused, never silently replaced (as root too: no write bit, no write). A target
    that is not a regular file (/dev/null, a FIFO, a terminal) is written in place, never
    replaced: as root a rename over /dev/null would leave a regular file there for every
    program. A write that fails raises ``OutputError`` naming the path and the reason."""
    data_b = data.encode("utf-8") if isinstance(data, str) else data
    try:
        st: Optional[os.stat_result] = os.stat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        try:
            with open(path, "wb") as f:
                f.write(data_b)
        except OSError as e:
            raise output_error(path, e) from None
        return None
    if st is not None and stat.S_ISREG(st.st_mode):
        if not (st.st_mode & 0o222) or not os.access(path, os.W_OK):
            raise OutputError(
                "cannot write: the file is read-only (make it writable to replace it)", str(path)
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise output_error(path, e) from None
    try:
        if st is not None and stat.S_ISREG(st.st_mode):
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if os.geteuid() == 0:
                os.fchown(fd, st.st_uid, st.st_gid)
        else:
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data_b)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise output_error(path, e) from None
        raise
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        return (
            f"{path}: replaced by a new file; its {st.st_nlink - 1} other hard "
            f"link{'s' if st.st_nlink > 2 else ''} still hold{'' if st.st_nlink > 2 else 's'} "
            "the old content"
        )
    return None


def output_error(path: Path, e: OSError) -> OutputError:
    """``OutputError`` "PATH: output: cannot write: reason"."""
    return OutputError(f"cannot write: {why_not(path, e)}", str(path))


def why_not(path: Path, e: OSError) -> str:
    """Why ``path`` could not be made, in words: the part of it in the way when a file stands
    where a folder should ("/out/a.json is a file, not a folder")."""
    if isinstance(e, (FileExistsError, NotADirectoryError)):
        in_the_way = next((p for p in (path, *path.parents) if p.is_file()), None)
        if in_the_way is not None and in_the_way != path:
            return f"{in_the_way} is a file, not a folder"
    if isinstance(e, IsADirectoryError) or path.is_dir():
        return f"{path} is a folder"
    return str(e.strerror or e)
