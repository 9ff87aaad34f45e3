"""The explorer's first render on an existing store: a new process, Streamlit's AppTest, the Overview.

What a browser opening the explorer waits for: the app's imports, reading the
store (documents and counts, no graph) and drawing the first page. Prints
wall and CPU seconds, peak memory and which heavy modules were imported
(none of scikit-learn, spaCy, the workspace or the ingest pipeline should be).

    python benchmarks/bench_first_render.py /tmp/explorer/s10k

Target (issue 10): under 2 s, with no preload. A benchmark, not a timed test:
read the wall time beside the machine's load average (printed).
"""

from __future__ import annotations

import os
import resource
import sys
import time

HEAVY = ("sklearn", "spacy", "policykg.workspace", "policykg.ingest.pipeline")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    from streamlit.testing.v1 import AppTest

    from policykg.explorer.launch import APP

    os.environ["POLICYKG_STORE"] = argv[0]
    at = AppTest.from_file(str(APP), default_timeout=600)
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if at.exception:
        sys.stderr.write(f"the explorer raised: {at.exception[0].value}\n")
        return 1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    heavy = [m for m in HEAVY if m in sys.modules]
    print(f"first render: wall {wall:.2f} s, CPU {cpu:.2f} s (target < 2 s); peak RSS {rss:.0f} MB; load average {os.getloadavg()[0]:.1f}")
    print(f"metrics: {[m.value for m in at.metric]}; heavy modules imported: {heavy or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
