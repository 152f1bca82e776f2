/* Relay admin page, texts: every text a customer reads, per language, with the shipped words, the
 * admin's own, and a live preview with sample names and dates. Saving sends the whole set of
 * overrides; a refusal lists every problem and nothing is changed. Rendered with textContent only. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var BASE = '/api/admin/texts/';
  var api = null;
  var version = null;
  var inputs = {};

  function cell(row, text, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    if (text != null) td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function locale() {
    return $('texts-locale').value;
  }

  function status(text, ok) {
    $('texts-status').textContent = text;
    $('texts-status').className = ok ? 'ok' : 'error';
  }

  function problems(details) {
    $('texts-problems').replaceChildren.apply($('texts-problems'), (details || []).map(function (d) {
      var li = document.createElement('li');
      li.textContent = d;
      return li;
    }));
  }

  function preview(key, text, out) {
    api('POST', BASE + locale() + '/preview', JSON.stringify({ key: key, text: text || null }))
      .then(function (r) { out.textContent = r.json.preview; out.className = 'preview'; })
      .catch(function (e) {
        out.textContent = e.details.length ? e.details.join(t('problem.separator')) : window.deskRefusal(e);
        out.className = 'preview error';
      });
  }

  function row(text, overrides) {
    var tr = document.createElement('tr');
    var name = cell(tr, null);
    name.appendChild(Object.assign(document.createElement('div'), { className: 'key', textContent: text.key }));
    name.appendChild(Object.assign(document.createElement('div'), { className: 'args',
      textContent: text.arguments.length ? text.arguments.map(function (a) { return '{' + a + '}'; }).join(' ') : '' }));
    // The customers' words are in the texts' language, whatever the page's: screen readers read them so.
    cell(tr, text.shipped, 'shipped').lang = locale();
    var mine = cell(tr, null);
    var input = document.createElement('textarea');
    input.rows = 2;
    input.value = overrides[text.key] || '';
    input.placeholder = text.shipped;
    input.lang = locale();
    input.setAttribute('aria-label', t('yourWordsFor', { key: text.key }));
    var out = document.createElement('p');
    out.className = 'preview';
    out.lang = locale();
    out.setAttribute('aria-live', 'polite');
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { preview(text.key, input.value, out); }, 300);
    });
    mine.append(input, out);
    inputs[text.key] = input;
    out.textContent = text.preview;
    return tr;
  }

  function load() {
    return api('GET', BASE + locale()).then(function (r) {
      version = r.json.version;
      $('texts-version').textContent = version
        ? t('savedVersion', { version: version, savedAt: window.deskDateTime(r.json.savedAt), author: r.json.author })
        : t('shippedOnly');
      inputs = {};
      $('texts-rows').replaceChildren.apply($('texts-rows'), r.json.texts.map(function (t) { return row(t, r.json.overrides); }));
      problems([]);
      return api('GET', BASE + locale() + '/versions');
    }).then(function (r) {
      $('texts-versions').replaceChildren.apply($('texts-versions'), r.json.items.map(function (v) {
        var tr = document.createElement('tr');
        cell(tr, v.version);
        cell(tr, window.deskDateTime(v.savedAt));
        cell(tr, v.author);
        cell(tr, v.keys.join(', ') || t('noneChanged'));
        var actions = cell(tr, null);
        if (v.version !== version) {
          var restore = Object.assign(document.createElement('button'), { type: 'button', textContent: t('restore') });
          restore.setAttribute('aria-label', t('restoreTexts', { version: v.version }));
          restore.addEventListener('click', function () {
            api('POST', BASE + locale() + '/versions/' + v.version + '/restore', '{}').then(load)
              .then(function () { status(t('restored', { version: v.version }), true); })
              .catch(function (e) { status(window.deskProblem(e), false); });
          });
          actions.appendChild(restore);
        }
        return tr;
      }));
    });
  }

  function save() {
    var overrides = {};
    Object.keys(inputs).forEach(function (key) {
      if (inputs[key].value.trim()) overrides[key] = inputs[key].value;
    });
    api('PUT', BASE + locale(), JSON.stringify({ overrides: overrides }), null, { 'If-Match': '"' + version + '"' })
      .then(function (r) { return load().then(function () { status(t('textsSaved', { version: r.json.version }), true); }); })
      .catch(function (e) {
        if (e.status === 409) status(t('textsConflict'), false);
        else { problems(e.details.length ? e.details : [window.deskRefusal(e)]); status(t('textsNotSaved'), false); }
      });
  }

  document.addEventListener('relay:signed-in', function (event) {
    api = event.detail.api;
    api('GET', '/api/admin/texts').then(function (r) {
      $('texts-locale').replaceChildren.apply($('texts-locale'), r.json.locales.map(function (l) {
        return Object.assign(document.createElement('option'), { value: l, textContent: l, selected: l === r.json.company });
      }));
      return load();
    }).catch(function (e) { status(window.deskProblem(e), false); });
  });
  $('texts-locale').addEventListener('change', function () { load().catch(function (e) { status(window.deskProblem(e), false); }); });
  $('texts-save').addEventListener('click', save);
})();
