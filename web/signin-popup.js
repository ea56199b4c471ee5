// The last page of a sign-in the widget opened in a popup: hand the one-time code to the widget
// (only on the origin the sign-in began from) and close.
(function () {
  'use strict';
  var el = document.getElementById('tribune-signin-result');
  if (!el || !window.opener) return;
  var origin = el.getAttribute('data-origin');
  var code = el.getAttribute('data-code');
  // No code: the sign-in returns to Tribune's own pages, whose session cookie is now set.
  if (origin && code) window.opener.postMessage({ type: 'tribune:signin', code: code }, origin);
  window.close();
})();
