"""Start and quit the demo twenty times (``make soak``): no run may end in a fatal error.

Each cycle is the whole program as a person starts it: the demo's own hub
simulator and fax modem, the sign-in, the first sync, a screenshot, quit.
A binding that drops references (PySide6 6.12.0 did) shows up here as
"Fatal Python error" on the way out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CYCLES = 20
CYCLE_TIMEOUT_S = 120


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory(prefix="movedesk-soak-") as folder:
        environment = {**os.environ, "MOVEDESK_DATA_DIR": str(Path(folder) / "data")}
        environment.setdefault("QT_QPA_PLATFORM", "offscreen")
        started = time.perf_counter()
        for cycle in range(CYCLES):
            shot = Path(folder) / f"cycle{cycle}.png"
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "desktop", "--demo", "--screenshot", str(shot)],
                    env=environment,
                    capture_output=True,
                    text=True,
                    timeout=CYCLE_TIMEOUT_S,
                )
            except subprocess.TimeoutExpired as hung:
                tail = (hung.stderr or b"").decode("utf-8", "replace").strip()[-300:]
                failures.append((cycle, f"no exit within {CYCLE_TIMEOUT_S} s", tail))
                continue
            clean = done.returncode == 0 and shot.exists() and "Fatal" not in done.stderr
            if not clean:
                failures.append((cycle, f"exit {done.returncode}", done.stderr.strip()[-300:]))
        elapsed = time.perf_counter() - started
    print(f"demo start-quit cycles: {CYCLES - len(failures)}/{CYCLES} clean in {elapsed:.0f} s")
    for cycle, outcome, tail in failures:
        print(f"  cycle {cycle}: {outcome}: {tail}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
