// Progressive enhancement of lesson pages: quizzes and "mark as done" are plain form POSTs that work
// without JavaScript; with it, the same POST asks for JSON and the page updates in place (feedback,
// progress bar, lesson status), and focus moves to the feedback so keyboard and screen-reader users hear it.
// When the server refuses (an ended session, a bad answer, an error), its message — or, if it sent none,
// the page's own — is shown in the form's live region: nothing fails silently.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  function updateProgress(progress) {
    document.querySelectorAll("[data-progress-bar]").forEach(function (bar) {
      bar.value = progress.percent;
      bar.textContent = progress.percent + "%";
    });
    document.querySelectorAll("[data-progress-text]").forEach(function (text) {
      text.textContent = progress.text;
    });
    if (progress.lesson_complete) {
      var completion = document.querySelector("[data-lesson-completion]");
      if (completion) {
        var status = completion.querySelector("[data-lesson-status]");
        if (status) {
          status.textContent = completion.getAttribute("data-done-text");
          status.classList.add("status", "status--done");
        }
        var form = completion.querySelector("[data-mark-done-form]");
        if (form) form.remove();
      }
      var current = document.querySelector(".lesson-list a[aria-current='page']");
      var mark = current && current.parentElement.querySelector("[data-done-mark]");
      if (mark) mark.hidden = false;
    }
  }

  function showError(region, message) {
    var paragraph = document.createElement("p");
    paragraph.className = "message message--error";
    paragraph.setAttribute("role", "alert");
    paragraph.textContent = message;
    region.replaceChildren(paragraph);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-quiz-form], [data-mark-done-form]") || !form.action) return;
    event.preventDefault();
    var button = form.querySelector("button[type='submit']");
    if (button) button.disabled = true;
    var region = form.matches("[data-quiz-form]")
      ? form.parentElement.querySelector("[data-quiz-feedback]")
      : form.parentElement.querySelector("[data-action-feedback]");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(
          function (data) {
            return { ok: response.ok, data: data };
          },
          function () {
            // Not JSON: a success must have been something else (fall back to the plain POST);
            // an error page (a 404, a 500) gets the page's own message.
            if (response.ok) throw new Error("unexpected answer");
            return { ok: false, data: {} };
          }
        );
      })
      .then(function (result) {
        if (!result.ok) {
          if (region) {
            showError(region, result.data.error || region.getAttribute("data-error-text"));
            region.focus();
          }
          return;
        }
        if (region && result.data.feedback_html) {
          region.innerHTML = result.data.feedback_html;
          region.focus();
        } else if (region) {
          region.replaceChildren();
        }
        if (result.data.progress) updateProgress(result.data.progress);
      })
      .catch(function () {
        form.submit(); // fall back to the plain POST
      })
      .finally(function () {
        if (button) button.disabled = false;
      });
  });
})();
