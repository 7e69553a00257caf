"""How close does the sandboxed executor get to the floor, and how many notebooks per second?

    .venv/bin/python bench/grading_floor.py [--samples 20] [--burst 100] [--graders 2]

Prints, per demo exercise notebook (grading/demo/notebooks):

- floor: the same cells on an already-running, unsandboxed kernel of the same environment (the
  kernel's start is not timed), median of ``--samples`` kernels;
- executor: ``Executor.execute`` of the notebook, submit to result, with pre-started sandboxed
  kernels, p50 and p95, and the difference from the floor;

then the throughput of ``--graders`` concurrent graders (separate processes, one executor each, like
Celery's prefork workers) over a burst of ``--burst`` notebooks. Figures vary by ~20 % between runs;
nothing here is asserted. bench/grading.py (through Celery, against nbgrader) builds on these
functions.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

import nbformat  # noqa: E402
from jupyter_client import BlockingKernelClient  # noqa: E402
from jupyter_client.connect import write_connection_file  # noqa: E402

from grading.sandbox import Executor, ExecutorConfig  # noqa: E402

DEMO = PROJECT / "grading" / "demo" / "notebooks"
NOTEBOOKS = ["python-basics", "numpy-statistics", "csv-standard-library", "small-regression"]


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(DEMO / f"{name}.ipynb", as_version=4)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class RunningKernel:
    """A plain ipykernel of the grading environment, started outside any sandbox."""

    def __init__(self, python: Path) -> None:
        self.directory = tempfile.mkdtemp(prefix="manabi-floor-")
        connection = os.path.join(self.directory, "kernel.json")
        write_connection_file(connection, transport="ipc", ip=os.path.join(self.directory, "k"))
        command = [str(python), "-m", "ipykernel_launcher", "-f", connection]
        command += ["--HistoryManager.hist_file=:memory:"]
        # Its own directory: the notebooks write files (population.csv) into the working directory.
        self.process = subprocess.Popen(
            command, cwd=self.directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.client = BlockingKernelClient(connection_file=connection)
        self.client.load_connection_file()
        self.client.start_channels(hb=False)
        self.client.wait_for_ready(timeout=60)

    def run_cells(self, nb: nbformat.NotebookNode) -> float:
        """Seconds to execute every code cell, waiting for each reply and its outputs."""
        started = time.perf_counter()
        for cell in nb.cells:
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            msg_id = self.client.execute(cell.source, allow_stdin=False, stop_on_error=False)
            self.client.get_shell_msg(timeout=60)
            while True:
                msg = self.client.get_iopub_msg(timeout=60)
                ours = msg["parent_header"].get("msg_id") == msg_id
                if (
                    ours
                    and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"
                ):
                    break
        return time.perf_counter() - started

    def stop(self) -> None:
        self.client.stop_channels()
        self.process.kill()
        self.process.wait()


def floor_seconds(nb: nbformat.NotebookNode, samples: int, python: Path) -> list[float]:
    """The notebook's cells on an already-running kernel, one fresh kernel per sample."""
    times = []
    for _ in range(samples):
        kernel = RunningKernel(python)
        try:
            times.append(kernel.run_cells(nb))
        finally:
            kernel.stop()
    return times


def executor_seconds(executor: Executor, nb: nbformat.NotebookNode, samples: int) -> list[float]:
    """Submit to result through the executor, one notebook at a time, after a short rest."""
    times = []
    for _ in range(samples):
        time.sleep(0.15)  # let the pool refill, as between submissions that do not queue up
        started = time.perf_counter()
        result = executor.execute(nb)
        times.append(time.perf_counter() - started)
        if result.status != "ok":
            raise RuntimeError(f"{result.status}: {result.log}")
    return times


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine: anything else running counts too."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _grader(names: list[str], count: int, start: float, queue) -> None:
    with Executor(ExecutorConfig.from_env()) as executor:
        notebooks = [load(name) for name in names]
        executor.execute(notebooks[0])  # warm: fork server up, pool filled
        while time.time() < start:
            time.sleep(0.005)
        statuses = [executor.execute(notebooks[i % len(notebooks)]).status for i in range(count)]
        queue.put((time.time(), statuses))


def throughput(names: list[str], burst: int, graders: int) -> tuple[float, int, float]:
    """Notebooks per second for ``graders`` processes sharing a burst, how many were not ok, and
    how busy the machine's CPUs were meanwhile (0..1; whatever else runs counts too)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start = time.time() + 8.0
    share = [burst // graders + (1 if i < burst % graders else 0) for i in range(graders)]
    processes = [context.Process(target=_grader, args=(names, n, start, queue)) for n in share]
    for process in processes:
        process.start()
    while time.time() < start:
        time.sleep(0.005)
    busy_before, total_before = _cpu_times()
    finished = [queue.get(timeout=600) for _ in processes]
    busy_after, total_after = _cpu_times()
    for process in processes:
        process.join()
    elapsed = max(end for end, _ in finished) - start
    failures = sum(status != "ok" for _, statuses in finished for status in statuses)
    return burst / elapsed, failures, (busy_after - busy_before) / (total_after - total_before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--graders", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args()
    config = ExecutorConfig.from_env()
    python = config.kernel_env / "bin" / "python"
    report: dict = {"notebooks": {}}
    with Executor(config) as executor:
        executor.execute(load(NOTEBOOKS[0]))
        for name in NOTEBOOKS:
            nb = load(name)
            floor = floor_seconds(nb, max(3, args.samples // 2), python)
            ours = executor_seconds(executor, nb, args.samples)
            report["notebooks"][name] = {
                "floor_p50_ms": round(statistics.median(floor) * 1000, 1),
                "executor_p50_ms": round(statistics.median(ours) * 1000, 1),
                "executor_p95_ms": round(percentile(ours, 0.95) * 1000, 1),
            }
        report["executor_version"] = executor.version
        report["sandbox"] = executor.describe()
    load_average = os.getloadavg()[0]
    rate, failures, busy = throughput(NOTEBOOKS, args.burst, args.graders)
    report["throughput"] = {"graders": args.graders, "burst": args.burst, "not_ok": failures,
                            "notebooks_per_s": round(rate, 2), "cpu_busy": round(busy, 2),
                            "load_before": round(load_average, 2)}  # fmt: skip
    if args.json:
        print(json.dumps(report))
        return
    print(report["sandbox"])
    print(report["executor_version"])
    print(f"{'notebook':24} {'floor p50':>10} {'executor p50':>13} {'p95':>8} {'p50 - floor':>12}")
    for name, row in report["notebooks"].items():
        gap = row["executor_p50_ms"] - row["floor_p50_ms"]
        print(
            f"{name:24} {row['floor_p50_ms']:>8.1f}ms {row['executor_p50_ms']:>11.1f}ms "
            f"{row['executor_p95_ms']:>6.1f}ms {gap:>+10.1f}ms"
        )
    t = report["throughput"]
    print(
        f"throughput: {t['notebooks_per_s']:.2f} notebooks/s with {t['graders']} graders "
        f"over {t['burst']} notebooks ({t['not_ok']} not ok); CPUs {t['cpu_busy']:.0%} busy, "
        f"load average {t['load_before']} before (other work on the machine counts)"
    )


if __name__ == "__main__":
    main()
