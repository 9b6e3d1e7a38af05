"""Choice between the numba-compiled codec and the NumPy one.

The compiled kernels (``fast_encoder``, ``fast_decoder``) are used when
numba imports and ``MOVEDESK_NO_JIT`` is unset or "0"; otherwise the NumPy
modules do the same work more slowly. Both produce the same bytes and the
same decode results; the tests run against each.

numba is imported on the first encode or decode, not with ``fax.codec``,
so that a program that never faxes does not pay for it at start-up.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

log = logging.getLogger(__name__)

DISABLE_VARIABLE = "MOVEDESK_NO_JIT"
CACHE_VARIABLE = "NUMBA_CACHE_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parent

F = TypeVar("F", bound=Callable[..., Any])


class _State:
    wanted: bool = os.environ.get(DISABLE_VARIABLE, "") in ("", "0")
    # None: not tried yet; False: numba or the kernels could not be loaded.
    modules: tuple[ModuleType, ModuleType] | bool | None = None


def _writable(folder: Path) -> bool:
    """Whether numba could write its cache here; the same probe numba uses,
    since permissions alone do not tell (read-only media, Windows ACLs)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return False
    return True


def choose_cache_dir(
    environ: MutableMapping[str, str],
    package_dir: Path = _PACKAGE_DIR,
    writable: Callable[[Path], bool] = _writable,
    frozen: bool = getattr(sys, "frozen", False),
) -> str | None:
    """Point numba's cache at MoveDesk's user data folder when the package
    folder is read-only (an installed app under Program Files) or belongs
    to a frozen app (a one-file build unpacks to a new temporary folder at
    every start), so compiled kernels survive restarts.

    Returns the folder chosen, or None when numba's own default is kept.
    """
    if environ.get(CACHE_VARIABLE):
        return None
    if not frozen and writable(package_dir / "__pycache__"):
        return None
    try:
        from desktop.paths import data_dir

        folder = data_dir() / "cache" / "numba"
    except OSError as error:
        log.warning("no user folder for compiled fax kernels: %s", error)
        return None
    if not writable(folder):
        return None
    environ[CACHE_VARIABLE] = str(folder)
    return str(folder)


def compiled(signature: str | list[str]) -> Callable[[F], F]:
    """``numba.njit(signature, cache=True, nogil=True)``: compiled (or loaded
    from the cache) when the kernel module is imported.

    Explicit signatures give one machine-code version per kernel; left to
    itself numba also compiles a variant for every literal argument, which
    more than doubled the cold compile time. Without the cache when numba
    finds no folder to keep it in (it refuses at decoration time then).
    """

    def decorate(func: F) -> F:
        import numba

        try:
            return numba.njit(signature, cache=True, nogil=True)(func)
        except RuntimeError as error:
            if "cannot cache" not in str(error):
                raise
            log.warning("fax kernels will be compiled at every start: %s", error)
            return numba.njit(signature, nogil=True)(func)

    return decorate


def inlined(func: F) -> F:
    """For the helpers of compiled kernels: numba copies their code into
    each caller. Separately compiled helpers cost a call with reference
    counting per use, which made the encoder ten times slower."""
    import numba

    return numba.njit(inline="always", nogil=True)(func)


def _load() -> tuple[ModuleType, ModuleType] | None:
    if _State.modules is None:
        try:
            choose_cache_dir(os.environ)
            from fax.codec import fast_decoder, fast_encoder

            _State.modules = (fast_encoder, fast_decoder)
        except Exception as error:
            # ImportError, or numba refusing this NumPy; the NumPy codec works.
            log.warning("numba unavailable, using the NumPy fax codec: %s", error)
            _State.modules = False
    return _State.modules or None


def available() -> bool:
    """Whether the compiled codec can be used in this process."""
    return _load() is not None


def enabled() -> bool:
    """Whether encode and decode use the compiled codec now."""
    return _State.wanted and available()


def set_enabled(flag: bool) -> bool:
    """Switch between the compiled and the NumPy codec (tests, benchmarks);
    returns the previous setting."""
    previous = _State.wanted
    _State.wanted = flag
    return previous


def kernels() -> tuple[ModuleType, ModuleType] | None:
    """The compiled encoder and decoder modules, or None to use NumPy."""
    return _load() if _State.wanted else None


def warm_up() -> float:
    """Import numba and compile (or load from the cache) every kernel, as
    the first encode or decode would; returns the seconds it took (0.0 when
    already done or when the compiled codec is off). Worth calling in a
    background thread at start-up so that the first fax does not wait."""
    started = time.perf_counter()
    if kernels() is None:
        return 0.0
    return time.perf_counter() - started
