"""Build lesson bodies in code (demo content, tests, imports) in StreamField's stored JSON form.

Every block, question and option gets an id derived from ``seed`` and its position, so loading the same
content twice yields the same ids (quiz answers keep naming the same options).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

_NAMESPACE = uuid.UUID("6f2a4c1e-8d55-4c1b-9a67-2f3f1d9c0a11")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts)))


class LessonBody:
    """Collects blocks: ``LessonBody("seed").markdown("…").quiz(…).data`` is the raw stream."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.data: list[dict] = []

    def _add(self, block_type: str, value) -> LessonBody:
        self.data.append(
            {"type": block_type, "value": value, "id": _id(self.seed, len(self.data), block_type)}
        )
        return self

    def markdown(self, text: str) -> LessonBody:
        return self._add("markdown", text.strip())

    def rich_text(self, html: str) -> LessonBody:
        return self._add("rich_text", html)

    def callout(self, body_html: str, *, kind: str = "note", title: str = "") -> LessonBody:
        return self._add("callout", {"kind": kind, "title": title, "body": body_html})

    def code(self, code: str, *, language: str = "python", caption: str = "") -> LessonBody:
        return self._add(
            "code", {"language": language, "code": code.strip("\n"), "caption": caption}
        )

    def exercise(self, exercise_id: int | None, *, introduction: str = "") -> LessonBody:
        return self._add("exercise", {"exercise": exercise_id, "introduction": introduction})

    def quiz(
        self, questions: Sequence[dict], *, title: str = "理解度チェック", pass_mark: int = 80
    ) -> LessonBody:
        """``questions``: dicts from ``question()``."""
        block_index = len(self.data)
        items = []
        for q_index, spec in enumerate(questions):
            options = [
                {
                    "type": "item",
                    "value": {"text": text, "correct": correct, "explanation": explanation},
                    "id": _id(self.seed, block_index, q_index, o_index),
                }
                for o_index, (text, correct, explanation) in enumerate(spec["options"])
            ]
            items.append(
                {
                    "type": "item",
                    "value": {"prompt": spec["prompt"], "kind": spec["kind"], "options": options},
                    "id": _id(self.seed, block_index, q_index),
                }
            )
        return self._add("quiz", {"title": title, "questions": items, "pass_mark": pass_mark})


def question(
    prompt: str, options: Iterable[tuple[str, bool, str]], *, multiple: bool = False
) -> dict:
    """One quiz question: ``options`` are (text, correct, explanation)."""
    return {
        "prompt": prompt,
        "kind": "multiple" if multiple else "single",
        "options": list(options),
    }
