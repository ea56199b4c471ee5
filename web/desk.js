// Tribune moderation desk: optional enhancement of the /admin pages, which work fully without it.
// - keyboard: j/k move between items, a approve, r reject, s spam, f feature, x select,
//   / search, ? help;
// - the item buttons post with fetch (X-CSRF-Token from <meta name="csrf-token">, Accept JSON)
//   and update the item in place, announcing the outcome in an aria-live region;
// - live: a WebSocket on the staff channel "tribune:desk" brings new and changed comments into the
//   queue on screen (fetched as HTML fragments from /admin/comments/{id}?fragment=1).
(function () {
  "use strict";

  var CHANNEL = "tribune:desk";
  var MAX_BACKOFF_MS = 30000;
  var ACTION_WORDS = {
    approve: "Approved", reject: "Rejected", spam: "Marked as spam",
    feature: "Featured", unfeature: "No longer featured"
  };
  // Which comment statuses each queue shows (reported: decided by the server, see belongs()).
  var QUEUE_STATUS = { pending: "pending", approved: "approved", rejected: "rejected", spam: "spam", deleted: "deleted" };

  var csrf = "";
  var list = null;        // [data-desk-items]
  var queue = "";         // the queue on screen ("" on pages without one)
  var focused = null;     // the item with the keyboard focus ring
  var live = null;        // aria-live region
  var help = null;        // the shortcut help dialog

  // ---------- small helpers ----------

  function announce(text) {
    if (!live) return;
    live.textContent = "";
    // A fresh text node after a tick, so screen readers announce a repeated message too.
    window.setTimeout(function () { live.textContent = text; }, 30);
  }

  function items() {
    return list ? Array.prototype.slice.call(list.querySelectorAll(".desk-item")) : [];
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  // This page's URL without the one-off notice parameters: where item forms come back to.
  function returnPath() {
    var q = new URLSearchParams(window.location.search);
    q.delete("done");
    q.delete("failed");
    var s = q.toString();
    return window.location.pathname + (s ? "?" + s : "");
  }

  function dropNoticeParams() {
    var clean = returnPath();
    if (clean !== window.location.pathname + window.location.search && window.history.replaceState)
      window.history.replaceState(null, "", clean + window.location.hash);
  }

  function tabCount(name) {
    return document.querySelector('.desk-count[data-count="' + name + '"]');
  }

  function bumpCount(name, delta) {
    var el = tabCount(name);
    if (!el) return;
    var n = parseInt(el.textContent, 10);
    if (isNaN(n)) return;
    el.textContent = String(Math.max(0, n + delta));
  }

  function showEmptyIfNeeded() {
    var empty = document.querySelector("[data-desk-empty]");
    var bulk = document.getElementById("desk-bulk");
    if (bulk && list && !list.hasAttribute("data-single")) bulk.hidden = items().length === 0;
    if (items().length > 0) {
      if (empty) empty.hidden = true;
      return;
    }
    if (!empty && list) {
      empty = document.createElement("p");
      empty.className = "empty-state";
      empty.setAttribute("data-desk-empty", "");
      empty.textContent = "Nothing left here.";
      list.parentNode.insertBefore(empty, list.nextSibling);
    }
    if (empty) empty.hidden = false;
  }

  // ---------- focus: j / k ----------

  function setFocus(item, scroll) {
    if (focused) focused.classList.remove("is-focused");
    focused = item;
    if (!item) return;
    item.classList.add("is-focused");
    if (!item.hasAttribute("tabindex")) item.setAttribute("tabindex", "-1");
    item.focus({ preventScroll: true });
    if (scroll !== false) item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function move(step) {
    var all = items();
    if (all.length === 0) return;
    var at = focused ? all.indexOf(focused) : -1;
    var next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    setFocus(all[next]);
  }

  function removeItem(item) {
    var all = items();
    var at = all.indexOf(item);
    var wasFocused = item === focused;
    item.remove();
    if (wasFocused) {
      focused = null;
      var rest = items();
      if (rest.length) setFocus(rest[Math.min(at, rest.length - 1)]);
    }
    updateBulkCount();
    showEmptyIfNeeded();
  }

  // ---------- acting on an item ----------

  function itemForm(item, action) {
    if (action === "feature") {
      return item.querySelector("form.desk-action-feature") || item.querySelector("form.desk-action-unfeature");
    }
    return item.querySelector("form.desk-action-" + action);
  }

  function fragmentUrl(id) {
    return "/admin/comments/" + encodeURIComponent(id) + "?fragment=1&return=" + encodeURIComponent(returnPath());
  }

  function fetchFragment(id) {
    return fetch(fragmentUrl(id), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        if (!res.ok || res.redirected) throw new Error("HTTP " + res.status);
        return res.text();
      })
      .then(function (html) {
        var t = document.createElement("template");
        t.innerHTML = html.trim();
        var el = t.content.firstElementChild;
        if (!el || !el.classList.contains("desk-item")) throw new Error("not an item");
        if (list && list.hasAttribute("data-single")) {
          var box = el.querySelector("[data-select]");
          if (box && box.nextElementSibling) box.nextElementSibling.remove();
          if (box) box.remove();
        }
        return el;
      });
  }

  // Whether a comment now in `status` (with `el`, its fresh fragment, when known) belongs in the
  // queue on screen, as far as the page can tell; the search filters are checked too.
  function belongs(comment, el) {
    if (!list || !queue) return false;
    if (queue === "reported") {
      if (!el) return null;  // unknown until the fragment says how many open reports it has
      return parseInt(el.getAttribute("data-reports") || "0", 10) > 0 && comment.status !== "deleted";
    }
    if (QUEUE_STATUS[queue] !== comment.status) return false;
    var page = list.getAttribute("data-page") || "";
    if (page && comment.page !== page) return false;
    var q = (list.getAttribute("data-q") || "").toLowerCase();
    if (q && String(comment.text || "").toLowerCase().indexOf(q) < 0) return false;
    var author = (list.getAttribute("data-author") || "").toLowerCase();
    var name = comment.author && comment.author.name ? String(comment.author.name) : "";
    if (author && name.toLowerCase().indexOf(author) < 0) return false;
    return true;
  }

  function showItemError(item, text) {
    var p = item.querySelector(".desk-item-error");
    if (!p) {
      p = document.createElement("p");
      p.className = "desk-item-error";
      p.setAttribute("role", "alert");
      var actions = item.querySelector(".desk-actions");
      item.insertBefore(p, actions);
    }
    p.textContent = text;
  }

  function problemText(res) {
    return res.json().then(function (p) {
      var t = p && (p.title || "") + (p && p.detail ? ": " + p.detail : "");
      return t || "Something went wrong (HTTP " + res.status + ").";
    }, function () { return "Something went wrong (HTTP " + res.status + ")."; });
  }

  function submitAction(form) {
    var item = form.closest(".desk-item");
    var action = (form.querySelector('input[name="action"]') || {}).value || "";
    var button = form.querySelector("button");
    if (!item || form.getAttribute("data-busy")) return;
    form.setAttribute("data-busy", "1");
    if (button) button.disabled = true;
    item.setAttribute("aria-busy", "true");
    var oldStatus = item.getAttribute("data-status");
    // Not form.action: the form's own <input name="action"> shadows that property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRF-Token": csrf
      },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (res) {
      if (!res.ok) return problemText(res).then(function (t) { throw new Error(t); });
      return res.json();
    }).then(function (answer) {
      var c = answer.comment || {};
      var id = item.getAttribute("data-id");
      announce((ACTION_WORDS[action] || "Done") + ": comment " + id);
      if (oldStatus === "pending" && c.status !== "pending") bumpCount("pending", -1);
      var resolved = action === "approve" || action === "reject" || action === "spam";
      var stays = queue === "reported" ? !resolved : belongs(c, null);
      if (list && list.hasAttribute("data-single")) stays = true;
      if (!stays) {
        if (queue === "reported") bumpCount("reported", -1);
        removeItem(item);
        return;
      }
      return fetchFragment(id).then(function (fresh) {
        var wasFocused = item === focused;
        item.replaceWith(fresh);
        if (wasFocused) setFocus(fresh, false);
      });
    }).catch(function (err) {
      showItemError(item, err.message || "The action failed.");
      announce("Failed: " + (err.message || "the action failed"));
    }).then(function () {
      form.removeAttribute("data-busy");
      if (button) button.disabled = false;
      item.removeAttribute("aria-busy");
    });
  }

  function act(action) {
    if (!focused) return;
    var form = itemForm(focused, action);
    if (form) submitAction(form);
  }

  function toggleSelect() {
    if (!focused) return;
    var box = focused.querySelector("[data-select]");
    if (!box) return;
    box.checked = !box.checked;
    updateBulkCount();
  }

  function updateBulkCount() {
    var out = document.querySelector("[data-bulk-count]");
    if (!out) return;
    var n = document.querySelectorAll("[data-select]:checked").length;
    out.hidden = n === 0;
    out.textContent = n === 1 ? "1 selected" : n + " selected";
  }

  // ---------- help ----------

  var SHORTCUTS = [
    ["j / k", "next / previous comment"], ["a", "approve"], ["r", "reject"], ["s", "spam"],
    ["f", "feature or unfeature"], ["x", "select for a bulk action"], ["/", "search"], ["?", "this help"],
    ["Esc", "close"]
  ];

  function toggleHelp() {
    if (!help) {
      help = document.createElement("div");
      help.className = "desk-help";
      help.setAttribute("role", "dialog");
      help.setAttribute("aria-modal", "false");
      help.setAttribute("aria-labelledby", "desk-help-title");
      help.setAttribute("tabindex", "-1");
      var h = document.createElement("h2");
      h.id = "desk-help-title";
      h.textContent = "Keyboard shortcuts";
      help.appendChild(h);
      var dl = document.createElement("dl");
      SHORTCUTS.forEach(function (s) {
        var dt = document.createElement("dt");
        var kbd = document.createElement("kbd");
        kbd.textContent = s[0];
        dt.appendChild(kbd);
        var dd = document.createElement("dd");
        dd.textContent = s[1];
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      help.appendChild(dl);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Close";
      close.addEventListener("click", function () { toggleHelp(); });
      help.appendChild(close);
      help.hidden = true;
      document.body.appendChild(help);
    }
    help.hidden = !help.hidden;
    if (!help.hidden) help.focus();
    else if (focused) focused.focus({ preventScroll: true });
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") {
      if (help && !help.hidden) { toggleHelp(); e.preventDefault(); }
      return;
    }
    if (isTyping(e.target)) return;
    var handled = true;
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": act("approve"); break;
      case "r": act("reject"); break;
      case "s": act("spam"); break;
      case "f": act("feature"); break;
      case "x": toggleSelect(); break;
      case "/": {
        var search = document.querySelector("[data-search]");
        if (search) { search.focus(); search.select(); } else handled = false;
        break;
      }
      case "?": toggleHelp(); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  }

  // ---------- live ----------

  function onFrame(m) {
    if (!m || !list || list.hasAttribute("data-single")) return;
    if (m.type === "comment.deleted") {
      if (queue === "deleted") return;
      var gone = list.querySelector('.desk-item[data-id="' + String(m.id) + '"]');
      if (gone) removeItem(gone);
      return;
    }
    if (m.type !== "comment.created" && m.type !== "comment.updated") return;
    var c = m.comment;
    if (!c || c.id == null) return;
    var id = String(c.id);
    var present = list.querySelector('.desk-item[data-id="' + id + '"]');
    if (m.type === "comment.created" && c.status === "pending" && queue !== "pending") bumpCount("pending", 1);
    if (m.type === "comment.created" && queue === "reported") return;  // nobody has reported it yet
    var verdict = belongs(c, null);
    if (verdict === false) {
      if (present && !present.getAttribute("aria-busy")) {
        if (queue === "pending" && m.type === "comment.updated") bumpCount("pending", -1);
        removeItem(present);
      }
      return;
    }
    // Later pages keep their place; new items only go on top of the first page.
    if (!present && new URLSearchParams(window.location.search).has("after")) return;
    fetchFragment(id).then(function (el) {
      if (belongs(c, el) === false) {
        var stale = list.querySelector('.desk-item[data-id="' + id + '"]');
        if (stale) removeItem(stale);
        return;
      }
      var now = list.querySelector('.desk-item[data-id="' + id + '"]');
      if (now) {
        if (now.getAttribute("aria-busy")) return;
        var wasFocused = now === focused;
        now.replaceWith(el);
        if (wasFocused) setFocus(el, false);
        return;
      }
      el.classList.add("is-new");
      list.insertBefore(el, list.firstElementChild);
      bumpCount(queue, 1);
      showEmptyIfNeeded();
      announce("New in " + queue + ": comment " + id);
    }).catch(function () { /* a comment we may not see, or the session ended */ });
  }

  function connect() {
    if (!window.WebSocket || !list || list.hasAttribute("data-single")) return;
    var backoff = 1000;
    var lastId = null;
    var open = function () {
      var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      var q = new URLSearchParams({ page: CHANNEL });
      if (lastId != null) q.set("last_event_id", String(lastId));
      var ws;
      try { ws = new WebSocket(scheme + "//" + window.location.host + "/api/v1/live?" + q.toString()); } catch (e) {
        retry();
        return;
      }
      ws.onopen = function () { backoff = 1000; };
      ws.onmessage = function (ev) {
        var m;
        try { m = JSON.parse(ev.data); } catch (e) { return; }
        if (typeof m.event_id === "number" && m.type !== "hello") lastId = m.event_id;
        if (m.type === "hello" && typeof m.event_id === "number" && lastId == null) lastId = m.event_id;
        onFrame(m);
      };
      ws.onclose = function () { retry(); };
    };
    var retry = function () {
      var wait = Math.min(MAX_BACKOFF_MS, backoff) * (0.75 + Math.random() * 0.5);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      window.setTimeout(open, wait);
    };
    open();
  }

  // ---------- the article editor (/admin/articles/new, /admin/articles/{slug}) ----------
  // Without this the editor is a plain form with a Preview button that posts into the frame.
  // With it: the preview follows the typing, drafts save themselves, files are uploaded by
  // drag and drop or a file picker, Ctrl+S saves and Ctrl+Enter refreshes the preview.

  var AUTOSAVE_MS = 3000;           // after the last change...
  var AUTOSAVE_EVERY_MS = 30000;    // ...but at most this often: each autosave is a kept version
  var PREVIEW_MS = 700;
  var MAX_DROPPED_FILES = 5;

  function formBody(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function insertAtCursor(area, text) {
    var start = area.selectionStart, end = area.selectionEnd;
    if (typeof start !== "number") { area.value += text; return; }
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.selectionStart = area.selectionEnd = start + text.length;
  }

  function durationText(seconds) {
    var s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return h > 0 ? h + ":" + two(m) + ":" + two(r) : two(m) + ":" + two(r);
  }

  // "harbour-at-dawn_2.jpg" -> "harbour at dawn 2": a start for the alt text, which the writer edits.
  function altFromName(name) {
    return name.replace(/\.[^.]*$/, "").replace(/[-_]+/g, " ").replace(/[\[\]()]/g, "").trim() || "media";
  }

  // A reply as {ok, status, body}: the body parsed only when it is JSON (a proxy's HTML error
  // page, a 413 from the server, is not), else {}.
  function replyOf(r) {
    var type = r.headers.get("Content-Type") || "";
    var body = /json/.test(type) ? r.json().catch(function () { return {}; }) : Promise.resolve({});
    return body.then(function (j) { return { ok: r.ok, status: r.status, body: j || {} }; });
  }

  function whyNot(res) {
    return res.body.detail || res.body.title || ("the server answered " + res.status);
  }

  function startEditor() {
    var form = document.getElementById("article-form");
    if (!form) return;
    var frame = document.getElementById("article-preview");
    var state = form.querySelector(".desk-autosave");
    var body = form.elements.body_markdown;
    var status = form.elements.status;
    var dirty = false, saving = false, stopped = false, pendingSubmit = null, afterSave = null;
    var saveTimer = null, previewTimer = null, previewSeq = 0, lastAutosave = 0;

    // The save line is read at a glance; only failures are announced (not every autosave).
    var say = function (text) {
      if (state) state.textContent = text;
      if (/^Not /.test(text)) announce(text);
    };
    var autosaves = function () {
      return form.hasAttribute("data-autosave") && !stopped && (!status || status.value === "draft");
    };

    function refreshPreview(done) {
      if (!frame || !window.fetch) return;
      var seq = ++previewSeq;
      fetch("/admin/preview", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: formBody(form)
      }).then(function (r) { return r.text(); }).then(function (html) {
        if (seq !== previewSeq) return;  // a newer preview is on its way
        var y = 0;
        try { y = frame.contentWindow.scrollY; } catch (e) { /* not yet loaded */ }
        var restore = function () {
          frame.removeEventListener("load", restore);
          try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* nothing to restore */ }
          if (typeof done === "function") done();
        };
        frame.addEventListener("load", restore);
        frame.srcdoc = html;
      }).catch(function () { /* the next change tries again */ });
    }

    function saved(res) {
      form.setAttribute("action", res.edit_path);
      form.elements.base_revision.value = String(res.revision);
      form.elements.article.value = res.slug;
      // The address is the article's from its first save: shown, so it is never a surprise.
      if (form.elements.slug && !form.elements.slug.value) form.elements.slug.value = res.slug;
      if (form.elements.comments_was) form.elements.comments_was.value = form.elements.comments.value;
      if (form.elements.moderation_was) form.elements.moderation_was.value = form.elements.moderation.value;
      if (window.location.pathname !== res.edit_path && window.history.replaceState)
        window.history.replaceState(null, "", res.edit_path);
      say("Draft saved at " + new Date().toLocaleTimeString() + " (version " + res.revision + ").");
    }

    // Whether an autosave can go now: a title, a slug the field accepts and not half typed.
    function readyToSave() {
      var slug = form.elements.slug;
      if (!form.elements.title.value.trim()) return false;
      if (slug && (document.activeElement === slug || (slug.validity && !slug.validity.valid))) return false;
      return true;
    }

    function autosave() {
      saveTimer = null;
      if (saving) return;  // the save on its way reschedules when it is back
      if (!dirty || !autosaves() || !readyToSave()) return;
      var wait = lastAutosave + AUTOSAVE_EVERY_MS - Date.now();
      if (wait > 0 && !afterSave) {
        saveTimer = window.setTimeout(autosave, wait);
        return;
      }
      lastAutosave = Date.now();
      saving = true;
      dirty = false;
      say("Saving the draft\u2026");
      fetch(form.getAttribute("action"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" },
        body: formBody(form)
      }).then(replyOf).then(function (res) {
        saving = false;
        var slugTaken = (res.body.errors || []).some(function (e) { return e.field === "slug"; });
        if (res.ok) {
          saved(res.body);
          if (afterSave && !dirty) {
            var then = afterSave;
            afterSave = null;
            then();
          }
          if (dirty) scheduleSave();  // typed while this one was on its way
        } else if (res.status === 409 && !slugTaken) {
          stopped = true;
          say("Not saved: someone changed this article meanwhile. Copy your text and reload to see theirs.");
        } else {
          dirty = true;
          say("Not saved yet: " + whyNot(res) + ".");
        }
        if (!res.ok) cancelAfterSave();
        finishPending();
      }).catch(function () {
        saving = false;
        dirty = true;
        say("Not saved: the server could not be reached. Trying again.");
        cancelAfterSave();
        finishPending();
        scheduleSave();
      });
    }

    // A Save clicked while an autosave was on its way goes out once that one is back, with
    // the version it made (otherwise it would conflict with it).
    function finishPending() {
      if (!pendingSubmit) return;
      var button = pendingSubmit;
      pendingSubmit = null;
      if (form.requestSubmit) form.requestSubmit(button.form === form ? button : undefined);
      else form.submit();
    }

    function cancelAfterSave() {
      if (!afterSave) return;
      afterSave = null;
      announce("Not submitted for review: the draft could not be saved first.");
    }

    function scheduleSave() {
      if (saveTimer) window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(autosave, AUTOSAVE_MS);
    }

    function changed() {
      dirty = true;
      if (autosaves()) scheduleSave();
      if (previewTimer) window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(refreshPreview, PREVIEW_MS);
    }

    function upload(file, target, note) {
      note.textContent = "Uploading " + file.name + "\u2026";
      fetch("/api/v1/media?filename=" + encodeURIComponent(file.name.slice(0, 200)), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": file.type || "application/octet-stream", "X-CSRF-Token": csrf, "Accept": "application/json" },
        body: file
      }).then(replyOf).then(function (res) {
        if (!res.ok) {
          note.textContent = "Not uploaded: " + file.name + ": " + whyNot(res) + ".";
          return;
        }
        var m = res.body;
        if (target === "lead") {
          form.elements.media_url.value = m.url;
          if (!form.elements.media_alt.value) form.elements.media_alt.value = altFromName(file.name);
        } else {
          insertAtCursor(body, "\n![" + altFromName(file.name) + "](" + m.url + ")\n");
        }
        note.textContent = "Uploaded " + file.name + (m.duration_seconds ? " (" + durationText(m.duration_seconds) + ")" : "") +
          (target === "lead" ? ": it is the lead media now." : ": inserted in the body.");
        changed();
      }).catch(function () { note.textContent = "Not uploaded: the server could not be reached."; });
    }

    Array.prototype.forEach.call(form.querySelectorAll("[data-upload]"), function (box) {
      box.hidden = false;
      var input = box.querySelector("input[type=file]");
      var note = box.querySelector(".desk-upload-status");
      input.addEventListener("change", function () {
        if (input.files && input.files[0]) upload(input.files[0], box.getAttribute("data-upload"), note);
        input.value = "";
      });
    });
    var bodyNote = form.querySelector('[data-upload="body"] .desk-upload-status');
    body.addEventListener("dragover", function (e) {
      if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0) {
        e.preventDefault();
        body.classList.add("is-drop-target");
      }
    });
    body.addEventListener("dragleave", function () { body.classList.remove("is-drop-target"); });
    body.addEventListener("drop", function (e) {
      body.classList.remove("is-drop-target");
      if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
      e.preventDefault();
      var files = Array.prototype.slice.call(e.dataTransfer.files);
      files.slice(0, MAX_DROPPED_FILES).forEach(function (f) { upload(f, "body", bodyNote); });
      if (files.length > MAX_DROPPED_FILES)
        announce("Only the first " + MAX_DROPPED_FILES + " files are uploaded; drop the others again.");
    });

    form.addEventListener("input", changed);
    form.addEventListener("change", function (e) { if (e.target && e.target.type !== "file") changed(); });
    form.addEventListener("submit", function (e) {
      var button = e.submitter;
      if (button && button.hasAttribute("data-preview-button")) {
        if (!window.fetch) return;  // the plain form posts into the frame
        e.preventDefault();
        refreshPreview();
        return;
      }
      if (saving) {
        e.preventDefault();
        pendingSubmit = button || form;
        say("Waiting for the draft being saved\u2026");
        return;
      }
      dirty = false;  // leaving with the form: nothing to warn about
    });
    // "Submit for review" hands over what is on screen: unsaved changes are saved first.
    var review = document.querySelector(".desk-review-form");
    if (review) review.addEventListener("submit", function (e) {
      if (!dirty && !saving) return;
      if (!saving && (!autosaves() || !form.elements.title.value.trim())) {
        // Nothing can be saved from here (no title, a conflict, not a draft on screen): say so.
        e.preventDefault();
        say("Save the article first (it needs a title), then submit it for review.");
        return;
      }
      e.preventDefault();
      say("Saving the draft before it goes to the editors\u2026");
      afterSave = function () { dirty = false; review.submit(); };
      if (!saving) {
        if (saveTimer) window.clearTimeout(saveTimer);
        autosave();
      }
    });
    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S")) {
        e.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      } else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
        e.preventDefault();
        refreshPreview(function () { announce("Preview updated."); });
      }
    });
    window.addEventListener("beforeunload", function (e) {
      if (!dirty && !saving) return;
      e.preventDefault();
      e.returnValue = "";
    });
    refreshPreview();
  }

  // ---------- the import (/admin/import, admins) ----------
  // The file goes up in chunks (each within the server's body limit) to /api/v1/imports, the
  // job starts, and its status is polled every second into the progress bar until it ends.
  // Cancel (DELETE) stops the upload, or the import at its next item; what it stored stays.

  function importApi(method, url, body, type) {
    var headers = { "Accept": "application/json", "X-CSRF-Token": csrf };
    if (type) headers["Content-Type"] = type;
    return fetch(url, { method: method, credentials: "same-origin", headers: headers, body: body })
      .then(function (res) {
        if (!res.ok) return problemText(res).then(function (t) { var e = new Error(t); e.status = res.status; throw e; });
        return res.json();
      });
  }

  function startImport() {
    var form = document.getElementById("import-form");
    if (!form) return;
    var panel = document.getElementById("import-job");
    var bar = document.getElementById("import-progress");
    var phase = document.getElementById("import-phase");
    var fileName = document.getElementById("import-file-name");
    var summary = document.getElementById("import-summary");
    var notes = document.getElementById("import-notes");
    var report = document.getElementById("import-report");
    var submit = document.getElementById("import-submit");
    var cancel = document.getElementById("import-cancel");
    var max = Number(form.getAttribute("data-import-max") || "0");
    var jobId = null;
    var format = "";
    var cancelling = false;

    // WordPress comments go to the articles its posts become: the page-key fields do not apply.
    function pageKeysApply() {
      var option = form.elements.format.options[form.elements.format.selectedIndex];
      var off = option && option.getAttribute("data-page-keys") === "no";
      ["page_key", "map_old", "map_new"].forEach(function (name) { form.elements[name].disabled = off; });
      return !off;
    }
    form.elements.format.addEventListener("change", pageKeysApply);
    pageKeysApply();

    function listNotes(job) {
      notes.textContent = "";
      var n = (job.total && job.total.notes) || {};
      Object.keys(n).forEach(function (k) {
        var li = document.createElement("li");
        li.textContent = k.replace(/_/g, " ") + ": " + n[k];
        notes.appendChild(li);
      });
      (job.messages || []).forEach(function (m) {
        var li = document.createElement("li");
        li.textContent = m;
        notes.appendChild(li);
      });
    }

    function show(job) {
      panel.hidden = false;
      jobId = job.id;
      fileName.textContent = job.file_name + " (" + job.format + (job.dry_run ? ", dry run" : "") + ")";
      var size = Math.max(job.size, 1);
      var ended = job.state === "done" || job.state === "failed" || job.state === "cancelled";
      cancel.hidden = ended;
      cancel.disabled = cancelling || !!job.cancel_requested;
      if (job.state === "uploading") {
        bar.max = size; bar.value = job.received;
        phase.textContent = "Uploading: " + Math.floor(100 * job.received / size) + "%";
      } else if (job.state === "running") {
        bar.max = size; bar.value = Math.min(job.bytes_read, size);
        phase.textContent = (job.cancel_requested ? "Cancelling: " : "Importing: ") + job.items_read +
          " items read, " + Math.floor(100 * Math.min(job.bytes_read, size) / size) + "% of the file";
      } else if (job.state === "done") {
        bar.max = 1; bar.value = 1;
        phase.textContent = "Done.";
      } else if (job.state === "cancelled") {
        phase.textContent = job.summary ? "Cancelled. What was stored before stays." : "Cancelled.";
      } else {
        phase.textContent = "Failed: " + (job.error || "the import stopped");
      }
      if (job.summary) {
        summary.textContent = job.summary;
        listNotes(job);
        report.href = job.report_url;
        report.hidden = false;
      }
      if (ended) {
        submit.disabled = false;
        announce(phase.textContent);
      }
    }

    function follow(id) {
      importApi("GET", "/api/v1/imports/" + encodeURIComponent(id)).then(function (job) {
        format = job.format;
        show(job);
        if (job.state === "running") window.setTimeout(function () { follow(id); }, 1000);
      }).catch(function (err) {
        cancel.hidden = true;
        submit.disabled = false;
        // A Tribune export replaces the server's accounts, this session with them.
        phase.textContent = err.status === 401 && format === "tribune"
          ? "This server's accounts are now the export's: log in again with one of them to see the result."
          : err.message;
      });
    }

    function upload(job, file) {
      var chunk = job.chunk_bytes;
      var sendChunk = function (n) {
        var from = n * chunk;
        if (cancelling) return Promise.reject(new Error("Cancelled."));
        if (from >= file.size) return Promise.resolve(job);
        var piece = file.slice(from, Math.min(file.size, from + chunk));
        return importApi("PUT", "/api/v1/imports/" + job.id + "/chunks/" + n, piece, "application/octet-stream")
          .then(function (now) { job = now; show(now); return sendChunk(n + 1); });
      };
      return sendChunk(0);
    }

    cancel.addEventListener("click", function () {
      if (!jobId) return;
      cancelling = true;
      cancel.disabled = true;
      importApi("DELETE", "/api/v1/imports/" + encodeURIComponent(jobId)).then(function (job) {
        show(job);
        if (job.state === "running") follow(job.id);
      }).catch(function (err) { phase.textContent = err.message; });
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var file = form.elements.file.files[0];
      if (!file) return;
      if (max && file.size > max) {
        panel.hidden = false;
        phase.textContent = "The file is larger than this server takes (" + max + " bytes).";
        return;
      }
      format = form.elements.format.value;
      var settings = { format: format, file_name: file.name, size: file.size, dry_run: form.elements.dry_run.checked };
      if (pageKeysApply()) {
        var mapOld = form.elements.map_old.value, mapNew = form.elements.map_new.value;
        settings.page_key = form.elements.page_key.value;
        if (mapOld) settings.map = mapOld + "=" + mapNew;
      }
      submit.disabled = true;
      cancelling = false;
      summary.textContent = ""; notes.textContent = ""; report.hidden = true;
      importApi("POST", "/api/v1/imports", JSON.stringify(settings), "application/json")
        .then(function (job) { show(job); return upload(job, file); })
        .then(function (job) { return importApi("POST", "/api/v1/imports/" + job.id + "/start"); })
        .then(function (job) { show(job); follow(job.id); })
        .catch(function (err) {
          panel.hidden = false;
          // A cancelled upload shows its own state; other failures say what went wrong.
          if (cancelling) return;
          phase.textContent = err.message;
          cancel.hidden = true;
          submit.disabled = false;
        });
    });

    // A page opened while this node imports (or after) shows that job.
    var current = form.getAttribute("data-import-current");
    if (current) follow(current);
  }

  // ---------- start ----------

  function start() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    csrf = meta ? meta.getAttribute("content") || "" : "";
    list = document.querySelector("[data-desk-items]");
    queue = list ? list.getAttribute("data-queue") || "" : "";
    live = document.querySelector("[data-desk-live]");
    dropNoticeParams();

    document.addEventListener("keydown", onKey);
    document.addEventListener("submit", function (e) {
      var form = e.target;
      if (!form.classList || !form.classList.contains("desk-action") || !csrf) return;
      e.preventDefault();
      submitAction(form);
    });
    document.addEventListener("change", function (e) {
      if (e.target && e.target.hasAttribute && e.target.hasAttribute("data-select")) updateBulkCount();
    });
    // A click inside an item moves the focus ring there, so shortcuts act on what was clicked.
    document.addEventListener("click", function (e) {
      var item = e.target.closest && e.target.closest(".desk-item");
      if (item && item !== focused) setFocus(item, false);
    });
    var hint = document.createElement("p");
    hint.className = "desk-shortcut-hint";
    hint.innerHTML = "Press <kbd>?</kbd> for keyboard shortcuts.";
    if (list && !list.hasAttribute("data-single")) list.parentNode.insertBefore(hint, list);
    updateBulkCount();
    connect();
    startEditor();
    startImport();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
