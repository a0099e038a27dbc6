/* News pages: rating without reload, copy link, print. Everything works without it too. */
(function () {
  "use strict";

  function setStatus(box, text, isError) {
    box.textContent = text;
    box.classList.toggle("rating__status--error", !!isError);
  }


  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-rating-form]");
    if (!form || !window.fetch) return;
    var section = form.closest("[data-rating-url]");
    var status = section.querySelector("[data-rating-status]");
    var ratingFailed = function () { return status.getAttribute("data-failed"); };
    var choice = form.querySelector("input[name=stars]:checked");
    if (!choice) return; // the browser's own "required" message applies
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(section.getAttribute("data-csrf-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var body = new FormData();
        body.append("stars", choice.value);
        return fetch(section.getAttribute("data-rating-url"), {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": data.csrfToken },
          body: body
        });
      })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
      })
      .then(function (result) {
        setStatus(status, result.data.message || ratingFailed(), !result.ok);
        if (result.ok || result.status === 409) {
          form.hidden = true;
          if (result.ok && result.data.summary) {
            section.querySelector("[data-rating-summary]").textContent = result.data.summary;
          }
        } else {
          button.disabled = false;
        }
      })
      .catch(function () {
        setStatus(status, ratingFailed(), true);
        button.disabled = false;
      });
  });

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy-link]");
    if (copy) {
      var status = document.querySelector("[data-copy-status]");
      var url = copy.getAttribute("data-copy-link");
      var done = function () { status.textContent = status.getAttribute("data-copied"); };
      var failed = function () {
        status.textContent = status.getAttribute("data-copy-failed");
        var input = document.getElementById("share-url");
        if (input) { input.focus(); input.select(); }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, failed);
      } else {
        failed();
      }
      return;
    }
    if (event.target.closest("[data-print]")) window.print();
  });
})();
