"""Run by test_batch: kill the idle pool worker that holds the call queue's read lock once every result is in.

That worker waits in `read` on the queue's pipe while holding the lock; the other idle worker waits on the lock
(a futex). Before the fix, shutting the pool down then waited forever for the second worker. Prints the keys
that came back, one per line, then "done". Linux only (reads /proc/PID/wchan); exits 3 where it cannot tell.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

from pipeline.batch.pool import run_ordered
from pipeline.context import Document
from pipeline.settings import Settings


def lock_holder() -> multiprocessing.Process | None:
    """The pool worker blocked reading the call queue (not waiting on a futex), once both workers are idle."""
    for _ in range(100):
        waits = {}
        for child in multiprocessing.active_children():
            try:
                waits[child] = Path(f"/proc/{child.pid}/wchan").read_text()
            except OSError:
                return None
        readers = [c for c, wait in waits.items() if wait and "futex" not in wait]
        if len(waits) == 2 and len(readers) == 1:
            return readers[0]
        time.sleep(0.1)
    return None


def main() -> int:
    faulthandler.dump_traceback_later(120, exit=True)  # a hang shows where it is, before the test's timeout
    text = "The Ministry of Health said on Monday it had received 300 masks from the Red Cross."
    documents = [Document(id=f"doc-{i}", source=None, content=text, format="text") for i in range(4)]
    results = run_ordered(documents, Settings(), workers=2, chunk_size=1)
    for i, processed in enumerate(results):
        print(processed.key, flush=True)
        if i == len(documents) - 1:
            victim = lock_holder()
            if victim is None or victim.pid is None:
                return 3
            os.kill(victim.pid, signal.SIGKILL)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
