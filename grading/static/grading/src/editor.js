// The exercise panel's browser side: CodeMirror on answer cells, "Run tests" / "Submit" without
// reloading, and the live status (queued → running → graded) by polling a JSON endpoint.
// Bundled with esbuild by `make install` (npm run build); no CDN.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine } from "@codemirror/view";
import { initPanel } from "./panel.js";

function attachEditor(textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        history(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        python(),
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's accessible tab handling).
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({
          "aria-label": label ? label.textContent.trim() : textarea.name,
          "data-grade-id": textarea.dataset.gradeId,
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });
  textarea.hidden = true;
  textarea.setAttribute("aria-hidden", "true");
  textarea.tabIndex = -1;
  textarea.after(view.dom);
  view.dom.classList.add("nb-editor");
  if (label) label.addEventListener("click", () => view.focus());
  textarea.manabiEditor = view;
  return view;
}

function start() {
  document.querySelectorAll("[data-exercise-panel]").forEach((panel) => {
    panel.querySelectorAll("textarea[data-code-editor]").forEach(attachEditor);
    initPanel(panel);
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
