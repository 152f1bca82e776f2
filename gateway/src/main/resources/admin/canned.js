/* Relay admin page, canned replies: list, add, edit and delete (/api/admin/canned-replies). A
 * refusal lists every problem (an unknown {placeholder}, a bad ICU message) and nothing is saved. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var BASE = '/api/admin/canned-replies';
  var api = null;

  function status(text, ok) {
    $('canned-status').textContent = text;
    $('canned-status').className = ok ? 'ok' : 'error';
  }

  function problems(details) {
    $('canned-problems').replaceChildren.apply($('canned-problems'), (details || []).map(function (d) {
      return Object.assign(document.createElement('li'), { textContent: d });
    }));
  }

  function edit(reply) {
    $('canned-id').value = reply ? reply.id : '';
    $('canned-locale').value = reply ? reply.locale : 'fr';
    $('canned-title-input').value = reply ? reply.title : '';
    $('canned-text').value = reply ? reply.text : '';
    $('canned-form-title').textContent = reply ? t('editCanned', { title: reply.title }) : t('newCanned');
    problems([]);
    if (reply) $('canned-title-input').focus();
  }

  function row(reply) {
    var tr = document.createElement('tr');
    [reply.locale, reply.title, reply.text].forEach(function (text, i) {
      tr.appendChild(Object.assign(document.createElement('td'), { textContent: text }, i ? { lang: reply.locale } : {}));
    });
    var actions = document.createElement('td');
    var change = Object.assign(document.createElement('button'), { type: 'button', textContent: t('edit') });
    change.setAttribute('aria-label', t('editLabel', { title: reply.title }));
    change.addEventListener('click', function () { edit(reply); });
    var remove = Object.assign(document.createElement('button'), { type: 'button', textContent: t('remove') });
    remove.setAttribute('aria-label', t('removeLabel', { title: reply.title }));
    remove.addEventListener('click', function () {
      api('DELETE', BASE + '/' + encodeURIComponent(reply.id)).then(function () {
        status(t('cannedDeleted', { title: reply.title }), true);
        load();
      }).catch(function (e) { status(window.deskProblem(e), false); });
    });
    actions.appendChild(change);
    actions.appendChild(remove);
    tr.appendChild(actions);
    return tr;
  }

  function load() {
    return api('GET', BASE).then(function (r) {
      $('canned-rows').replaceChildren.apply($('canned-rows'), r.json.items.map(row));
    }).catch(function (e) { status(window.deskProblem(e), false); });
  }

  $('canned-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var id = $('canned-id').value;
    var body = JSON.stringify({ locale: $('canned-locale').value.trim(), title: $('canned-title-input').value,
      text: $('canned-text').value });
    api(id ? 'PUT' : 'POST', id ? BASE + '/' + encodeURIComponent(id) : BASE, body).then(function (r) {
      status(t('cannedSaved', { title: r.json.title }), true);
      edit(null);
      load();
    }).catch(function (err) {
      status(t('notSavedBecause', { why: window.deskRefusal(err) }), false);
      problems(err.details);
    });
  });
  $('canned-new').addEventListener('click', function () { edit(null); });

  document.addEventListener('relay:signed-in', function (event) {
    api = event.detail.api;
    load();
  });
})();
