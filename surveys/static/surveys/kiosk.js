/* The counter kiosk. Without this script the page works as plain forms (the server walks through the
   steps). With it, the kiosk keeps working when the network drops, as the screen player does: the
   poll or survey definition is kept in localStorage, each answer gets a client-made id and waits in a
   localStorage queue until the server confirms it, and the queue is sent in order with the kiosk
   token (Bearer). The citizen sees "thank you" at once either way. Plain JS, no framework. */
(function () {
  "use strict";

  var body = document.body;
  var cfg = body.dataset;
  var main = document.getElementById("kiosk-main");

  function readJSONScript(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (error) { return null; }
  }

  // --- storage ------------------------------------------------------------------------------
  function storageWorks() {
    try {
      window.localStorage.setItem("kiosk-probe", "1");
      window.localStorage.removeItem("kiosk-probe");
      return true;
    } catch (error) { return false; }
  }
  function readJSON(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (error) { return null; }
  }
  function writeJSON(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (error) { return false; }
  }

  var definition = readJSONScript("kiosk-definition");
  var labels = readJSONScript("kiosk-labels") || {};
  if (!definition || !cfg.token || !window.fetch || !storageWorks()) {
    simpleReset();  // the server-side flow, with its own idle reset
    return;
  }

  var KEY = "kiosk-" + definition.kiosk;
  var DEF_KEY = KEY + "-definition";
  var QUEUE_KEY = KEY + "-queue";
  var STATUS_KEY = KEY + "-status";
  var BATCH = 50;
  var MAX_QUEUE = 5000;
  var SYNC_EVERY = 15000;
  var HEARTBEAT_EVERY = 30000;

  var stored = readJSON(DEF_KEY);
  if (stored && stored.kiosk === definition.kiosk && !definition.version) definition = stored;
  writeJSON(DEF_KEY, definition);

  var status = readJSON(STATUS_KEY) || { refused: 0, reason: "", revoked: false };
  var state = null;        // the citizen's answers in progress
  var online = navigator.onLine !== false;
  var syncing = false;
  var idleTimer = null;
  var idleLeft = 0;
  var lastAnswerAt = 0;

  function t(name, values) {
    var text = labels[name] || name;
    Object.keys(values || {}).forEach(function (key) { text = text.replace("%(" + key + ")s", values[key]); });
    return text;
  }

  // --- building the screens -----------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function button(text, className, onClick) {
    var node = el("button", { type: "button", className: className }, text);
    node.addEventListener("click", onClick);
    return node;
  }

  var staff = el("p", { className: "kiosk__staff", "aria-live": "polite" });
  var idleNote = el("p", { className: "kiosk__idle", "aria-live": "polite" });

  function screen(step, build) {
    body.setAttribute("data-kiosk-step", step);
    body.className = "kiosk kiosk--" + step;
    while (main.firstChild) main.removeChild(main.firstChild);
    var where = definition.unit + (definition.counter ? " · " + definition.counter : "");
    main.appendChild(el("p", { className: "kiosk__unit" }, where));
    build(main);
    idleNote.textContent = "";
    main.appendChild(idleNote);
    main.appendChild(staff);
    renderStaff();
    var heading = main.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    restartIdle(step);
  }

  function progress(number, total, last) {
    var wrap = el("p", { className: "kiosk__progress" });
    var label = el("label", { for: "kiosk-progress" }, last ? t("lastStep") : t("question", { number: number, total: total }));
    var bar = el("progress", { id: "kiosk-progress", max: String(total), value: String(last ? total : number - 1) });
    wrap.appendChild(label);
    wrap.appendChild(bar);
    return wrap;
  }

  function showStart() {
    if (status.revoked) return showRevoked();
    state = { id: newId(), answers: {}, index: 0, case_code: "" };
    if (definition.kind === "poll") return showPollChoose();
    screen("start", function (root) {
      root.appendChild(el("h1", { className: "kiosk__question" }, definition.title));
      if (definition.intro) root.appendChild(el("p", { className: "kiosk__intro" }, definition.intro));
      root.appendChild(button(t("start"), "kiosk__confirm", function () { whenReady(function () { showQuestion(0); }); }));
    });
  }

  function showPollChoose() {
    var question = definition.questions[0];
    screen("choose", function (root) {
      root.appendChild(el("h1", { id: "kiosk-question", className: "kiosk__question" }, definition.title));
      var group = el("div", { className: "kiosk__choices", role: "group", "aria-labelledby": "kiosk-question" });
      question.options.forEach(function (option) {
        var kind = option.positive ? "kiosk__choice--positive" : "kiosk__choice--other";
        group.appendChild(button(option.label, "kiosk__choice " + kind, function () {
          whenReady(function () {
            state.answers.choice = option.value;
            showPollConfirm(option);
          });
        }));
      });
      root.appendChild(group);
      root.appendChild(el("p", { className: "kiosk__hint" }, t("hint")));
    });
  }

  function caseCodeField(root) {
    if (!definition.ask_case_code) return null;
    var field = el("div", { className: "kiosk__field" });
    field.appendChild(el("label", { for: "kiosk-case-code" }, t("caseCode")));
    var input = el("input", { id: "kiosk-case-code", type: "text", autocomplete: "off", maxlength: "40" });
    input.value = state.case_code || "";
    field.appendChild(input);
    root.appendChild(field);
    return input;
  }

  function readCaseCode(input, root) {
    if (!input) return true;
    var code = input.value.trim().toUpperCase();
    if (code && !/^[A-Z0-9][A-Z0-9./_-]{0,39}$/.test(code)) {
      var error = root.querySelector(".kiosk__error") || el("p", { className: "kiosk__error", role: "alert", id: "kiosk-error" });
      error.textContent = t("caseCodeInvalid");
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "kiosk-error");
      input.parentNode.insertBefore(error, input);
      input.focus();
      return false;
    }
    state.case_code = code;
    return true;
  }

  function showPollConfirm(option) {
    screen("confirm", function (root) {
      var heading = el("h1", { className: "kiosk__question" }, t("yourAnswer") + ": ");
      heading.appendChild(el("strong", {}, option.label));
      root.appendChild(heading);
      var input = caseCodeField(root);
      var actions = el("div", { className: "kiosk__actions" });
      actions.appendChild(button(t("confirm"), "kiosk__confirm", function () {
        if (readCaseCode(input, root)) finish();
      }));
      actions.appendChild(button(t("chooseAgain"), "kiosk__back", showStart));
      root.appendChild(actions);
    });
  }

  function showQuestion(index) {
    var questions = definition.questions;
    if (index >= questions.length) return showSurveyFinish();
    state.index = index;
    var question = questions[index];
    screen("question", function (root) {
      root.appendChild(progress(index + 1, questions.length, false));
      var error = el("p", { className: "kiosk__error", role: "alert", id: "kiosk-error", hidden: "hidden" });
      function next(value) {
        if (value) state.answers[question.key] = value;
        else delete state.answers[question.key];
        if (!value && question.required) {
          error.textContent = t("required");
          error.hidden = false;
          return;
        }
        showQuestion(index + 1);
      }
      if (question.kind === "text") {
        var heading = el("h1", { className: "kiosk__question" });
        heading.appendChild(el("label", { for: "kiosk-answer" }, question.text));
        root.appendChild(heading);
        root.appendChild(error);
        var area = el("textarea", { id: "kiosk-answer", className: "kiosk__text", rows: "4", maxlength: "2000", "aria-describedby": "kiosk-error" });
        area.value = state.answers[question.key] || "";
        root.appendChild(area);
        var actions = el("div", { className: "kiosk__actions" });
        actions.appendChild(button(t("next"), "kiosk__confirm", function () { next(area.value.trim()); }));
        root.appendChild(actions);
      } else {
        root.appendChild(el("h1", { id: "kiosk-question", className: "kiosk__question" }, question.text));
        root.appendChild(error);
        var group = el("div", { className: "kiosk__choices kiosk__choices--scale", role: "group", "aria-labelledby": "kiosk-question" });
        question.options.forEach(function (option) {
          var chosen = state.answers[question.key] === option.value;
          var node = button(option.label, "kiosk__choice kiosk__choice--option", function () { next(option.value); });
          node.setAttribute("aria-pressed", chosen ? "true" : "false");
          group.appendChild(node);
        });
        root.appendChild(group);
      }
      var nav = el("div", { className: "kiosk__nav" });
      if (index > 0) nav.appendChild(button(t("back"), "kiosk__back", function () { showQuestion(index - 1); }));
      if (!question.required) nav.appendChild(button(t("skip"), "kiosk__back", function () { next(""); }));
      root.appendChild(nav);
    });
  }

  function showSurveyFinish() {
    var total = definition.questions.length;
    screen("finish", function (root) {
      root.appendChild(progress(total, total, true));
      root.appendChild(el("h1", { className: "kiosk__question" }, t("sendAnswers")));
      var input = caseCodeField(root);
      var actions = el("div", { className: "kiosk__actions" });
      actions.appendChild(button(t("send"), "kiosk__confirm", function () {
        if (readCaseCode(input, root)) finish();
      }));
      actions.appendChild(button(t("back"), "kiosk__back", function () { showQuestion(total - 1); }));
      root.appendChild(actions);
    });
  }

  function showThanks() {
    var seconds = Math.max(Number(cfg.thanksSeconds) || 8, Number(definition.min_interval_seconds) || 0);
    screen("thanks", function (root) {
      root.appendChild(el("h1", { className: "kiosk__question", role: "status" }, t("thanks")));
      if (definition.thank_you) root.appendChild(el("p", { className: "kiosk__intro" }, definition.thank_you));
      root.appendChild(el("p", { className: "kiosk__hint" }, t("recorded")));
      var countdown = el("p", { className: "kiosk__hint", "data-countdown": "" }, t("returnsIn", { seconds: seconds }));
      root.appendChild(countdown);
      root.appendChild(button(t("nextCitizen"), "kiosk__confirm", showStart));
      var left = seconds;
      var timer = setInterval(function () {
        left -= 1;
        if (body.getAttribute("data-kiosk-step") !== "thanks") return clearInterval(timer);
        countdown.textContent = t("returnsIn", { seconds: Math.max(left, 0) });
        if (left <= 0) { clearInterval(timer); showStart(); }
      }, 1000);
    });
  }

  function showRevoked() {
    screen("error", function (root) {
      root.appendChild(el("h1", { className: "kiosk__question" }, t("unavailable")));
      root.appendChild(el("p", { className: "kiosk__error", role: "alert" }, t("revoked")));
    });
  }

  // The kiosk's minimum interval between votes, kept on the tablet too (the server checks it again).
  function whenReady(go) {
    var wait = (Number(definition.min_interval_seconds) || 0) * 1000 - (Date.now() - lastAnswerAt);
    if (wait <= 0) return go();
    staff.textContent = t("wait");
    setTimeout(function () { renderStaff(); go(); }, wait);
  }

  // --- idle reset with a visible countdown -----------------------------------------------------
  function restartIdle(step) {
    clearInterval(idleTimer);
    idleNote.textContent = "";
    if (step === "choose" || step === "start" || step === "thanks" || step === "error") return;
    var seconds = Number(definition.idle_seconds) || 60;
    idleLeft = seconds;
    idleTimer = setInterval(function () {
      idleLeft -= 1;
      if (idleLeft <= 10) idleNote.textContent = t("idle", { seconds: Math.max(idleLeft, 0) });
      if (idleLeft <= 0) { clearInterval(idleTimer); showStart(); }
    }, 1000);
  }
  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, function () {
      var seconds = Number(definition.idle_seconds) || 60;
      if (idleLeft > 0) { idleLeft = seconds; idleNote.textContent = ""; }
    }, { passive: true });
  });

  // --- the queue --------------------------------------------------------------------------------
  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function queue() { return readJSON(QUEUE_KEY) || []; }

  function finish() {
    var entry = { id: state.id, answered_at: new Date().toISOString() };
    if (definition.kind === "poll") {
      entry.poll = definition.id;
      entry.choice = state.answers.choice;
    } else {
      entry.survey = definition.id;
      entry.answers = state.answers;
    }
    if (state.case_code) entry.case_code = state.case_code;
    var items = queue();
    items.push(entry);
    writeJSON(QUEUE_KEY, items.slice(-MAX_QUEUE));
    lastAnswerAt = Date.now();
    showThanks();  // at once: the answer is safe on the tablet
    sync();
  }

  function saveStatus() { writeJSON(STATUS_KEY, status); }

  function renderStaff() {
    var waiting = queue().length;
    var parts = [];
    parts.push(online ? t("online") : t("offline"));
    if (waiting) parts.push(t("waiting", { count: waiting }));
    if (status.refused) parts.push(t("refused", { count: status.refused, reason: status.reason }));
    if (status.revoked) parts.push(t("revoked"));
    staff.textContent = parts.join(" · ");
    body.setAttribute("data-kiosk-online", online ? "1" : "0");
    body.setAttribute("data-kiosk-waiting", String(waiting));
  }

  function headers() {
    return { "Content-Type": "application/json", Authorization: "Bearer " + cfg.token };
  }

  function setOnline(value) {
    online = value;
    renderStaff();
  }

  function settle(results) {
    // Stored, already stored, or refused for good: either way, never send these again.
    var done = {};
    (results || []).forEach(function (result) {
      done[result.id] = true;
      if (result.status === "refused") {
        status.refused += 1;
        status.reason = result.message || result.code;
      }
    });
    writeJSON(QUEUE_KEY, queue().filter(function (entry) { return !done[entry.id]; }));
    saveStatus();
  }

  function sync() {
    if (syncing || status.revoked) return;
    var items = queue();
    if (!items.length) return;
    syncing = true;
    var batch = items.slice(0, BATCH);
    fetch(cfg.syncUrl, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ queue_length: items.length, answers: batch }),
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        setOnline(true);
        if (response.status === 403 && data.code === "revoked") {
          settle(data.results);
          status.revoked = true;
          status.reason = data.detail || "";
          saveStatus();
          return showRevoked();
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        settle(data.results);
        if (data.definition_version && data.definition_version !== definition.version) refreshDefinition();
        if (queue().length) setTimeout(sync, 0);  // the next batch
      });
    }).catch(function () {
      setOnline(false);
    }).then(function () {
      syncing = false;
      renderStaff();
    });
  }

  function heartbeat() {
    fetch(cfg.heartbeatUrl, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ queue_length: queue().length }),
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      setOnline(true);
      if (response.status === 403) {
        status.revoked = true;
        saveStatus();
        if (body.getAttribute("data-kiosk-step") === "choose" || body.getAttribute("data-kiosk-step") === "start") showRevoked();
        return null;
      }
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.definition_version && data.definition_version !== definition.version) refreshDefinition();
    }).catch(function () { setOnline(false); });
  }

  function refreshDefinition() {
    fetch(cfg.definitionUrl, { headers: headers(), credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.version) return;
        definition = data;
        writeJSON(DEF_KEY, definition);
        var step = body.getAttribute("data-kiosk-step");
        if (step === "choose" || step === "start") showStart();  // never in the middle of a citizen's answers
      })
      .catch(function () { /* offline: keep the stored definition */ });
  }

  window.addEventListener("online", function () { setOnline(true); sync(); });
  window.addEventListener("offline", function () { setOnline(false); });

  // --- start --------------------------------------------------------------------------------
  if (body.getAttribute("data-kiosk-step") === "thanks") {
    showThanks();
  } else {
    showStart();
  }
  setInterval(sync, SYNC_EVERY);
  setInterval(heartbeat, HEARTBEAT_EVERY);
  heartbeat();
  sync();

  // --- without the offline mode: the server-rendered steps reset themselves ----------------------
  function simpleReset() {
    var url = cfg.resetUrl;
    var seconds = parseInt(cfg.resetSeconds || "60", 10);
    var step = cfg.kioskStep;
    if (!url || step === "error") return;
    var left = seconds;
    var countdown = document.querySelector("[data-countdown]");
    var template = countdown ? countdown.textContent : "";
    function tick() {
      left -= 1;
      if (countdown) countdown.textContent = template.replace(String(seconds), String(Math.max(left, 0)));
      if (left <= 0) {
        if (step === "choose" || step === "start") { left = seconds; return; }
        window.location.replace(url);
      }
    }
    ["pointerdown", "keydown", "input"].forEach(function (name) {
      document.addEventListener(name, function () { if (step !== "thanks") left = seconds; }, { passive: true });
    });
    window.setInterval(tick, 1000);
  }
})();
