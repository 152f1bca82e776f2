/* Transfer a conversation to a teammate or a team, with a note for them (POST .../transfer). The
 * form says what the ownership rules do before the agent confirms; the list shows who can be reached
 * now and how loaded they are. */
(function () {
  'use strict';
  var desk = window.relayDesk;
  var t = desk.t;
  var $ = function (id) { return document.getElementById(id); };

  function fill(teammates) {
    var select = $('transfer-to');
    select.replaceChildren();
    var teams = {};
    teammates.forEach(function (mate) { if (mate.team) teams[mate.team] = true; });
    var people = document.createElement('optgroup');
    people.label = t('transferPeople');
    teammates.forEach(function (mate) {
      var option = desk.el('option', null, t('transferMate', { name: mate.name, state: t('reach.' + String(mate.reachability).toLowerCase()),
        open: mate.open, capacity: mate.capacity }) + (mate.team ? ' · ' + mate.team : ''));
      option.value = 'agent:' + mate.id;
      people.appendChild(option);
    });
    select.appendChild(people);
    var names = Object.keys(teams).sort();
    if (names.length) {
      var group = document.createElement('optgroup');
      group.label = t('transferTeams');
      names.forEach(function (team) {
        var option = desk.el('option', null, t('transferTeam', { team: team }));
        option.value = 'team:' + team;
        group.appendChild(option);
      });
      select.appendChild(group);
    }
  }

  function show() {
    if (!desk.selected()) return;
    $('transfer-result').textContent = '';
    $('transfer').hidden = false;
    desk.api('GET', '/api/agents/teammates').then(function (answer) {
      fill(answer.items);
      $('transfer-to').focus();
    }).catch(function (error) { $('transfer-result').textContent = desk.problem(error); });
  }

  function hide() {
    $('transfer').hidden = true;
    $('transfer-note').value = '';
  }

  $('transfer-open').addEventListener('click', show);
  $('transfer-cancel').addEventListener('click', hide);
  $('transfer').addEventListener('keydown', function (e) { if (e.key === 'Escape') hide(); });
  desk.hooks.leaving.push(hide);

  $('transfer').addEventListener('submit', function (e) {
    e.preventDefault();
    var choice = $('transfer-to').value;
    if (!choice) return;
    var body = choice.indexOf('team:') === 0 ? { team: choice.slice(5) } : { agentId: choice.slice(6) };
    var note = $('transfer-note').value.trim();
    if (note) body.note = note;
    var id = desk.selected();
    desk.api('POST', '/api/conversations/' + encodeURIComponent(id) + '/transfer', body).then(function (done) {
      $('transfer-note').value = '';
      $('transfer-result').textContent = t('transferDone', { name: done.to.name });
      // Still readable (a supervisor)? It stays open, with the transfer in its timeline; else it leaves the list.
      return desk.reload().then(function () { return desk.open(id); }).catch(function () { });
    }).catch(function (error) { $('transfer-result').textContent = desk.problem(error); });
  });
})();
