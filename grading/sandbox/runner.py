"""Running a notebook's code cells, in order, on one kernel: timeouts, interrupts, deaths, outputs.

Behaves like nbclient with ``allow_errors=True`` as nbgrader configures it (``interrupt_on_timeout``:
a cell that times out gets a ``CellTimeoutError`` error output, the kernel is interrupted and the next
cell runs), and records ``cell.metadata["manabi"] = {"status", "duration_ms"}`` for every code cell.
Unlike nbgrader it also gives an error output to every cell that could not run (kernel died, notebook
time limit, kernel unresponsive), so that no scorer mistakes an unrun test cell for a passed one.
"""

import base64
import contextlib
import hmac
import os
import signal
import time
from collections.abc import Callable, Mapping

import zmq
from nbformat import NotebookNode, from_dict

from .kernel_side.seal import SEAL_KEY, VERDICT_KEY, seal
from .limits import Limits
from .outputs import DATA_TYPES, CellOutputs, OutputBudget, text_lines

OK, ERROR, TIMEOUT, DIED, NOT_RUN, TRUNCATED = (
    "ok",
    "error",
    "timeout",
    "kernel_died",
    "not_run",
    "output_truncated",
)
_SLACK = 64 * 1024  # a message this much larger than the room left is dropped unparsed
_BATCH = 256  # messages handled per channel before the deadlines are looked at again
# Above the channels' own bounds (8 iopub messages of 32 MiB, 4 shell messages of 16 MiB).
_MEMORY_HEADROOM = 768 * 1024 * 1024
_MEMORY_CHECK_MS = 50
_PAGE = os.sysconf("SC_PAGE_SIZE")


def is_protected(cell: NotebookNode) -> bool:
    """The trainer's cells (tests and locked cells) run behind the judging guard."""
    meta = cell.get("metadata", {}).get("nbgrader") or {}
    return bool(meta.get("grade") or meta.get("locked")) and not meta.get("solution")


class CellRun:
    def __init__(
        self, cell: NotebookNode, outputs: CellOutputs, protect: bool, index: int = -1
    ) -> None:
        self.cell = cell
        self.index = index
        self.outputs = outputs
        self.protect = protect
        self.msg_id = ""
        self.reply: dict | None = None
        self.reply_at = 0.0
        self.idle = False
        self.started = time.monotonic()
        self.status = OK

    def mark(
        self, status: str, ename: str, evalue: str, traceback: list[str] | None = None
    ) -> None:
        self.status = status
        self.outputs.add_error({"ename": ename, "evalue": evalue, "traceback": traceback or []})


