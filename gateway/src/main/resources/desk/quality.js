/* Relay quality page: the report per agent and team (charts drawn by the vendored Chart.js, and the
 * same figures in a table, which is what screen readers read), and the weekly reviews: supervisors
 * and admins score the sampled conversations and listen to their recorded calls; an agent reads
 * their own reviews and figures. Signed in with the desk's session cookie; a review is saved with
 * the session's CSRF token. Everything is rendered with textContent, never as HTML. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var language = window.deskLanguage();
  var state = { csrf: null, supervisor: false, charts: [] };

  function number(value, digits) {
    return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
  }

  function api(method, path, body) {
    return window.relayApi(null, method, path, body == null ? null : JSON.stringify(body), null,
      state.csrf && method !== 'GET' ? { 'X-Relay-CSRF': state.csrf } : {}).then(function (a) { return a.json; });
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
  }

  function figureRow(name, f) {
    var row = document.createElement('tr');
    var th = document.createElement('th');
    th.scope = 'row';
    th.textContent = name;
    row.appendChild(th);
    cell(row, f.firstResponse.answered);
    cell(row, f.firstResponse.medianSeconds == null ? t('noAnswers') : number(f.firstResponse.medianSeconds / 60, 1) + ' min');
    cell(row, f.firstResponse.waiting);
    cell(row, f.csat.answered === 0 ? t('noAnswers')
      : t('csatValue', { average: number(f.csat.average, 2), answered: f.csat.answered, asked: f.csat.asked }));
    cell(row, [f.followUps.done, f.followUps.notAnswered, f.followUps.cancelled, f.followUps.reopened].join(' / '));
    cell(row, t('onTime', { onTime: f.callbacks.onTime, due: f.callbacks.due }));
    return row;
  }

  function chart(canvas, config) {
    config.options = Object.assign({ animation: false, responsive: false, plugins: { legend: { position: 'bottom' } } },
      config.options || {});
    state.charts.push(new window.Chart(canvas, config));
  }

  function renderReport(report) {
    state.charts.forEach(function (c) { c.destroy(); });
    state.charts = [];
    var rows = $('figure-rows');
    rows.replaceChildren();
    report.agents.forEach(function (a) { rows.appendChild(figureRow(a.name, a.figures)); });
    report.teams.forEach(function (team) { rows.appendChild(figureRow(t('teamRow', { team: team.team }), team.figures)); });
    var names = report.agents.map(function (a) { return a.name; });
    $('response-chart').setAttribute('aria-label', t('responseChart') + ': ' + report.agents.map(function (a) {
      var m = a.figures.firstResponse.medianSeconds;
      return a.name + ' ' + (m == null ? t('noAnswers') : number(m / 60, 1));
    }).join(', '));
    chart($('response-chart'), {
      type: 'bar',
      data: { labels: names, datasets: [{ label: t('responseChart'), backgroundColor: '#1f5fbf',
        data: report.agents.map(function (a) {
          var m = a.figures.firstResponse.medianSeconds;
          return m == null ? null : Math.round(m / 6) / 10;
        }) }] },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: t('minutesAxis') } } } }
    });
    var kinds = [['done', '#2e7d32'], ['notAnswered', '#c77700'], ['cancelled', '#6b7280'], ['reopened', '#a12a1a']];
    $('follow-up-chart').setAttribute('aria-label', t('followUpChart') + ': ' + report.agents.map(function (a) {
      return a.name + ' ' + kinds.map(function (k) { return t(k[0]) + ' ' + a.figures.followUps[k[0]]; }).join(', ');
    }).join('; '));
    chart($('follow-up-chart'), {
      type: 'bar',
      data: { labels: names, datasets: kinds.map(function (k) {
        return { label: t(k[0]), backgroundColor: k[1], data: report.agents.map(function (a) { return a.figures.followUps[k[0]]; }) };
      }) },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    var teams = $('team');
    if (teams.options.length === 1) {
      report.teams.forEach(function (team) {
        var option = document.createElement('option');
        option.value = team.team;
        option.textContent = team.team;
        teams.appendChild(option);
      });
    }
  }

  function loadReport() {
    $('report-error').textContent = '';
    var query = '?from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value)
      + ($('team').value ? '&team=' + encodeURIComponent($('team').value) : '');
    return api('GET', '/api/quality/report' + query).then(renderReport).catch(function (error) {
      $('report-error').textContent = window.deskProblem(error);
    });
  }

  function reviewItem(review) {
    var li = document.createElement('li');
    var title = document.createElement('h3');
    title.textContent = t('weekOf', { week: new Date(review.week + 'T00:00:00Z').toLocaleDateString(language,
      { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }), agent: review.agentName });
    li.appendChild(title);
    var what = document.createElement('p');
    what.className = 'muted';
    what.textContent = t('conversation', { id: review.conversationId }) + ' · '
      + (review.state === 'done' ? t('reviewed', { who: review.reviewerName, score: review.score }) : t('pending'));
    li.appendChild(what);
    if (review.notes) {
      var notes = document.createElement('p');
      notes.className = 'notes';
      notes.textContent = review.notes;
      li.appendChild(notes);
    }
    (review.recordings || []).forEach(function (call) {
      var label = document.createElement('p');
      label.textContent = t('recording', { seconds: call.seconds }) + ' · ' + call.agentName;
      var audio = document.createElement('audio');
      audio.controls = true;
      audio.preload = 'none';
      audio.src = '/api/quality/recordings/' + encodeURIComponent(call.messageId);
      audio.setAttribute('aria-label', label.textContent);
      li.appendChild(label);
      li.appendChild(audio);
    });
    if (state.supervisor && review.agentId !== state.me) li.appendChild(reviewForm(review));
    return li;
  }

  function reviewForm(review) {
    var form = document.createElement('form');
    var scoreLabel = document.createElement('label');
    scoreLabel.textContent = t('score') + ' ';
    var score = document.createElement('select');
    score.name = 'score';
    [1, 2, 3, 4, 5].forEach(function (n) {
      var option = document.createElement('option');
      option.value = String(n);
      option.textContent = String(n);
      score.appendChild(option);
    });
    score.value = String(review.score || 3);
    scoreLabel.appendChild(score);
    var notesLabel = document.createElement('label');
    notesLabel.textContent = t('notes') + ' ';
    var notes = document.createElement('textarea');
    notes.name = 'notes';
    notes.rows = 3;
    notes.maxLength = 4000;
    notes.value = review.notes || '';
    notesLabel.appendChild(notes);
    var save = document.createElement('button');
    save.type = 'submit';
    save.textContent = t('save');
    var said = document.createElement('p');
    said.setAttribute('role', 'status');
    form.append(scoreLabel, notesLabel, save, said);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      api('PUT', '/api/quality/reviews/' + encodeURIComponent(review.id), { score: Number(score.value), notes: notes.value })
        .then(function () { said.textContent = t('saved'); return loadReviews(); })
        .catch(function (error) { said.textContent = window.deskProblem(error); });
    });
    return form;
  }

  function loadReviews() {
    return api('GET', '/api/quality/reviews').then(function (answer) {
      return Promise.all(answer.items.map(function (r) { return api('GET', '/api/quality/reviews/' + encodeURIComponent(r.id)); }));
    }).then(function (reviews) {
      $('reviews').replaceChildren.apply($('reviews'), reviews.map(reviewItem));
      $('reviews-empty').hidden = reviews.length > 0;
    });
  }

  function day(date) {
    return date.toISOString().slice(0, 10);
  }

  var params = new URLSearchParams(location.search);
  var today = new Date();
  $('to').value = params.get('to') || day(today);
  $('from').value = params.get('from') || day(new Date(today.getTime() - 27 * 86400000));
  $('period').addEventListener('submit', function (event) {
    event.preventDefault();
    loadReport();
  });

  api('GET', '/api/session').then(function (session) {
    if (!session.signedIn) {
      $('quality-error').textContent = t('signInFirst');
      return;
    }
    state.csrf = session.csrf;
    state.me = session.agent.id;
    state.supervisor = session.agent.role !== 'agent';
    $('me').textContent = session.agent.name;
    $('board-link').hidden = !state.supervisor;
    $('team-label').hidden = !state.supervisor;
    $('quality').hidden = false;
    return Promise.all([loadReport(), loadReviews()]);
  }).catch(function (error) {
    $('quality-error').textContent = window.deskProblem(error);
  });
})();
