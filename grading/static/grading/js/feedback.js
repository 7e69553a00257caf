// The feedback page of a submission still being graded: follow its status and show the result in
// place (the status line is a live region). No <meta refresh>: a page that reloads itself on a timer
// the reader cannot stop fails WCAG 2.2.1. Without JavaScript, the page offers a "check again" link.
(function () {
  "use strict";
  var status = document.querySelector("[data-status-url]");
  if (!status) return;
  var url = status.getAttribute("data-status-url");
  var label = status.querySelector("[data-status-label]");
  var feedback = document.querySelector("[data-feedback]");
  var note = document.querySelector("[data-pending-note]");

  function show(data) {
    label.textContent = data.status_label;
    if (!data.final) return false;
    if (note) note.hidden = true;
    if (data.feedback_html) {
      feedback.innerHTML = data.feedback_html; // escaped by the server (notebooks/feedback.py)
    } else if (data.error) {
      feedback.textContent = data.error;
    }
    feedback.focus();
    return true;
  }

  function tick() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) { return { response: response, data: data }; });
      })
      .then(function (answer) {
        if (answer.response.ok) {
          if (!show(answer.data)) setTimeout(tick, 1000);
        } else if (answer.response.status < 500) {
          // Signed out, or the submission is gone: say so once (it said "undefined", every second).
          if (note && answer.data.error) note.textContent = answer.data.error.message;
        } else {
          setTimeout(tick, 5000);
        }
      })
      .catch(function () { setTimeout(tick, 5000); });
  }

  setTimeout(tick, 1000);
})();
