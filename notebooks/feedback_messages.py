"""The words of the learner feedback page, in Japanese and English.

The notebook layer has no Django (so no gettext): :func:`messages_for` picks the table by language
code ("ja", "ja-JP", "en", ...); anything not Japanese gets English, and a key missing in Japanese
falls back to English.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "title": "Results",
    "visible_only_title": "Test run (visible tests only)",
    "score": "Score: {score} / {max_score}",
    "tests_passed": "Tests passed: {passed} of {total}",
    "no_graded_cells": "This exercise has no graded cells.",
    "manual_pending": "Some answers are graded by your trainer; your score may change after that.",
    "visible_only": (
        "This run used only the tests you can see. When you submit, hidden tests are run too."
    ),
    "tests_heading": "Tests",
    "manual_heading": "Answers graded by your trainer",
    "notices_heading": "About your file",
    "points": "{score} / {max_score} points",
    "hidden_label": "hidden test",
    "status_passed": "Passed",
    "status_failed": "Failed",
    "status_error": "Error",
    "status_timeout": "Timed out",
    "status_not_run": "Not run",
    "status_manual": "Awaiting your trainer's grade",
    "status_unanswered": "Not answered",
    "hidden_failed": "This test is hidden, so its details are not shown.",
    "withheld_detail": (
        "Hidden tests ran before this test, so its error is not shown here. "
        "Press “Run tests” to see it."
    ),
    "timeout_detail": "The cell did not finish within the time limit. Look for an endless loop.",
    "not_run_detail": "This test did not run because the kernel stopped earlier.",
    "dead_kernel_detail": (
        "The kernel stopped while running this test (for example, it ran out of memory)."
    ),
    "stderr_detail": "The test wrote to standard error:",
    "error_detail": "Error:",
    "traceback": "Traceback",
    "hint": "Hint:",
    "notice_answer_missing": (
        "The answer cell {grade_id} was missing from your file; it was graded as not answered."
    ),
    "notice_answer_type_changed": (
        "The type of the answer cell {grade_id} had been changed; it was changed back."
    ),
    "notice_answer_duplicated": (
        "Your file had more than one answer cell {grade_id}; the last one was graded."
    ),
}

JAPANESE: dict[str, str] = {
    "title": "採点結果",
    "visible_only_title": "テスト実行の結果（公開テストのみ）",
    "score": "得点: {score} / {max_score}",
    "tests_passed": "合格したテスト: {total} 件中 {passed} 件",
    "no_graded_cells": "この演習には採点対象のセルがありません。",
    "manual_pending": "講師が採点する解答があります。採点後に得点が変わることがあります。",
    "visible_only": (
        "この実行では、表示されているテストだけを使いました。"
        "提出すると、非公開テストも含めて採点されます。"
    ),
    "tests_heading": "テスト",
    "manual_heading": "講師が採点する解答",
    "notices_heading": "提出ファイルについて",
    "points": "{score} / {max_score} 点",
    "hidden_label": "非公開テスト",
    "status_passed": "合格",
    "status_failed": "不合格",
    "status_error": "エラー",
    "status_timeout": "時間切れ",
    "status_not_run": "未実行",
    "status_manual": "講師の採点待ち",
    "status_unanswered": "未回答",
    "hidden_failed": "非公開テストのため、詳細は表示されません。",
    "withheld_detail": (
        "このテストの前に非公開テストが実行されたため、エラーの内容はここには表示されません。"
        "「テストを実行」を押すと確認できます。"
    ),
    "timeout_detail": "制限時間内に実行が終わりませんでした。無限ループがないか確認してください。",
    "not_run_detail": "前のセルでカーネルが停止したため、このテストは実行されませんでした。",
    "dead_kernel_detail": (
        "このテストの実行中にカーネルが停止しました（メモリ不足などが考えられます）。"
    ),
    "stderr_detail": "テストが標準エラー出力に書き込みました:",
    "error_detail": "エラー:",
    "traceback": "トレースバック",
    "hint": "ヒント:",
    "notice_answer_missing": (
        "解答セル {grade_id} が提出ファイルにありませんでした。未回答として採点しました。"
    ),
    "notice_answer_type_changed": (
        "解答セル {grade_id} のセルの種類が変更されていたため、元に戻しました。"
    ),
    "notice_answer_duplicated": (
        "解答セル {grade_id} が複数ありました。最後のセルを採点しました。"
    ),
}


def messages_for(language: str) -> dict[str, str]:
    if language.lower().split("-")[0].split("_")[0] == "ja":
        return {**ENGLISH, **JAPANESE}
    return dict(ENGLISH)
