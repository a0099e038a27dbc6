// The dashboard's "edit" link opens the plan in the page editor at #plan-task-<id>: bring that
// task's panel into view and put the cursor in it (its position in the form can differ from the
// live page's, so it is found by the task's id, not by its index).
(function () {
  "use strict";
  function focusTask() {
    var match = /^#plan-task-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    var idInput = document.querySelector('input[name^="tasks-"][name$="-id"][value="' + match[1] + '"]');
    var child = idInput && idInput.closest("[data-inline-panel-child]");
    if (!child) return;
    child.classList.add("plan-task-target");
    child.scrollIntoView({ block: "start" });
    var field = child.querySelector("input:not([type=hidden]), textarea, select");
    if (field) field.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusTask);
  else focusTask();
})();
