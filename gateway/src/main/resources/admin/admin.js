/* Relay admin page: edit, validate, simulate, version and restore routing rules (texts: texts.js).
 * In the admin's language (the desk's i18n.js, with admin-texts.js's words).
 * The token lives in sessionStorage and travels only in the Authorization header, never in a URL.
 * Everything from the server is rendered with textContent. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var TOKEN = 'relay.adminToken';
  var RULES = '/api/admin/routing-rules';
  // The trace's outcomes the page words itself; any other (a rule's error) is the engine's own words.
  var OUTCOMES = ['matched', 'no match', 'skipped'];
  var currentVersion = null;
  var validateTimer = null;

  function api(method, path, body, type, extra) {
    return window.relayApi(sessionStorage.getItem(TOKEN), method, path, body, type, extra);
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
    return td;
  }

  function showProblems(details) {
    var list = $('problems');
    list.replaceChildren();
    (details || []).forEach(function (detail) {
      var li = document.createElement('li');
      li.textContent = detail;
      li.tabIndex = 0;
      var at = /(\d+):(\d+):/.exec(detail);
      if (at) {
        var jump = function () { goTo(Number(at[1]), Number(at[2])); };
        li.addEventListener('click', jump);
        li.addEventListener('keydown', function (e) { if (e.key === 'Enter') jump(); });
      }
      list.appendChild(li);
    });
  }

  function goTo(line, column) {
    var lines = $('source').value.split('\n');
    var offset = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    $('source').focus();
    $('source').setSelectionRange(offset, offset);
  }

  function load() {
    return api('GET', RULES).then(function (r) {
      currentVersion = r.json.version;
      $('source').value = r.json.source;
      $('version').textContent = t('savedVersion', { version: r.json.version, savedAt: window.deskDateTime(r.json.savedAt),
        author: r.json.author });
      showProblems([]);
      return loadVersions();
    });
  }

  function loadVersions() {
    return api('GET', RULES + '/versions').then(function (r) {
      var body = $('versions');
      body.replaceChildren();
      r.json.items.forEach(function (v) {
        var row = document.createElement('tr');
        cell(row, v.version);
        cell(row, window.deskDateTime(v.savedAt));
        cell(row, v.author);
        cell(row, v.note);
        var actions = cell(row, '');
        if (v.version !== currentVersion) {
          var restore = document.createElement('button');
          restore.type = 'button';
          restore.textContent = t('restore');
          restore.setAttribute('aria-label', t('restoreRules', { version: v.version }));
          restore.addEventListener('click', function () {
            api('POST', RULES + '/versions/' + v.version + '/restore', '{}').then(load)
              .then(function () { status(t('restored', { version: v.version }), true); })
              .catch(function (e) { status(window.deskProblem(e), false); });
          });
          actions.appendChild(restore);
        }
        body.appendChild(row);
      });
    });
  }

  function status(text, ok) {
    $('status').textContent = text;
    $('status').className = ok ? 'ok' : 'error';
  }

  function validate() {
    api('POST', RULES + '/validate', $('source').value, 'application/yaml')
      .then(function () { showProblems([]); status(t('rulesValid'), true); })
      .catch(function (e) { showProblems(e.details.length ? e.details : [window.deskRefusal(e)]); status(t('rulesNotValid'), false); });
  }

  function save() {
    api('PUT', RULES, $('source').value, 'application/yaml', { 'If-Match': '"' + currentVersion + '"' })
      .then(function (r) { return load().then(function () { status(t('rulesSaved', { version: r.json.version }), true); }); })
      .catch(function (e) {
        if (e.status === 409) status(t('rulesConflict'), false);
        else { showProblems(e.details); status(t('notSavedBecause', { why: window.deskRefusal(e) }), false); }
      });
  }

  function simulate(event) {
    event.preventDefault();
    var customer;
    try { customer = JSON.parse($('sim-customer').value || '{}'); } catch (e) {
      $('decision').textContent = t('simNotJson');
      return;
    }
    var request = { customer: customer, message: { channel: $('sim-channel').value, text: $('sim-text').value } };
    if ($('sim-draft').checked) request.rules = $('source').value;
    api('POST', RULES + '/simulate', JSON.stringify(request)).then(function (r) {
      var d = r.json.decision;
      var out = $('decision');
      out.replaceChildren();
      var summary = document.createElement('p');
      summary.textContent = t('decision', { team: d.team || t('anyTeam'), skills: d.skills.join(', ') || '—',
        languages: d.languages.join(', ') || '—', priority: window.deskNumber(d.priority), firstResponse: d.firstResponse,
        whenMissed: d.escalation.whenMissed, whenAway: d.owner.whenAway, waitFor: d.owner.waitFor });
      out.appendChild(summary);
      var table = document.createElement('table');
      d.trace.forEach(function (step) {
        var row = document.createElement('tr');
        cell(row, step.rule);
        cell(row, t('line', { line: step.line }));
        cell(row, OUTCOMES.indexOf(step.outcome) >= 0 ? t('outcome.' + step.outcome) : step.outcome).className = step.matched ? 'matched' : '';
        table.appendChild(row);
      });
      out.appendChild(table);
    }).catch(function (e) {
      $('decision').textContent = window.deskProblem(e);
    });
  }

  function start() {
    $('signin').hidden = true;
    $('app').hidden = false;
    load().then(function () {
      // Other sections of the page (texts.js) start once the token is known to be an admin's.
      document.dispatchEvent(new CustomEvent('relay:signed-in', { detail: { api: api } }));
    }).catch(function (e) {
      sessionStorage.removeItem(TOKEN);
      $('app').hidden = true;
      $('signin').hidden = false;
      $('signin-error').textContent = e.status === 401 || e.status === 403 ? t('notAdminToken') : window.deskProblem(e);
    });
  }

  $('signin-form').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem(TOKEN, $('token').value);
    $('token').value = '';
    start();
  });
  $('source').addEventListener('input', function () {
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 400);
  });
  $('sim-text').value = t('simSample');
  $('save').addEventListener('click', save);
  $('simulate-form').addEventListener('submit', simulate);
  if (sessionStorage.getItem(TOKEN)) start();
})();
