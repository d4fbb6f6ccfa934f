"""The verdict cache: a warm re-run of an unchanged file prints its report without importing sympy.

An entry is what ``symbound verify FILE`` emitted (standard output, standard error, the exit status,
the LaTeX of ``--latex``), keyed by a SHA-256 of everything that output rests on: the file's bytes
and the path it was named by, the options, symbound's version and the text of every one of its
source files (the lemma library, the prover, the renderers ...), the Python version, the installed
sympy, numpy, PyYAML, rich and typer (their files' sizes and times), and for the terminal report the
console it is printed on (width, colours, encoding).  Any change to any of them is a different key.

Entries are JSON (never pickle: a cache folder is not trusted to run code), one file each, written
atomically (a temporary file renamed over the entry).  Whoever can write the cache folder (a CI cache
restored across branches, a shared home) must not decide a verdict, so every entry is authenticated: it
carries an HMAC-SHA256, under a secret key that does not live in the cache folder, of its format, kind,
key and body.  An entry is used only if it parses and its HMAC matches; anything else (truncated,
edited, copied from another file's key, made under another key) is ignored and rebuilt.  Without a
usable key (unreadable, readable by others, inside the cache folder) nothing is read or stored.
Outcomes that reached the CPU-time guard are not stored, since on a faster machine the same check
could get further.

The key: ``$SYMBOUND_CACHE_KEY`` (a file's path), else ``$XDG_CONFIG_HOME/symbound/cache-key``, else
``~/.config/symbound/cache-key``; 32 random bytes, created with mode 0600 on first use.

The folder: ``--cache-dir``, else ``$XDG_CACHE_HOME/symbound``, else ``~/.cache/symbound``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from symbound.version import __version__

FORMAT = 2  # the layout of an entry; bump it when Outcome changes
PACKAGE = Path(__file__).resolve().parent.parent
DEPENDENCIES = ("sympy", "numpy", "yaml", "rich", "typer")
# what rich reads to decide the width, the colours and the characters of the terminal report
CONSOLE_ENVIRONMENT = ("COLUMNS", "LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE",
                       "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "PYTHONIOENCODING")
UNSETTLED = ("time limit", "limit reached")  # verdicts that the CPU-time guard cut short


@dataclass
class Outcome:
    """What one command emitted."""

    stdout: str
    stderr: str
    code: int
    latex: str | None = None  # the text written to the --latex file


KEY_BYTES = 32


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "symbound"


def key_path() -> Path:
    """Where the secret key of the cache's HMACs is kept (see the module's docstring)."""
    given = os.environ.get("SYMBOUND_CACHE_KEY") or ""
    if given:
        return Path(given)
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".config") / "symbound" / "cache-key"


def secret(path: Path, root: Path) -> bytes | None:
    """The key at ``path``, made (0600, 32 random bytes) when there is none; None when it cannot be used:
    unreadable, of another length, readable or writable by others, or kept inside the cache folder ``root``."""
    try:
        if path.resolve().is_relative_to(root.resolve()):
            return None
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # made meanwhile by another run: read it
                pass
            else:
                with os.fdopen(fd, "wb") as f:
                    f.write(os.urandom(KEY_BYTES))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            data = f.read(KEY_BYTES + 1)
        private = stat.S_ISREG(info.st_mode) and not info.st_mode & 0o077 and info.st_uid == os.getuid()
        return data if private and len(data) == KEY_BYTES else None
    except (OSError, ValueError, AttributeError):
        return None


@lru_cache(maxsize=1)
def source_digest() -> str:
    """SHA-256 of symbound's own source files (names and contents, the grammar beside the code), in a fixed order."""
    h = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def dependency_stamp() -> tuple[tuple[str, str, int, int], ...]:
    """Where each dependency is installed and its top file's size and time, found without importing it."""
    from importlib.util import find_spec

    out = []
    for name in DEPENDENCIES:
        try:
            spec = find_spec(name)
            origin = spec.origin if spec is not None and spec.origin else ""
            st = os.stat(origin)
            out.append((name, origin, st.st_size, st.st_mtime_ns))
        except (ImportError, ValueError, OSError):
            out.append((name, "", 0, 0))
    return tuple(out)


def console_signature(width: int | None) -> dict[str, Any]:
    """What the terminal report's rendering depends on besides the verdicts (see ``CONSOLE_ENVIRONMENT``)."""
    sizes = []
    for fd in (0, 1, 2):
        try:
            sizes.append(tuple(os.get_terminal_size(fd)))
        except (OSError, ValueError):
            sizes.append(None)
    stdout = sys.stdout
    try:
        tty = stdout.isatty()
    except (AttributeError, ValueError):
        tty = None
    return {"width": width, "env": {k: os.environ.get(k) for k in CONSOLE_ENVIRONMENT}, "tty": tty,
            "encoding": getattr(stdout, "encoding", None), "sizes": sizes, "platform": sys.platform}


