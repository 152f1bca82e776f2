/* Relay admin page: the company's and the teams' working hours and holidays, kept in the store
 * (/api/admin/hours). Loaded once the admin is signed in; everything shown with textContent. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var form = window.relayHoursForm($('hours-form'), 'hours');
  var saved = { company: null, teams: {} };

  function api(method, path, body) {
    return window.relayApi(sessionStorage.getItem('relay.adminToken'), method, path,
      body == null ? null : JSON.stringify(body));
  }

  function target() {
    var team = $('hours-team').value.trim().toLowerCase();
    var scope = team || $('hours-scope').value;
    return { scope: scope, path: scope === 'company' ? '/api/admin/hours/company' : '/api/admin/hours/teams/' + encodeURIComponent(scope) };
  }

  function show(scope) {
    form.fill(scope === 'company' ? saved.company : saved.teams[scope]);
  }

  function status(text, ok, problems) {
    $('hours-status').textContent = text;
    $('hours-status').className = ok ? 'ok' : 'error';
    $('hours-problems').replaceChildren();
    (problems || []).forEach(function (p) {
      var li = document.createElement('li');
      li.textContent = p;
      $('hours-problems').appendChild(li);
    });
  }

  function showSaved(hours, keep) {
    saved = { company: hours.company, teams: hours.teams || {} };
    var scope = $('hours-scope');
    scope.replaceChildren(new Option(t('hoursCompany'), 'company'));
    Object.keys(saved.teams).sort().forEach(function (team) { scope.appendChild(new Option(t('teamNamed', { team: team }), team)); });
    scope.value = keep && (keep === 'company' || saved.teams[keep]) ? keep : 'company';
    $('hours-team').value = '';
    show(scope.value);
  }

  function load() {
    return api('GET', '/api/admin/hours').then(function (r) { showSaved(r.json); })
      .catch(function (e) { status(window.deskProblem(e), false); });
  }

  function change(method) {
    var to = target();
    api(method, to.path, method === 'PUT' ? form.read() : null)
      .then(function (r) {
        showSaved(r.json, method === 'PUT' ? to.scope : null);
        status(method === 'PUT' ? t('hoursInForce') : t('hoursRemoved'), true);
      })
      .catch(function (e) {
        status(method === 'PUT' ? t('notSavedBecause', { why: window.deskRefusal(e) }) : window.deskRefusal(e), false, e.details);
      });
  }

  $('hours-scope').addEventListener('change', function () { $('hours-team').value = ''; show($('hours-scope').value); });
  $('hours-save').addEventListener('click', function () { change('PUT'); });
  $('hours-remove').addEventListener('click', function () { change('DELETE'); });
  // The page shows the app once the token is accepted: then the hours are fetched.
  new MutationObserver(function () { if (!$('app').hidden) load(); }).observe($('app'), { attributes: true, attributeFilter: ['hidden'] });
  if (!$('app').hidden) load();
})();
