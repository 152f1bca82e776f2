/* Relay supervisor board: who is online and how loaded, who waits and for how long, which first
 * answers are late, the calls due today; a supervisor takes a conversation over or gives a customer
 * to another agent. Signed in with the desk's session cookie; changes carry the session's CSRF
 * token (in memory only). Live: the agent stream's supervisor events (a customer waits, a target at
 * risk or missed, a conversation changed hands) refresh it at once; a slow poll keeps the waiting
 * times moving. Everything is rendered with textContent, never as HTML. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var SUPERVISOR_EVENTS = ['customer.waiting', 'target.at_risk', 'target.missed', 'conversation.reassigned'];
  var state = { csrf: null, me: null, agents: [], stream: null, pending: null };

  function api(method, path, body) {
    return window.relayApi(null, method, path, body == null ? null : JSON.stringify(body), null,
      state.csrf && method !== 'GET' ? { 'X-Relay-CSRF': state.csrf } : {}).then(function (answer) { return answer.json; });
  }

  function cell(row, text, cls) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function minutes(seconds) {
    var m = Math.floor(seconds / 60);
    return m < 60 ? t('minutesShort', { n: m }) : t('hoursMinutes', { h: Math.floor(m / 60), m: m % 60 });
  }

  function time(iso) {
    return new Date(iso).toLocaleTimeString(window.deskLanguage(), { hour: '2-digit', minute: '2-digit' });
  }

  var problem = window.deskProblem;

  /** The actions on a waiting customer: take the conversation over, or give the customer to an agent. */
  function actions(td, w) {
    var name = w.customerName || t('visitor');
    if (w.agentId !== state.me.id) {
      var take = document.createElement('button');
      take.type = 'button';
      take.textContent = t('takeOver');
      take.setAttribute('aria-label', t('takeOverLabel', { customer: name }));
      take.addEventListener('click', function () {
        api('POST', '/api/supervisor/conversations/' + encodeURIComponent(w.conversationId) + '/takeover', {})
          .then(function () { $('board-result').textContent = t('takenOver', { customer: name }); return refresh(); })
          .catch(function (error) { $('board-error').textContent = problem(error); });
      });
      td.appendChild(take);
    }
    var select = document.createElement('select');
    select.setAttribute('aria-label', t('reassignTo', { customer: name }));
    state.agents.filter(function (a) { return a.id !== w.agentId; }).forEach(function (a) {
      var option = document.createElement('option');
      option.value = a.id;
      option.textContent = a.name;
      select.appendChild(option);
    });
    var give = document.createElement('button');
    give.type = 'button';
    give.textContent = t('reassign');
    give.addEventListener('click', function () {
      var to = select.options[select.selectedIndex];
      api('POST', '/api/supervisor/customers/' + encodeURIComponent(w.customerId) + '/reassign',
        { agentId: to.value, tell: 'now' })
        .then(function () {
          $('board-result').textContent = t('reassigned', { customer: name, agent: to.textContent });
          return refresh();
        })
        .catch(function (error) { $('board-error').textContent = problem(error); });
    });
    if (select.options.length) {
      td.appendChild(select);
      td.appendChild(give);
    }
  }

  function render(board) {
    $('board').hidden = false;
    $('board-error').textContent = '';
    state.agents = board.agents;
    $('missed').textContent = t('missed', { n: board.targets.missed });
    $('missed').classList.toggle('overdue', board.targets.missed > 0); // red only when some were missed
    $('at-risk').textContent = t('atRisk', { n: board.targets.atRisk });
    $('on-time').textContent = t('onTime', { n: board.targets.onTime });
    var waiting = $('waiting');
    waiting.replaceChildren();
    board.waiting.forEach(function (w) {
      var row = document.createElement('tr');
      cell(row, w.customerName || t('visitor'));
      cell(row, minutes(w.waitingSeconds));
      cell(row, w.agentName || t('nobodyYet'));
      cell(row, w.channel);
      cell(row, t('target.' + w.target), w.target === 'missed' ? 'overdue' : null);
      actions(cell(row, null, 'actions'), w);
      waiting.appendChild(row);
    });
    $('nobody-waits').hidden = board.waiting.length > 0;
    var today = $('today');
    today.replaceChildren();
    $('today-counts').textContent = t('todayCounts', { callbacks: board.today.callbacks, followUps: board.today.followUps });
    board.today.calls.forEach(function (c) {
      var row = document.createElement('tr');
      cell(row, time(c.dueAt) + (c.late ? ' — ' + t('late') : ''), c.late ? 'overdue' : null);
      cell(row, t('kind.' + c.kind));
      cell(row, c.customerName || t('visitor'));
      cell(row, c.agentName);
      today.appendChild(row);
    });
    $('nothing-today').hidden = board.today.calls.length > 0;
    var agents = $('agents');
    agents.replaceChildren();
    board.agents.forEach(function (a) {
      var row = document.createElement('tr');
      cell(row, a.name);
      cell(row, a.team);
      cell(row, t('reach.' + a.reachability));
      cell(row, a.load + ' / ' + a.capacity, a.load >= a.capacity ? 'full' : null);
      agents.appendChild(row);
    });
    $('updated').textContent = t('boardUpdated', { time: new Date(board.at).toLocaleTimeString(window.deskLanguage()) });
  }

  function refresh() {
    return api('GET', '/api/supervisor/board').then(render).catch(function (error) {
      $('board-error').textContent = error.status === 403 ? t('forbidden') : problem(error);
    });
  }

  /** Several events at once make one refresh. */
  function soon() {
    if (state.pending) return;
    state.pending = setTimeout(function () { state.pending = null; refresh(); }, 200);
  }

  // The supervisor's own stream; events meant for their desk (their customers' messages) are left
  // unacknowledged, so the desk still gets them.
  function connect() {
    state.stream = window.deskStream($('live'), soon, function (frame) {
      if (frame.type === 'event' && SUPERVISOR_EVENTS.indexOf(frame.event) >= 0) {
        soon();
        state.stream.send({ type: 'ack', id: frame.id });
      }
    });
  }

  api('GET', '/api/session').then(function (session) {
    if (!session.signedIn) {
      $('board-error').textContent = t('signInFirst');
      return;
    }
    state.csrf = session.csrf;
    state.me = session.agent;
    $('me').textContent = session.agent.name;
    refresh();
    connect();
    setInterval(refresh, 30000);
  });
})();
