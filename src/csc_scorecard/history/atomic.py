"""Writing a file so that readers see either nothing or the whole file: never a part of it.

The bytes go to a temporary name in the same folder (so the rename stays on one file system), are
flushed and fsynced, and only then renamed into place with `os.replace`. A run that dies part-way
leaves at most a `.partial` file, which no reader of the store looks at. A data file is never
overwritten: its final name is taken with an operation that fails if the name exists. No file locks are taken:
network drives (SMB, NFS) implement them unreliably, and the store never needs them because every
data file has a unique name and is written once.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

PARTIAL_SUFFIX = ".partial"


class TargetExistsError(FileExistsError):
    """The final name is taken: the store never overwrites a data file."""


def temporary_name(target: Path) -> Path:
    """A hidden, unique sibling of `target` whose name ends `.partial` (ignored by every reader)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}{PARTIAL_SUFFIX}")


def _flush_to_disk(handle: BinaryIO) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder, and its rename is
    # already journalled by NTFS, so there is nothing to do there.
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:  # some network file systems refuse fsync on a folder; the data is already synced
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _removing_on_failure(path: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def write_atomically(target: Path, write: Callable[[BinaryIO], None], *, overwrite: bool) -> None:
    """Write `target` through `write(handle)` so that it appears complete or not at all.

    With `overwrite=False` an existing `target` raises `TargetExistsError` (data files are immutable);
    with `overwrite=True` the old file is replaced in one step (the manifest and sign-off index).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and target.exists():
        raise TargetExistsError(f"{target} already exists; the history store never overwrites a run")
    temporary = temporary_name(target)
    with _removing_on_failure(temporary):
        with temporary.open("xb") as handle:
            write(handle)
            _flush_to_disk(handle)
        _publish(temporary, target, overwrite=overwrite)
    _sync_folder(target.parent)


def _publish(temporary: Path, target: Path, *, overwrite: bool) -> None:
    """Give the finished temporary file its final name in one step."""
    if overwrite:
        os.replace(temporary, target)
        return
    # Never overwrite, even when another machine finishes the same name at the same moment: the
    # exists-then-replace check alone has a window. Windows' rename refuses an existing target; on
    # POSIX a hard link does (then the temporary name is dropped).
    try:
        if os.name == "nt":
            os.rename(temporary, target)
            return
        os.link(temporary, target)
    except FileExistsError:
        raise TargetExistsError(
            f"{target} already exists; the history store never overwrites a run"
        ) from None
    except OSError:
        # A file system without hard links (some network mounts): the best left is check, then replace.
        if target.exists():
            raise TargetExistsError(
                f"{target} already exists; the history store never overwrites a run"
            ) from None
        os.replace(temporary, target)
        return
    with contextlib.suppress(OSError):
        temporary.unlink()


def write_text_atomically(target: Path, text: str) -> None:
    """Replace a small UTF-8 text file (manifest, sign-offs) in one step."""
    data = text.encode("utf-8")

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    write_atomically(target, write, overwrite=True)