def key(data: bytes, path: str, options: dict[str, Any]) -> str:
    """The key of a file's outcome: a SHA-256 over the file, its name, the options and every version."""
    head = json.dumps({"format": FORMAT, "symbound": __version__, "sources": source_digest(),
                       "python": sys.version, "dependencies": dependency_stamp(), "path": path,
                       "options": options}, sort_keys=True, default=str)
    return hashlib.sha256(head.encode() + b"\0" + data).hexdigest()


def settled(*texts: str) -> bool:
    """False when a text reports the CPU-time guard (the outcome could differ on another run)."""
    flat = " ".join(" ".join(t.split()) for t in texts)
    return not any(word in flat for word in UNSETTLED)


def link_key(parts: dict[str, Any]) -> str:
    """The key of one link's entry: a SHA-256 over ``parts`` (JSON-able: the link's text, its premises,
    definitions, the chains and model it may use, the options) and every version, as in ``key``."""
    head = json.dumps({"format": FORMAT, "symbound": __version__, "sources": source_digest(), "python": sys.version,
                       "dependencies": dependency_stamp(), "link": parts}, sort_keys=True, default=str)
    return hashlib.sha256(head.encode()).hexdigest()


class Store:
    """Entries on disk, one JSON file each: a file's outcome under ``root/files``, a link's under ``root/links``,
    each authenticated by an HMAC under the key at ``key`` (default ``key_path()``)."""

    def __init__(self, root: Path | str | None = None, key: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_dir()
        self.key_file = Path(key) if key is not None else key_path()
        self._secret: bytes | None = None
        self._read_key = False

    def secret(self) -> bytes | None:
        """The HMAC key (read once; None: the cache is off)."""
        if not self._read_key:
            self._secret, self._read_key = secret(self.key_file, self.root), True
        return self._secret

    def mac(self, kind: str, k: str, body: Any) -> str | None:
        """The HMAC of an entry: its format, kind, key and body (canonical JSON)."""
        key = self.secret()
        if key is None:
            return None
        message = json.dumps([FORMAT, kind, k, body], sort_keys=True, ensure_ascii=False).encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    def _path(self, kind: str, k: str) -> Path:
        return self.root / kind / k[:2] / f"{k}.json"

    def read(self, kind: str, k: str) -> dict[str, Any] | None:
        """The body stored under ``k``, or None (missing, unreadable, corrupt, foreign)."""
        try:
            entry = json.loads(self._path(kind, k).read_bytes())
            body = entry["body"]
            mac = self.mac(kind, k, body)
            ok = (mac is not None and entry.get("format") == FORMAT and entry.get("key") == k and isinstance(entry.get("mac"), str)
                  and hmac.compare_digest(entry["mac"], mac))
            return body if ok and isinstance(body, dict) else None
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def write(self, kind: str, k: str, body: dict[str, Any]) -> None:
        """Store atomically; a cache that cannot be written (or has no key) is no error (the next run checks again)."""
        import tempfile

        mac = self.mac(kind, k, body)
        if mac is None:
            return
        data = json.dumps({"format": FORMAT, "key": k, "mac": mac, "body": body}, ensure_ascii=False)
        target = self._path(kind, k)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(data)
                os.replace(tmp, target)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass

    def get(self, k: str) -> Outcome | None:
        """A file's outcome stored under ``k`` (see ``key``), or None."""
        body = self.read("files", k)
        try:
            out = Outcome(**body) if body is not None else None
        except TypeError:
            return None
        ok = out is not None and (isinstance(out.stdout, str) and isinstance(out.stderr, str) and type(out.code) is int
                                  and (out.latex is None or isinstance(out.latex, str)))
        return out if ok else None

    def put(self, k: str, outcome: Outcome) -> None:
        self.write("files", k, asdict(outcome))

    def get_link(self, k: str) -> dict[str, Any] | None:
        """A link's entry stored under ``k`` (see ``link_key``), or None.  Its content is for the checker
        to re-check (a proof to replay), never to trust."""
        return self.read("links", k)

    def put_link(self, k: str, body: dict[str, Any]) -> None:
        self.write("links", k, body)

    def get_seconds(self, content: bytes) -> float | None:
        """How long checking a file with this content took last time: a hint for ordering a batch (the
        longest first, as Ninja orders by its build log), never part of a verdict or an output."""
        body = self.read("timings", hashlib.sha256(content).hexdigest())
        seconds = body.get("seconds") if body is not None else None
        return float(seconds) if isinstance(seconds, (int, float)) and 0 <= seconds < 1e6 else None

    def put_seconds(self, content: bytes, seconds: float) -> None:
        self.write("timings", hashlib.sha256(content).hexdigest(), {"seconds": round(seconds, 3)})
