/* The desk's search: customers and conversations by name, e-mail, phone (any format) or message
 * text, accents aside (GET /api/search). Results come a page at a time, newest first; "Search older
 * conversations" goes on where the last page stopped. Typing waits a moment before asking. */
(function () {
  'use strict';
  var desk = window.relayDesk;
  var t = desk.t;
  var $ = function (id) { return document.getElementById(id); };
  var timer = null;
  var current = { q: '', next: null, asked: 0 };

  function clear() {
    current = { q: '', next: null, asked: current.asked + 1 };
    $('search-panel').hidden = true;
    $('conversations').hidden = false;
    $('search-results').replaceChildren();
  }

  function row(hit) {
    var li = desk.el('li');
    li.tabIndex = 0;
    li.dataset.id = hit.conversation.id;
    var who = desk.el('div', 'who');
    who.appendChild(desk.el('span', null, hit.customer.name || t('visitor')));
    who.appendChild(desk.el('span', 'channel', hit.conversation.channel));
    who.appendChild(desk.el('span', 'muted', t('state.' + hit.conversation.status)));
    li.appendChild(who);
    li.appendChild(desk.el('div', 'preview', hit.snippet || t('matched.' + hit.matched)));
    function go() { desk.open(hit.conversation.id); }
    li.addEventListener('click', go);
    li.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
    return li;
  }

  function ask(q, after) {
    var asked = ++current.asked;
    $('search-status').textContent = t('searching');
    return desk.api('GET', '/api/search?q=' + encodeURIComponent(q) + (after ? '&after=' + encodeURIComponent(after) : ''))
      .then(function (found) {
        if (asked !== current.asked) return; // a newer search was typed meanwhile
        current.next = found.next;
        found.items.forEach(function (hit) { $('search-results').appendChild(row(hit)); });
        var shown = $('search-results').children.length;
        $('search-status').textContent = shown ? t('searchFound', { n: shown })
          : found.next ? t('searchNoneYet') : t('searchNone');
        $('search-more').hidden = !found.next;
      })
      .catch(function (error) {
        if (asked === current.asked) $('search-status').textContent = desk.problem(error);
      });
  }

  function search() {
    var q = $('search-q').value.trim();
    if (q.length < 2) { clear(); return; }
    current.q = q;
    $('search-panel').hidden = false;
    $('conversations').hidden = true;
    $('search-results').replaceChildren();
    $('search-more').hidden = true;
    ask(q, null);
  }

  $('search-q').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  $('search').addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    search();
  });
  $('search-q').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { $('search-q').value = ''; clear(); }
  });
  $('search-more').addEventListener('click', function () { if (current.next) ask(current.q, current.next); });
})();
