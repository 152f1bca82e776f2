/* Keyboard shortcuts (listed under "Keyboard shortcuts" at the bottom, "?" opens it). Single keys
 * act only when the agent is not typing in a field; Alt combinations work everywhere. */
(function () {
  'use strict';
  var desk = window.relayDesk;
  var $ = function (id) { return document.getElementById(id); };

  function typing(target) {
    return target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT'
      || target.isContentEditable);
  }

  function step(by) {
    var ids = desk.conversationIds();
    if (!ids.length) return;
    var at = ids.indexOf(desk.selected());
    var next = at < 0 ? 0 : Math.min(ids.length - 1, Math.max(0, at + by));
    desk.open(ids[next]).then(function () {
      var row = document.querySelector('#conversations li[data-id="' + CSS.escape(ids[next]) + '"]');
      if (row) row.scrollIntoView({ block: 'nearest' });
    });
  }

  document.addEventListener('keydown', function (e) {
    if ($('desk').hidden) return;
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      var key = e.key.toLowerCase();
      // Alt+letter gives another character on some layouts (macOS): e.code is the key itself.
      var code = (e.code || '').replace('Key', '').toLowerCase();
      var which = ['n', 'c', 't'].indexOf(code) >= 0 ? code : key;
      if (which === 'n' && desk.selected()) {
        var note = $('mode-note');
        (note.checked ? $('mode-reply') : note).click();
        $('reply-text').focus();
        e.preventDefault();
      } else if (which === 'c' && desk.selected() && !$('canned').disabled) {
        $('canned').focus();
        e.preventDefault();
      } else if (which === 't' && desk.selected()) {
        $('transfer-open').click();
        e.preventDefault();
      }
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && e.target === $('reply-text')) return; // desk.js sends
    if (typing(e.target) || e.ctrlKey || e.metaKey) return;
    if (e.key === '/') {
      $('search-q').focus();
      e.preventDefault();
    } else if (e.key === 'j' || e.key === 'k') {
      step(e.key === 'j' ? 1 : -1);
      e.preventDefault();
    } else if (e.key === 'r' && desk.selected()) {
      $('reply-text').focus();
      e.preventDefault();
    } else if (e.key === '?') {
      $('shortcuts').open = !$('shortcuts').open;
      e.preventDefault();
    }
  });
})();
