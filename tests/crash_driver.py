"""Run real ``policykg ingest`` processes and kill them with SIGKILL, for the crash test.

Started once by ``test_store_crash.py`` as ``python crash_driver.py STORE ARGS...``;
it imports policykg once, then for every line ``COMMITS DELAY`` it reads on
stdin it forks a child process that runs the CLI's ``ingest ARGS --store
STORE`` and kills that child with ``kill -9`` DELAY seconds after the child
has committed COMMITS more chunks (unless it finished first), and prints
``killed`` or ``finished <status>``. Counting commits rather than seconds
puts the kills at the same points of the work however loaded the machine is. Forking from a loaded interpreter saves
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
        commits, delay = line.split()
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
        print(_kill_after(pid, store, int(commits), float(delay)), flush=True)


def _graph_commits(store: str) -> int:
    """How many times the graph tables have been committed (the workspace's counter), 0 before the store exists."""
    import sqlite3
    from pathlib import Path

    path = Path(store) / "policykg.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key='graph'").fetchone()
    except sqlite3.Error:
        return 0  # being created
    return int(row[0]) if row else 0


def _kill_after(pid: int, store: str, commits: int, delay: float) -> str:
    """Kill the child ``delay`` seconds after it committed ``commits`` more chunks (however loaded the machine is)."""
    target = _graph_commits(store) + commits
    deadline = None
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return f"finished {os.waitstatus_to_exitcode(status)}"
        now = time.monotonic()
        if deadline is None and _graph_commits(store) >= target:
            deadline = now + delay
        if deadline is not None and now >= deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "killed"
        time.sleep(0.005)


if __name__ == "__main__":
    main()
