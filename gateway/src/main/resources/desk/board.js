/* Relay supervisor board: who is online and how loaded, who waits and for how long, which first
 * answers are late. Signed in with the desk's session cookie (read-only: no CSRF token needed);
 * refreshed every 10 seconds. Everything is rendered with textContent, never as HTML. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var TARGETS = { missed: 'missed', at_risk: 'at risk', on_time: 'on time', none: '—' };

  function get(path) {
    return window.relayApi(null, 'GET', path, null).then(function (answer) { return answer.json; });
  }

  function cell(row, text, cls) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  function minutes(seconds) {
    var m = Math.floor(seconds / 60);
    return m < 60 ? m + ' min' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function render(board) {
    $('board').hidden = false;
    $('missed').textContent = board.targets.missed + ' missed';
    $('at-risk').textContent = board.targets.atRisk + ' at risk';
    $('on-time').textContent = board.targets.onTime + ' on time';
    var waiting = $('waiting');
    waiting.replaceChildren();
    board.waiting.forEach(function (w) {
      var row = document.createElement('tr');
      cell(row, w.customerName);
      cell(row, minutes(w.waitingSeconds));
      cell(row, w.agentName || 'nobody yet');
      cell(row, w.channel);
      cell(row, TARGETS[w.target] || w.target, w.target === 'missed' ? 'overdue' : null);
      waiting.appendChild(row);
    });
    $('nobody-waits').hidden = board.waiting.length > 0;
    var agents = $('agents');
    agents.replaceChildren();
    board.agents.forEach(function (a) {
      var row = document.createElement('tr');
      cell(row, a.name);
      cell(row, a.team);
      cell(row, a.presence);
      cell(row, a.load + ' / ' + a.capacity, a.load >= a.capacity ? 'full' : null);
      agents.appendChild(row);
    });
    $('updated').textContent = 'Updated ' + new Date(board.at).toLocaleTimeString();
  }

  function refresh() {
    return get('/api/supervisor/board').then(render).catch(function (error) {
      $('board-error').textContent = error.status === 403 ? 'The board is for supervisors and admins.' : error.message;
    });
  }

  get('/api/session').then(function (session) {
    if (!session.signedIn) {
      $('board-error').textContent = 'Sign in on your desk first.';
      return;
    }
    $('me').textContent = session.agent.name;
    refresh();
    setInterval(refresh, 10000);
  });
})();
