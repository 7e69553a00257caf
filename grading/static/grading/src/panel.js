// Sending answers and following a submission's status; plain DOM, no framework.
const POLL_MS = 700;
const FINAL = new Set(["graded", "failed", "timed_out"]);

function csrfToken(form) {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function answersOf(form) {
  const answers = {};
  form.querySelectorAll("textarea[data-grade-id]").forEach((area) => {
    answers[area.dataset.gradeId] = area.value;
  });
  return answers;
}

async function readJson(response) {
  try {
    return await response.json();
  } catch (error) {
    return null;
  }
}

function formatPoints(value) {
  return value === null || value === undefined ? "–" : String(Number(value.toFixed(2)));
}

export function initPanel(panel) {
  const text = panel.dataset;
  const status = panel.querySelector("[data-status]");
  const feedback = panel.querySelector("[data-feedback]");
  const editorForm = panel.querySelector("[data-editor-form]");
  const uploadForm = panel.querySelector("[data-upload-form]");
  const buttons = () => panel.querySelectorAll("[data-action], [data-upload-form] button");
  let polling = null;

  function setBusy(busy) {
    buttons().forEach((button) => { button.disabled = busy; });
    panel.setAttribute("aria-busy", busy ? "true" : "false");
  }

  // What went wrong when the server answered but not with what was asked for. An answer that is
  // not JSON (the CSRF page after signing in again elsewhere, an error page) used to read as
  // "the server could not be reached", however often the learner tried again.
  function problem(response, data) {
    if (data && data.error && data.error.message) return data.error.message;
    if (response.status === 403) return text.textExpired;
    return text.textServerError;
  }

  function showStatus(message, kind) {
    status.textContent = message;
    status.dataset.kind = kind || "";
  }

  async function refreshHistory() {
    const response = await fetch(text.attemptsUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const data = await response.json();
    const body = panel.querySelector("[data-history]");
    body.replaceChildren(...data.attempts.map((attempt) => {
      const row = document.createElement("tr");
      const cells = [
        String(attempt.attempt ?? ""),
        attempt.submitted_display,
        attempt.status_label + (attempt.late ? ` (${text.textLate})` : ""),
        attempt.score === null ? "–" : `${formatPoints(attempt.score)} / ${formatPoints(attempt.max_score)}`,
      ];
      cells.forEach((value) => {
        const cell = document.createElement("td");
        cell.textContent = value;
        row.append(cell);
      });
      const link = document.createElement("a");
      link.href = attempt.feedback_url;
      link.textContent = text.textFeedback;
      const linkCell = document.createElement("td");
      linkCell.append(link);
      row.append(linkCell);
      return row;
    }));
    const best = panel.querySelector("[data-best]");
    if (data.best) {
      best.replaceChildren(`${text.textBest}: `);
      const strong = document.createElement("strong");
      strong.textContent = `${formatPoints(data.best.score)} / ${formatPoints(data.best.max_score)}`;
      best.append(strong);
    } else {
      best.textContent = text.textNone;
    }
  }

  function follow(statusUrl) {
    if (polling) clearTimeout(polling);
    const started = Date.now();
    const tick = async () => {
      let response;
      try {
        response = await fetch(statusUrl, { headers: { Accept: "application/json" } });
      } catch (error) {
        showStatus(text.textNetwork, "error");
        polling = setTimeout(tick, POLL_MS * 4);
        return;
      }
      const data = await readJson(response);
      if (!response.ok || !data || !data.status) {
        if (response.status >= 400 && response.status < 500) {
          // Signed out, or the submission is gone: asking again will not help.
          polling = null;
          setBusy(false);
          showStatus(problem(response, data), "error");
          return;
        }
        showStatus(problem(response, data), "error");
        polling = setTimeout(tick, POLL_MS * 4);
        return;
      }
      const waited = (Date.now() - started) / 1000;
      const label = `${text.textStatusPrefix} ${data.status_label}`;
      panel.dataset.status = data.status;
      showStatus(waited > 20 && !data.final ? `${label} — ${text.textStillWaiting}` : label, data.status);
      if (data.final) {
        polling = null;
        setBusy(false);
        if (data.feedback_html) feedback.innerHTML = data.feedback_html;  // server-escaped HTML
        else if (data.error) feedback.textContent = data.error;
        feedback.focus();
        if (!data.practice) refreshHistory();
        return;
      }
      polling = setTimeout(tick, POLL_MS);
    };
    tick();
  }

  async function send(url, init) {
    setBusy(true);
    feedback.replaceChildren();
    showStatus(text.textSending, "sending");
    let response;
    let data;
    try {
      response = await fetch(url, init);
    } catch (error) {
      setBusy(false);
      showStatus(text.textNetwork, "error");
      return;
    }
    data = await readJson(response);
    if (!response.ok || !data || !data.submission) {
      setBusy(false);
      showStatus(problem(response, data), "error");
      return;
    }
    follow(data.submission.status_url);
  }

  if (editorForm) {
    editorForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const submitter = event.submitter;
      const url = submitter && submitter.dataset.action === "run-tests" ? text.runUrl : text.submitUrl;
      send(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken(editorForm),
        },
        body: JSON.stringify({
          answers: answersOf(editorForm),
          lesson_page_id: text.lessonPageId ? Number(text.lessonPageId) : null,
        }),
      });
    });
  }
  if (uploadForm) {
    uploadForm.addEventListener("submit", (event) => {
      event.preventDefault();
      send(uploadForm.action, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(uploadForm) },
        body: new FormData(uploadForm),
      });
    });
  }
  if (text.pendingUrl) {
    setBusy(true);
    follow(text.pendingUrl);
  }
}
