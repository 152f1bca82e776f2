/* Relay admin page for the team: hire, edit role and capacity, set a password, deactivate, hand
 * over; in the admin's language (the desk's i18n.js, with admin-texts.js's words). Signed in with the admin token (sessionStorage, Authorization header only, as on the rules
 * page). Everything from the server is rendered with textContent. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var problem = window.deskProblem;
  var TOKEN = 'relay.adminToken';
  var ROLES = ['agent', 'supervisor', 'admin'];
  var agents = [];
  var handingOver = null;

  function api(method, path, body) {
    return window.relayApi(sessionStorage.getItem(TOKEN), method, path, body == null ? null : JSON.stringify(body))
      .then(function (answer) { return answer.json; });
  }

  function say(text, ok) {
    $('action-result').textContent = text;
    $('action-result').className = ok ? 'ok' : 'error';
  }

  function cell(row, content) {
    var td = document.createElement('td');
    if (content instanceof Node) td.appendChild(content); else td.textContent = content == null ? '' : String(content);
    row.appendChild(td);
    return td;
  }

  function button(label, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  function edit(agent, change, done) {
    api('PATCH', '/api/admin/agents/' + agent.id, change)
      .then(function () { say(done, true); return load(); })
      .catch(function (error) { say(problem(error)); });
  }

  function row(agent) {
    var tr = document.createElement('tr');
    cell(tr, agent.name);
    cell(tr, agent.email);
    cell(tr, agent.team);
    var active = !agent.deactivatedAt;
    if (active) {
      var role = document.createElement('select');
      role.setAttribute('aria-label', t('roleOf', { name: agent.name }));
      ROLES.forEach(function (r) { role.appendChild(new Option(t('role.' + r), r, false, r === agent.role)); });
      role.addEventListener('change', function () {
        edit(agent, { role: role.value }, t('nowRole', { name: agent.name, role: t('role.' + role.value) }));
      });
      cell(tr, role);
      var capacity = document.createElement('input');
      capacity.type = 'number';
      capacity.min = 1;
      capacity.max = 1000;
      capacity.value = agent.capacity;
      capacity.setAttribute('aria-label', t('capacityOf', { name: agent.name }));
      capacity.addEventListener('change', function () {
        edit(agent, { capacity: Number(capacity.value) }, t('takes', { name: agent.name, n: window.deskNumber(capacity.value) }));
      });
      cell(tr, capacity);
      cell(tr, t(agent.presence));
    } else {
      cell(tr, t('role.' + agent.role));
      cell(tr, window.deskNumber(agent.capacity));
      cell(tr, t('left', { date: new Date(agent.deactivatedAt).toLocaleDateString(window.deskLanguage(), { dateStyle: 'medium' }) }));
    }
    var actions = cell(tr, '');
    if (active) {
      actions.appendChild(button(t('setPassword'), function () {
        var password = window.prompt(t('newPasswordFor', { name: agent.name }));
        if (!password) return;
        api('PUT', '/api/admin/agents/' + agent.id + '/password', { password: password })
          .then(function () { say(t('passwordSet', { name: agent.name }), true); })
          .catch(function (error) { say(problem(error)); });
      }));
      actions.appendChild(button(t('deactivate'), function () {
        if (!window.confirm(t('confirmDeactivate', { name: agent.name }))) return;
        api('POST', '/api/admin/agents/' + agent.id + '/deactivate').then(function (answer) {
          say(t('deactivated', { name: agent.name, n: window.deskNumber(answer.customersToHandOver) }), true);
          return load();
        }).catch(function (error) { say(problem(error)); });
      }));
    }
    actions.appendChild(button(t('handOver'), function () { startHandOver(agent); }));
    return tr;
  }

  function startHandOver(agent) {
    handingOver = agent;
    $('handover').hidden = false;
    $('handover-from').textContent = t('handOverFrom', { name: agent.name });
    var to = $('handover-to');
    to.replaceChildren();
    var teams = {};
    agents.filter(function (a) { return a.id !== agent.id && !a.deactivatedAt; }).forEach(function (a) {
      to.appendChild(new Option(a.name, 'agent:' + a.id));
      if (a.team) teams[a.team] = true;
    });
    Object.keys(teams).sort().forEach(function (team) { to.appendChild(new Option(t('teamNamed', { team: team }), 'team:' + team)); });
    to.focus();
  }

  $('handover-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var choice = $('handover-to').value;
    var body = choice.indexOf('team:') === 0 ? { team: choice.slice(5) } : { agentId: choice.slice(6) };
    api('POST', '/api/admin/agents/' + handingOver.id + '/handover', body).then(function (moved) {
      say(t('moved', { customers: window.deskNumber(moved.customers), conversations: window.deskNumber(moved.conversations),
        calls: window.deskNumber(moved.calls), name: handingOver.name }), true);
      $('handover').hidden = true;
      return load();
    }).catch(function (error) { say(problem(error)); });
  });

  $('hire').addEventListener('submit', function (e) {
    e.preventDefault();
    var body = { name: $('hire-name').value.trim(), email: $('hire-email').value.trim() };
    if ($('hire-team').value.trim()) body.team = $('hire-team').value.trim();
    var password = $('hire-password').value;
    api('POST', '/api/admin/agents', body).then(function (created) {
      return api('PUT', '/api/admin/agents/' + created.agent.id + '/password', { password: password }).then(function () {
        $('hire-result').className = 'ok';
        $('hire-result').textContent = t('hired', { name: created.agent.name, token: created.token });
        $('hire').reset();
        return load();
      });
    }).catch(function (error) {
      $('hire-result').className = 'error';
      $('hire-result').textContent = problem(error);
    });
  });

  function load() {
    return api('GET', '/api/admin/agents').then(function (answer) {
      agents = answer.items;
      $('agents').replaceChildren.apply($('agents'), agents.map(row));
    });
  }

  function enter() {
    return load().then(function () {
      $('signin').hidden = true;
      $('team').hidden = false;
    }).catch(function (error) {
      sessionStorage.removeItem(TOKEN);
      $('signin-error').textContent = error.status === 401 || error.status === 403 ? t('notAdminToken') : problem(error);
    });
  }

  $('signin-form').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem(TOKEN, $('token').value.trim());
    $('token').value = '';
    enter();
  });

  if (sessionStorage.getItem(TOKEN)) enter();
})();
