"""Run real ``policykg ingest`` processes and kill them with SIGKILL, for the crash test.

Started once by ``test_store_crash.py`` as ``python crash_driver.py STORE ARGS...``;
it imports policykg once, then for every delay it reads on stdin it forks a
child process that runs the CLI's ``ingest ARGS --store STORE`` and kills that
child with ``kill -9`` after the delay (unless it finished first), and prints
``killed`` or ``finished <status>``. Forking from a loaded interpreter saves
the seconds of importing policykg for every kill, so many kills fit in a
short test; each child is still a separate OS process killed without warning.
"""

from __future__ import annotations

import os
import signal
import sys
import time


def main() -> None:
    store, args = sys.argv[1], sys.argv[2:]
    from pathlib import Path

    from policykg.cli import app
    from policykg.ingest.batch import collect_files
    from policykg.ingest.pipeline import read_notice

    # warm up the lazily built parts of the reader (the spaCy pipeline, word lists), as a long ingest has
    read_notice(collect_files([Path(a) for a in args if not a.startswith("-")])[0])
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        delay = float(line)
        pid = os.fork()
        if pid == 0:  # the ingest
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            try:
                app(["ingest", *args, "--store", store, "-q"], standalone_mode=False)
                code = 0
            except BaseException:  # noqa: BLE001 - a child reports by its exit status only
                code = 1
            os._exit(code)
        deadline = time.monotonic() + delay
        status = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.005)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            print("killed", flush=True)
            continue
        print(f"finished {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    main()
