"""Writing feed files: atomic, unchanged files untouched, one writer per folder at a time.

Each changed file goes to a hidden temporary file in its own folder (created like a plain
``open()`` would, so the umask decides its mode, but never writable by others), is
flushed and fsynced, and is then renamed over the old one. All temporary files are
written before the first rename; if a rename fails, or Ctrl-C comes, the files already
renamed get their old bytes back (the renames are made with SIGINT and SIGTERM held, so
that none goes unseen). The lock is ``flock`` on the output folder itself, so nothing
but the feeds is ever left in it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

TEMP_MARK = ".postfeed-"
TEMP_SUFFIX = ".tmp"


_held = threading.local()  # the folders this thread holds the lock of: (st_dev, st_ino)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` itself (no lock file to publish or clobber).

    A thread that holds it already goes on (a caller may hold it around ``write_files``
    and what it does after, such as taking the sizes and mtimes it wrote); other threads
    and processes wait their turn.
    """
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino)
        held: set[tuple[int, int]] = _held.__dict__.setdefault("folders", set())
        if key in held:
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _temp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}{TEMP_MARK}{secrets.token_hex(6)}{TEMP_SUFFIX}")


def _is_temp(name: str) -> bool:
    return name.startswith(".") and TEMP_MARK in name and name.endswith(TEMP_SUFFIX)


def remove_stale_temps(folders: set[Path]) -> None:
    """Remove temporary files a killed run left behind (called under the lock)."""
    for folder in folders:
        with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
            for entry in entries:
                if _is_temp(entry.name) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)


def make_folder(folder: Path) -> None:
    """Create the output folder when missing; ``OSError`` saying why it cannot be."""
    if folder.is_symlink() and not folder.exists():
        raise OSError(errno.ENOENT, "a symlink to a folder that does not exist", str(folder))
    folder.mkdir(parents=True, exist_ok=True)


def _inner_folders(out_dir: Path, targets: Iterable[Path]) -> None:
    """Create the folders under ``out_dir`` the targets go in (``tags/x/``), following no
    symlink: one there would put feeds outside the output folder (``ELOOP``)."""
    done: set[Path] = set()
    for target in targets:
        folder = out_dir
        for part in target.relative_to(out_dir).parts[:-1]:
            folder = folder / part
            if folder in done:
                continue
            try:
                os.mkdir(folder)
            except FileExistsError:
                mode = os.lstat(folder).st_mode
                if stat.S_ISLNK(mode):
                    reason = "a symlink; feeds are never written through one (remove it)"
                    raise OSError(errno.ELOOP, reason, str(folder)) from None
                if not stat.S_ISDIR(mode):
                    raise OSError(errno.ENOTDIR, "not a folder", str(folder)) from None
            done.add(folder)


def _old_bytes(path: Path) -> bytes | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write_temp(temp: Path, data: bytes) -> None:
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        mode = os.fstat(fd).st_mode
        if mode & stat.S_IWOTH:  # a umask of 0 would make the feed anyone's to rewrite
            os.fchmod(fd, stat.S_IMODE(mode) & ~stat.S_IWOTH)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM wait until the block is done: the renames are all made
    or none, and an interrupt comes after them, where the rollback sees every one."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path → bytes) under ``out_dir``; return the paths changed.

    Raises ``OSError`` after putting back every file it had replaced and removing every
    temporary file it made; its ``filename`` is the folder or feed file that could not be
    written (never the temporary file, a name the user never chose).
    """
    make_folder(out_dir)
    with folder_lock(out_dir):
        targets = {out_dir / rel: data for rel, data in sorted(files.items())}
        _inner_folders(out_dir, targets)
        remove_stale_temps({out_dir} | {path.parent for path in targets})
        old = {path: _old_bytes(path) for path in targets}
        changed = {path: data for path, data in targets.items() if old[path] != data}
        temps: dict[Path, Path] = {}
        replaced: list[Path] = []
        try:
            for path, data in changed.items():
                temps[path] = temp = _temp_name(path)  # named first: never one to leak
                with _naming(path.parent):
                    _write_temp(temp, data)
            with _signals_held():
                for path, temp in temps.items():
                    with _naming(path):
                        os.replace(temp, path)
                    replaced.append(path)
            for folder in sorted({path.parent for path in replaced}):
                _fsync_folder(folder)
        except BaseException:
            _roll_back(replaced, old, temps)
            raise
    return list(changed)


@contextlib.contextmanager
def _naming(where: Path) -> Iterator[None]:
    """An ``OSError`` inside names ``where`` (a folder or a feed), not a temporary file."""
    try:
        yield
    except OSError as err:
        if err.filename is None or not _is_temp(Path(err.filename).name):
            raise
        raise type(err)(err.errno, err.strerror, str(where)) from err


def _roll_back(
    replaced: list[Path], old: Mapping[Path, bytes | None], temps: Mapping[Path, Path]
) -> None:
    """Undo a partial write: old bytes back in place, temporary files gone."""
    with _signals_held():  # a second Ctrl-C does not stop it half way
        for path in replaced:
            previous = old[path]
            with contextlib.suppress(OSError):
                if previous is None:
                    os.unlink(path)
                else:
                    temp = _temp_name(path)
                    _write_temp(temp, previous)
                    os.replace(temp, path)
        for path, temp in temps.items():
            if path not in replaced:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
