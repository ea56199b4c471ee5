// Tribune: optional progressive enhancement. Every page works fully without this file.
// - shows the "Copy link" button and copies with navigator.clipboard;
// - refreshes relative comment times ("4 years ago") every minute from their datetime attribute,
//   with the same rules as src/render/relative_time.cpp.
(function () {
  "use strict";

  var MINUTE = 60, HOUR = 3600, DAY = 86400;

  function ago(n, unit) {
    return n === 1 ? "1 " + unit + " ago" : n + " " + unit + "s ago";
  }

  function relativeTime(thenMs, nowMs) {
    var s = Math.floor((nowMs - thenMs) / 1000);
    if (s < 45) return "just now";
    if (s < HOUR) return ago(s < MINUTE ? 1 : Math.floor(s / MINUTE), "minute");
    if (s < DAY) return ago(Math.floor(s / HOUR), "hour");
    var days = Math.floor(s / DAY);
    if (days < 30) return ago(days, "day");
    if (days < 365) return ago(Math.min(12, Math.floor(days / 30)), "month");
    return ago(Math.floor(days / 365), "year");
  }

  function refreshTimes() {
    var now = Date.now();
    var times = document.querySelectorAll(".comment-meta time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var then = Date.parse(times[i].getAttribute("datetime"));
      if (!isNaN(then)) times[i].textContent = relativeTime(then, now);
    }
  }

  function enableCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    var buttons = document.querySelectorAll("button[data-copy-url]");
    for (var i = 0; i < buttons.length; i++) {
      (function (button) {
        var label = button.textContent;
        button.hidden = false;
        button.addEventListener("click", function () {
          navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(
            function () { flash(button, "Copied", label); },
            function () { flash(button, "Copy failed", label); });
        });
      })(buttons[i]);
    }
  }

  function flash(button, text, label) {
    button.textContent = text;
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  function start() {
    enableCopyButtons();
    refreshTimes();
    window.setInterval(refreshTimes, 60 * 1000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
