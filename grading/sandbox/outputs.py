"""Turning iopub messages into a cell's outputs, within the output budgets.

Outputs past a budget are dropped as they arrive (never buffered whole) and a note says how much was
cut. Errors are always kept, trimmed, because scoring depends on them. The truncation note goes to
stdout, not stderr: nbgrader scores a test cell that wrote to stderr as failed.
"""

import json

from nbformat import NotebookNode, from_dict

DATA_TYPES = frozenset({"stream", "display_data", "execute_result", "update_display_data"})
_ERROR_FIELD = 4096
_TRACEBACK_LINES = 60


class OutputBudget:
    """Output bytes left for the whole notebook."""

    def __init__(self, total: int) -> None:
        self.remaining = total


class CellOutputs:
    def __init__(self, budget: OutputBudget, cell_limit: int, displays: dict) -> None:
        self.outputs: list[NotebookNode] = []
        self.budget = budget
        self.cell_remaining = cell_limit
        self.displays = displays  # display_id -> list of outputs, shared by the notebook's cells
        self.dropped = 0
        self.clear_pending = False
        self.execution_count: int | None = None
        self.results = 0

    @property
    def truncated(self) -> bool:
        return self.dropped > 0

    def room(self) -> int:
        return max(0, min(self.cell_remaining, self.budget.remaining))

    def _charge(self, size: int) -> None:
        self.cell_remaining -= size
        self.budget.remaining -= size

    def drop(self, size: int) -> None:
        self.dropped += max(1, size)

    def _append(self, output: dict) -> NotebookNode:
        if self.clear_pending:
            self.outputs.clear()
            self.clear_pending = False
        node = from_dict(output)
        self.outputs.append(node)
        return node

    def handle(self, msg_type: str, content: dict) -> None:
        if msg_type == "stream":
            self.add_stream(str(content.get("name", "stdout")), str(content.get("text", "")))
        elif msg_type in ("display_data", "execute_result"):
            self.add_data(msg_type, content)
        elif msg_type == "update_display_data":
            self.update_display(content)
        elif msg_type == "error":
            self.add_error(content)
        elif msg_type == "clear_output":
            if content.get("wait"):
                self.clear_pending = True
            else:
                self.outputs.clear()
        elif msg_type == "execute_input":
            self.execution_count = count_or_none(content.get("execution_count"))

    def add_stream(self, name: str, text: str) -> None:
        room = self.room()
        if len(text) > room:
            self.drop(len(text) - room)
            text = text[:room]
        if not text:
            return
        self._charge(len(text))
        last = self.outputs[-1] if self.outputs and not self.clear_pending else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self._append({"output_type": "stream", "name": name, "text": text})

    def add_data(self, output_type: str, content: dict) -> None:
        if output_type == "execute_result":
            self.results += 1  # counted even when dropped: a cell has one at most
        data = mime_bundle(content.get("data"))
        size = _data_size(data)
        if size > self.room():
            self.drop(size)
            return
        self._charge(size)
        output = {
            "output_type": output_type,
            "data": data,
            "metadata": _object(content.get("metadata")),
        }
        if output_type == "execute_result":
            output["execution_count"] = count_or_none(content.get("execution_count"))
        node = self._append(output)
        display_id = _display_id(content)
        if display_id:
            self.displays.setdefault(display_id, []).append(node)

    def update_display(self, content: dict) -> None:
        display_id = _display_id(content)
        data = mime_bundle(content.get("data"))
        size = _data_size(data)
        for node in self.displays.get(display_id, []):
            if size > self.room():
                self.drop(size)
                continue
            self._charge(size)
            node.data = from_dict(data)
            node.metadata = from_dict(_object(content.get("metadata")))

    def add_error(self, content: dict) -> None:
        traceback = [line[:_ERROR_FIELD] for line in text_lines(content.get("traceback"))]
        if len(traceback) > _TRACEBACK_LINES:
            cut = len(traceback) - _TRACEBACK_LINES
            traceback = [
                *traceback[:10],
                f"... {cut} lines cut ...",
                *traceback[-(_TRACEBACK_LINES - 10) :],
            ]
        self._append(
            {
                "output_type": "error",
                "ename": str(content.get("ename", "Error"))[:_ERROR_FIELD],
                "evalue": str(content.get("evalue", ""))[:_ERROR_FIELD],
                "traceback": traceback,
            }
        )

    def has_error(self) -> bool:
        return any(output.output_type == "error" for output in self.outputs)

    def finish(self) -> list[NotebookNode]:
        if self.truncated:
            note = "\n[Manabi: output truncated here: the output limit was reached]\n"
            self._append({"output_type": "stream", "name": "stdout", "text": note})
        return self.outputs


def _data_size(data: dict) -> int:
    size = 0
    for value in data.values():
        size += len(value) if isinstance(value, str) else len(json.dumps(value))
    return size


# Messages come from the kernel, where learner code holds the signing key: a correctly signed
# message may still carry anything. What goes into the notebook is made to fit nbformat's schema.


def text_lines(value: object) -> list[str]:
    """A traceback: a list of strings (anything else becomes one line, or none)."""
    if isinstance(value, list):
        return [str(line) for line in value[: _TRACEBACK_LINES * 100]]
    return [str(value)] if value else []


def count_or_none(value: object) -> int | None:
    return value if type(value) is int else None


def mime_bundle(value: object) -> dict:
    """Only string or string-list values, or JSON values for JSON mime types, are kept."""
    if not isinstance(value, dict):
        return {}
    bundle = {}
    for key, item in value.items():
        if not isinstance(key, str):
            continue
        if isinstance(item, str) or "json" in key:
            bundle[key] = item
        elif isinstance(item, list) and all(isinstance(part, str) for part in item):
            bundle[key] = "".join(item)
    return bundle


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _display_id(content: dict) -> str | None:
    display_id = _object(content.get("transient")).get("display_id")
    return display_id if isinstance(display_id, str) else None
