/* Relay admin page for the team: hire, edit role and capacity, set a password, deactivate, hand
 * over. Signed in with the admin token (sessionStorage, Authorization header only, as on the rules
 * page). Everything from the server is rendered with textContent. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var TOKEN = 'relay.adminToken';
  var ROLES = ['agent', 'supervisor', 'admin'];
  var agents = [];
  var handingOver = null;

  function api(method, path, body) {
    return window.relayApi(sessionStorage.getItem(TOKEN), method, path, body == null ? null : JSON.stringify(body))
      .then(function (answer) { return answer.json; });
  }

  function problem(error) {
    return error.message + (error.details && error.details.length ? ': ' + error.details.join('; ') : '');
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
      role.setAttribute('aria-label', 'Role of ' + agent.name);
      ROLES.forEach(function (r) { role.appendChild(new Option(r, r, false, r === agent.role)); });
      role.addEventListener('change', function () { edit(agent, { role: role.value }, agent.name + ' is now ' + role.value + '.'); });
      cell(tr, role);
      var capacity = document.createElement('input');
      capacity.type = 'number';
      capacity.min = 1;
      capacity.max = 1000;
      capacity.value = agent.capacity;
      capacity.setAttribute('aria-label', 'Capacity of ' + agent.name);
      capacity.addEventListener('change', function () {
        edit(agent, { capacity: Number(capacity.value) }, agent.name + ' takes ' + capacity.value + ' conversations.');
      });
      cell(tr, capacity);
      cell(tr, agent.presence);
    } else {
      cell(tr, agent.role);
      cell(tr, agent.capacity);
      cell(tr, 'left ' + new Date(agent.deactivatedAt).toLocaleDateString());
    }
    var actions = cell(tr, '');
    if (active) {
      actions.appendChild(button('Set password', function () {
        var password = window.prompt('New password for ' + agent.name + ' (12 characters or more)');
        if (!password) return;
        api('PUT', '/api/admin/agents/' + agent.id + '/password', { password: password })
          .then(function () { say(agent.name + ' has a new password and was signed out everywhere.', true); })
          .catch(function (error) { say(problem(error)); });
      }));
      actions.appendChild(button('Deactivate', function () {
        if (!window.confirm(agent.name + ' leaves: signed out everywhere, never routed to again. Continue?')) return;
        api('POST', '/api/admin/agents/' + agent.id + '/deactivate').then(function (answer) {
          say(agent.name + ' was deactivated; ' + answer.customersToHandOver + ' customers to hand over.', true);
          return load();
        }).catch(function (error) { say(problem(error)); });
      }));
    }
    actions.appendChild(button('Hand over', function () { startHandOver(agent); }));
    return tr;
  }

  function startHandOver(agent) {
    handingOver = agent;
    $('handover').hidden = false;
    $('handover-from').textContent = 'Everything ' + agent.name + ' holds: customers, open conversations, follow-ups and callbacks.';
    var to = $('handover-to');
    to.replaceChildren();
    var teams = {};
    agents.filter(function (a) { return a.id !== agent.id && !a.deactivatedAt; }).forEach(function (a) {
      to.appendChild(new Option(a.name, 'agent:' + a.id));
      if (a.team) teams[a.team] = true;
    });
    Object.keys(teams).sort().forEach(function (team) { to.appendChild(new Option('Team ' + team, 'team:' + team)); });
    to.focus();
  }

  $('handover-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var choice = $('handover-to').value;
    var body = choice.indexOf('team:') === 0 ? { team: choice.slice(5) } : { agentId: choice.slice(6) };
    api('POST', '/api/admin/agents/' + handingOver.id + '/handover', body).then(function (moved) {
      say(moved.customers + ' customers, ' + moved.conversations + ' open conversations and ' + moved.calls
        + ' calls moved from ' + handingOver.name + '.', true);
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
        $('hire-result').textContent = created.agent.name + ' can sign in to the desk now. API token (shown once): ' + created.token;
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
      $('signin-error').textContent = error.status === 401 || error.status === 403 ? 'That is not the admin token.' : problem(error);
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
