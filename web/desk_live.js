// The live-coverage desk (/admin/articles/{slug}/live), made quicker with a script: Ctrl+Enter
// (or Cmd+Enter) in an update's text posts its form, and a deletion asks with confirm() and then
// goes straight through. Without it the page's plain forms do the same (the server asks before a
// deletion on a page of its own).
(() => {
  'use strict';

  document.addEventListener('keydown', (e) => {
    const area = e.target;
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || !(area instanceof HTMLTextAreaElement)) return;
    if (!area.hasAttribute('data-desk-live-submit') || !area.form) return;
    e.preventDefault();
    area.form.requestSubmit();
  });

  document.addEventListener('submit', (e) => {
    const button = e.submitter || e.target.querySelector('button[data-confirm]');
    const question = button && button.getAttribute('data-confirm');
    if (!question) return;
    if (!window.confirm(question)) {
      e.preventDefault();
      return;
    }
    if (!e.target.querySelector('input[name="confirm"]')) {
      const yes = document.createElement('input');
      yes.type = 'hidden';
      yes.name = 'confirm';
      yes.value = 'yes';
      e.target.append(yes);
    }
  });
})();