class NotebookRunner:
    def __init__(
        self,
        kernel,
        limits: Limits,
        *,
        protect: Callable[[NotebookNode], bool] = is_protected,
        log: Callable[[str], None],
        interrupt_grace: float = 2.0,
        iopub_grace: float = 2.0,
        describe_death: Callable[[], str] = lambda: "",
    ) -> None:
        self.kernel = kernel
        self.channels = kernel.channels
        self.limits = limits
        self.protect = protect
        self.log = log
        self.interrupt_grace = interrupt_grace
        self.iopub_grace = iopub_grace
        self.describe_death = describe_death
        self.budget = OutputBudget(limits.output_bytes)
        self.displays: dict = {}
        self.finished: dict[str, CellRun] = {}
        self.current: CellRun | None = None
        self.rejected = 0  # the channels' count of ignored messages, as last logged
        self.poller = zmq.Poller()
        self.poller.register(self.channels.shell, zmq.POLLIN)
        self.poller.register(self.channels.iopub, zmq.POLLIN)
        self.poller.register(kernel.pidfd, zmq.POLLIN)
        self.deadline = 0.0
        self.memory_ceiling = _resident() + _MEMORY_HEADROOM
        self.overflowed = False

    # -- the notebook ----------------------------------------------------------------------------

    def run(self, nb: NotebookNode, files: Mapping[str, bytes] | None = None) -> str:
        """Execute ``nb``'s code cells in place; return ok, timeout or kernel_died."""
        self.deadline = time.monotonic() + self.limits.notebook_timeout
        status, stop = OK, ""
        if files:
            self._write_files(files)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if stop:
                self._not_run(cell, stop)
                continue
            outcome = self._run_cell(index, cell)
            if outcome == "continue":
                continue
            if outcome == "timed_out":
                status = TIMEOUT
            elif outcome == "notebook_timeout":
                status, stop = TIMEOUT, "the notebook's time limit was reached before this cell ran"
            elif outcome == "unresponsive":
                status, stop = TIMEOUT, "the kernel did not respond after a timed-out cell"
            elif outcome == "died":
                status, stop = DIED, "the kernel died before this cell ran"
        return status

    def _not_run(self, cell: NotebookNode, reason: str) -> None:
        cell.outputs = [
            from_dict(
                {
                    "output_type": "error",
                    "ename": "CellNotRunError",
                    "evalue": reason,
                    "traceback": [],
                }
            )
        ]
        cell.execution_count = None
        cell.metadata["manabi"] = {"status": NOT_RUN, "duration_ms": 0}

    # -- one cell --------------------------------------------------------------------------------

    def _run_cell(self, index: int, cell: NotebookNode) -> str:
        outputs = CellOutputs(self.budget, self.limits.cell_output_bytes, self.displays)
        run = CellRun(cell, outputs, self.protect(cell), index)
        if not cell.source.strip():  # nbclient does not send empty cells either
            self._finish(run)
            return "continue"
        # One byte over our own cap, so that a kernel-side cut shows up here as a truncation.
        cap = outputs.room() + 1
        metadata = {"manabi": {"protect": run.protect, "output_cap": cap}, "cellId": cell.get("id")}
        run.msg_id = self.channels.send("execute_request", _request(cell.source), metadata)
        self.current = run
        cell_deadline = run.started + self.limits.cell_timeout
        state = self._wait(run, min(cell_deadline, self.deadline))
        outcome = "continue"
        if state == "done":
            self._complete(run)
        elif state == "died":
            run.mark(
                DIED, "KernelDiedError", f"The kernel died while running this cell{self._why()}."
            )
            outcome = "died"
        elif self.deadline <= cell_deadline:
            limit = self.limits.notebook_timeout
            run.mark(
                TIMEOUT, "CellTimeoutError", f"The notebook's time limit ({limit:g} s) was reached."
            )
            self.log(f"cell {index}: notebook time limit reached")
            outcome = "notebook_timeout"
        else:
            outcome = self._interrupt(index, run)
        self._finish(run)
        return outcome

    def _interrupt(self, index: int, run: CellRun) -> str:
        limit = self.limits.cell_timeout
        self.log(f"cell {index}: no reply within {limit:g} s; interrupting the kernel")
        give_up = time.monotonic() + self.interrupt_grace
        state = "timeout"
        while state == "timeout" and time.monotonic() < give_up:
            # Repeat the interrupt: one can land where Python ignores it (an at-fork handler, say).
            with contextlib.suppress(OSError):
                self.kernel.send_signal(signal.SIGINT)
            state = self._wait(run, min(give_up, time.monotonic() + 0.5))
        run.mark(
            TIMEOUT,
            "CellTimeoutError",
            f"Cell execution timed out after {limit:g} s and was interrupted.",
            ["ERROR: No reply from kernel"],
        )
        if state == "done":
            return "timed_out"
        if state == "died":
            return "died"
        self.log(f"cell {index}: the kernel ignored the interrupt")
        return "unresponsive"

    def _complete(self, run: CellRun) -> None:
        reply = run.reply or {}
        content = reply.get("content") or {}
        count = content.get("execution_count", run.outputs.execution_count)
        run.cell.execution_count = count if type(count) is int else run.outputs.execution_count
        if content.get("status") != "ok":
            run.status = ERROR
            if not run.outputs.has_error():  # nbgrader does this too: showtraceback was silenced
                traceback = content.get("traceback") or [
                    "ERROR: An error occurred while showtraceback was disabled"
                ]
                run.outputs.add_error({**content, "traceback": traceback})
        elif run.outputs.has_error():
            run.status = ERROR
        if run.protect and not run.idle:
            # The kernel went quiet on iopub, so outputs (a partial score, an error) may be missing.
            self._tampered(run, "iopub fell silent during a protected cell")
        elif run.protect and run.outputs.results > 1:
            # IPython sends one execute_result per cell; another is forged (a partial score).
            self._tampered(run, "more than one execute_result")
        elif run.protect:
            metadata = reply.get("metadata") or {}
            verdict = str(metadata.get(VERDICT_KEY, "tampered: no verdict"))
            expected = seal(self.kernel.seal_key, run.msg_id, run.cell.source,
                            str(content.get("status", "")), verdict)  # fmt: skip
            if not hmac.compare_digest(str(metadata.get(SEAL_KEY, "")), expected):
                self._tampered(run, "the reply does not carry the judging guard's seal")
            elif verdict != "intact":
                self._tampered(run, verdict)

    def _tampered(self, run: CellRun, detail: str) -> None:
        self.log(f"judging machinery tampered with ({detail[:300]})")
        run.mark(
            ERROR,
            "JudgingTamperedError",
            "Code in this notebook changed how tests are run, so this cell counts as failed.",
        )

    def _finish(self, run: CellRun) -> None:
        duration = int((time.monotonic() - run.started) * 1000)
        if run.status == OK and run.outputs.truncated:
            run.status = TRUNCATED
        if run.outputs.truncated:
            self.log(
                f"cell {run.index}: output over the limit dropped ({run.outputs.dropped} bytes)"
            )
        if self.channels.rejected > self.rejected:
            count, self.rejected = self.channels.rejected - self.rejected, self.channels.rejected
            self.log(f"cell {run.index}: ignored {count} malformed or wrongly signed message(s) "
                     f"(last: {self.channels.last_rejection})")  # fmt: skip
        if run.cell.get("execution_count") is None:
            run.cell.execution_count = run.outputs.execution_count
        run.cell.outputs = run.outputs.finish()
        run.cell.metadata["manabi"] = {"status": run.status, "duration_ms": duration}
        if run.msg_id:
            self.finished[run.msg_id] = run
        self.current = None

    # -- waiting for messages ---------------------------------------------------------------------

    def _wait(self, run: CellRun, deadline: float) -> str:
        while True:
            if run.reply is not None and run.idle:
                return "done"
            now = time.monotonic()
            limit = (
                deadline if run.reply is None else min(deadline, run.reply_at + self.iopub_grace)
            )
            if now >= limit:
                if run.reply is not None:
                    self.log("execute_reply arrived but iopub went quiet; continuing")
                    return "done"
                return "timeout"
            wait_ms = min(_MEMORY_CHECK_MS, int((limit - now) * 1000) + 1)
            events = dict(self.poller.poll(max(1, wait_ms)))
            if self._over_memory():
                return "died"
            self._drain()
            if self.kernel.pidfd in events:
                self._drain()
                return "done" if run.reply is not None and run.idle else "died"

    def _over_memory(self) -> bool:
        """zmq bounds each channel's queue and each frame, not the frames of one message: a kernel
        can stream one endless multipart message, which zmq keeps in our memory until it ends.
        Past ``_MEMORY_HEADROOM`` over what this process held when the notebook started, the
        kernel is killed (its connection goes, and zmq frees the partial message)."""
        if self.overflowed or _resident() <= self.memory_ceiling:
            return self.overflowed
        self.overflowed = True
        self.log(
            f"the kernel sent more than the grader accepts (the grader grew by over "
            f"{_MEMORY_HEADROOM // (1024 * 1024)} MiB); killing it"
        )
        with contextlib.suppress(OSError):
            self.kernel.send_signal(signal.SIGKILL)
        return True

    def _drain(self) -> None:
        """Handle what is waiting, a bounded batch per channel: a flood cannot keep us from the
        deadlines, and a message that breaks our handling is ignored like a malformed one."""
        channels = self.channels
        for sock, handle, content in (
            (channels.iopub, self._on_iopub, False),
            (channels.shell, self._on_shell, True),
        ):
            for _ in range(_BATCH):
                msg = channels.receive(sock, content=content)
                if msg is None:
                    break
                try:
                    handle(msg)
                except Exception as exc:  # a correctly signed message (the key is in the kernel)
                    channels.reject(exc)  # whose content is junk: ignored, logged per cell

    def _target(self, msg: dict) -> CellRun | None:
        parent = msg["parent_header"].get("msg_id")
        if not isinstance(parent, str):
            return None
        if self.current is not None and parent == self.current.msg_id:
            return self.current
        return self.finished.get(parent)

    def _on_iopub(self, msg: dict) -> None:
        run = self._target(msg)
        if run is None:
            return
        msg_type, raw = msg["msg_type"], msg["content"]
        if msg_type in DATA_TYPES and len(raw) > run.outputs.room() + _SLACK:
            run.outputs.drop(len(raw))
            return
        content = self.channels.unpack(raw)
        if content is None:
            return
        if run is not self.current:
            if msg_type == "error":  # an error reported after its cell was declared finished
                self._late_error(run, content)
            return
        if msg_type == "status":
            run.idle = run.idle or content.get("execution_state") == "idle"
        else:
            run.outputs.handle(msg_type, content)

    def _on_shell(self, msg: dict) -> None:
        if msg["msg_type"] != "execute_reply":
            return
        run = self._target(msg)
        if run is None:
            return
        if run is self.current and run.reply is None:
            run.reply, run.reply_at = msg, time.monotonic()
        elif run.status != TIMEOUT:  # a second reply for one request is forged
            self._late_error(run, {"ename": "JudgingTamperedError", "evalue": "duplicate reply"})

    def _late_error(self, run: CellRun, content: dict) -> None:
        self.log(f"late error for a finished cell: {content.get('ename')}")
        if run is self.current:
            run.status = ERROR if run.status == OK else run.status
            run.outputs.add_error(content)
            return
        if run.status in (OK, TRUNCATED):
            run.status = ERROR
            run.cell.metadata["manabi"]["status"] = ERROR
        # Its text came from code still running after the cell: scorers show none of it.
        run.cell.metadata["manabi"]["late_error"] = True
        run.cell.outputs.append(
            from_dict(
                {
                    "output_type": "error",
                    "ename": str(content.get("ename", "Error"))[:4096],
                    "evalue": str(content.get("evalue", ""))[:4096],
                    "traceback": [x[:4096] for x in text_lines(content.get("traceback"))[:60]],
                }
            )
        )

    def _why(self) -> str:
        if self.overflowed:
            return " (it sent the grader more data than it accepts)"
        detail = self.describe_death()
        return f" ({detail})" if detail else ""

    # -- input files ------------------------------------------------------------------------------

    def _write_files(self, files: Mapping[str, bytes]) -> None:
        """Write the exercise's data files into the working directory before any learner code."""
        payload = {str(name): base64.b64encode(data).decode() for name, data in files.items()}
        code = (
            "def _manabi_files(files):\n"
            "    import base64, os\n"
            "    for name, data in files.items():\n"
            "        os.makedirs(os.path.dirname(name) or '.', exist_ok=True)\n"
            "        with open(name, 'wb') as handle:\n"
            "            handle.write(base64.b64decode(data))\n"
            f"_manabi_files({payload!r})\n"
            "del _manabi_files\n"
        )
        outputs = CellOutputs(OutputBudget(_SLACK), _SLACK, {})
        run = CellRun(
            from_dict({"cell_type": "code", "source": code, "metadata": {}}), outputs, False
        )
        request = _request(code) | {"silent": True, "store_history": False}
        run.msg_id = self.channels.send("execute_request", request, {})
        self.current = run
        state = self._wait(run, min(time.monotonic() + self.limits.cell_timeout, self.deadline))
        self.current = None
        content = (run.reply or {}).get("content") or {}
        if state != "done" or content.get("status") != "ok":
            detail = f"{state} {content.get('ename', '')}: {content.get('evalue', '')}"
            raise RuntimeError(f"the exercise's data files could not be written ({detail})")


def _resident() -> int:
    """This process's resident memory in bytes (one read of a small /proc file)."""
    with open("/proc/self/statm", "rb") as handle:
        return int(handle.read().split()[1]) * _PAGE


def _request(code: str) -> dict:
    return {
        "code": code,
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": False,
    }
