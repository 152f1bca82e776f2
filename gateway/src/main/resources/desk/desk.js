/* Relay agent desk (in the agent's language: i18n.js): my conversations, live; one timeline per customer across channels; reply,
 * resolve, call back. The agent signs in with e-mail and password; the session is an HttpOnly
 * cookie no script reads, and every change carries the session's CSRF token, kept in memory only.
 * Everything from the network is rendered with textContent, never as HTML. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var state = { status: 'open', selected: null, detail: null, unread: {}, items: [], stream: null, csrf: null };
  var t = window.deskText;
  var language = window.deskLanguage();
  var LOCALES = ['en', 'fr', 'fr-CA'];
  // What the desk's other scripts (search, compose, transfer, alerts, shortcuts) build on; each adds
  // itself to these hooks: opened(detail), event(frame), entered(session), leaving(conversationId), sent(conversationId),
  // signingOut().
  var hooks = { opened: [], event: [], entered: [], leaving: [], sent: [], signingOut: [] };
  function fire(name, arg) { hooks[name].forEach(function (hook) { hook(arg); }); }

  function api(method, path, body) {
    return window.relayApi(null, method, path, body == null ? null : JSON.stringify(body), null,
      state.csrf ? { 'X-Relay-CSRF': state.csrf } : {})
      .then(function (answer) { return answer.json; });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function since(iso) {
    var minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
    if (minutes < 1) return t('justNow');
    if (minutes < 60) return t('minutes', { n: minutes });
    var hours = Math.round(minutes / 60);
    return hours < 48 ? t('hours', { n: hours }) : t('days', { n: Math.round(hours / 24) });
  }

  function when(iso) {
    return new Date(iso).toLocaleString(language, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  }

  var problem = window.deskProblem;

  // ---- sign in ----

  function enter(session) {
    state.csrf = session.csrf;
    $('signin').hidden = true;
    $('forgot').hidden = true;
    $('new-password').hidden = true;
    $('desk').hidden = false;
    $('signout').hidden = false;
    $('presence-label').hidden = false;
    $('board-link').hidden = session.agent.role === 'agent';
    $('me').textContent = session.agent.name;
    $('presence').value = session.agent.presence;
    showReachability({ state: session.agent.reachability });
    $('my-hours').hidden = false;
    loadMyHours();
    fire('entered', session);
    connect();
    return load();
  }

  $('signin').addEventListener('submit', function (e) {
    e.preventDefault();
    $('signin-error').textContent = '';
    api('POST', '/api/session', { email: $('email').value.trim(), password: $('password').value })
      .then(enter)
      .catch(function (error) {
        $('signin-error').textContent = error.status === 401 ? t('badPassword')
          : error.status === 429 ? t('tooManyAttempts') : problem(error);
      });
    $('password').value = '';
  });

  $('signout').addEventListener('click', function () {
    fire('signingOut');
    if (state.stream) state.stream.close();
    api('DELETE', '/api/session').catch(function () { }).then(function () { location.reload(); });
  });

  $('presence').addEventListener('change', function () {
    api('PUT', '/api/agents/me/presence', { status: $('presence').value }).catch(function (error) {
      $('live').textContent = problem(error);
    });
  });

  // ---- presence and hours: you say available or away; hours and an open desk do the rest ----

  function showReachability(frame) {
    var text = frame.state ? t('myReach.' + frame.state) : '';
    if (frame.back) {
      text += t('myReachBack', { time: new Date(frame.back).toLocaleString(window.deskLanguage(),
        { weekday: 'short', hour: '2-digit', minute: '2-digit' }) });
    }
    $('reachability').textContent = text;
  }

  var myHours = window.relayHoursForm($('my-hours-form'), 'my-hours');

  function showMyHours(view) {
    $('my-hours-source').textContent = view.source ? t('hoursSource.' + view.source) : '';
    myHours.fill(view.hours);
  }

  function loadMyHours() {
    return api('GET', '/api/agents/me/hours').then(showMyHours)
      .catch(function (error) { $('my-hours-result').textContent = problem(error); });
  }

  function changeMyHours(method) {
    api(method, '/api/agents/me/hours', method === 'PUT' ? myHours.read() : undefined)
      .then(function (view) { showMyHours(view); $('my-hours-result').textContent = t('hoursSaved'); })
      .catch(function (error) { $('my-hours-result').textContent = problem(error); });
  }

  $('my-hours-save').addEventListener('click', function () { changeMyHours('PUT'); });
  $('my-hours-clear').addEventListener('click', function () { changeMyHours('DELETE'); });

  // ---- the list ----

  // The list comes a page at a time (docs/openapi.yaml): follow "next" to the end.
  function fetchAll(path, after, items) {
    return api('GET', path + (after ? '&after=' + encodeURIComponent(after) : '')).then(function (answer) {
      var all = items.concat(answer.items);
      return answer.next ? fetchAll(path, answer.next, all) : all;
    });
  }

  function load() {
    return fetchAll('/api/conversations?status=' + state.status, null, []).then(function (items) {
      state.items = items;
      renderList();
      if (state.selected) return open(state.selected, false);
    });
  }

  function renderList() {
    var list = $('conversations');
    list.replaceChildren();
    $('empty').hidden = state.items.length > 0;
    state.items.forEach(function (item) {
      var c = item.conversation;
      var li = el('li');
      li.tabIndex = 0;
      li.dataset.id = c.id;
      if (c.id === state.selected) li.setAttribute('aria-current', 'true');
      var who = el('div', 'who');
      who.appendChild(el('span', null, item.customer ? item.customer.name || t('visitor') : t('customer')));
      who.appendChild(el('span', 'channel', c.channel));
      if (state.unread[c.id]) {
        var badge = el('span', 'unread', state.unread[c.id]);
        badge.setAttribute('aria-label', t('unread', { n: state.unread[c.id] }));
        who.appendChild(badge);
      }
      li.appendChild(who);
      if (item.lastMessage) li.appendChild(el('div', 'preview', item.lastMessage.text));
      var meta = el('div', 'meta');
      var last = item.lastMessage;
      if (last && last.direction === 'inbound' && c.status === 'open') {
        meta.appendChild(document.createTextNode(t('waiting', { since: since(last.at) })));
      } else {
        var ago = since(c.updatedAt);
        meta.appendChild(document.createTextNode(ago === t('justNow') ? t('updatedNow') : t('updated', { ago: ago })));
      }
      var due = c.routing && c.routing.firstResponseDue;
      if (due && c.status === 'open' && last && last.direction === 'inbound') {
        var target = el('span', Date.parse(due) < Date.now() ? 'overdue' : null,
          t('answerBy', { time: new Date(due).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' }) }));
        meta.appendChild(target);
      }
      li.appendChild(meta);
      li.addEventListener('click', function () { open(c.id, true); });
      li.addEventListener('keydown', function (e) { if (e.key === 'Enter') open(c.id, true); });
      list.appendChild(li);
    });
  }

  ['open', 'resolved'].forEach(function (status) {
    $('tab-' + status).addEventListener('click', function () {
      state.status = status;
      $('tab-open').setAttribute('aria-selected', String(status === 'open'));
      $('tab-resolved').setAttribute('aria-selected', String(status === 'resolved'));
      load();
    });
  });

  // ---- one conversation ----

  function open(id, focus) {
    if (state.selected && state.selected !== id) fire('leaving', state.selected);
    state.selected = id;
    delete state.unread[id];
    return api('GET', '/api/conversations/' + encodeURIComponent(id)).then(function (detail) {
      state.detail = detail;
      seen(detail);
      renderConversation(detail);
      renderProfile(detail);
      renderList();
      fire('opened', detail);
      if (focus) $('reply-text').focus();
    }).catch(function (error) {
      $('reply-error').textContent = problem(error);
    });
  }

  function renderConversation(detail) {
    var c = detail.conversation;
    $('conversation').hidden = false;
    var listed = state.items.filter(function (item) { return item.conversation.id === c.id; })[0];
    $('customer-name').textContent = detail.customer.name || (listed && listed.customer ? listed.customer.name || t('visitor')
      : t('customer'));
    $('conversation-status').textContent = t('state.' + c.status);
    $('resolve').hidden = c.status !== 'open';
    $('reopen').hidden = c.status === 'open';
    $('first-response').textContent = c.routing && c.routing.firstResponseDue
      ? t('firstResponse', { time: when(c.routing.firstResponseDue) }) : '';
    var timeline = $('timeline');
    timeline.replaceChildren();
    detail.messages.forEach(function (m) {
      var li = el('li', m.direction);
      if (m.direction === 'note') {
        // A colleague's note: marked as such, in words (not colour alone); the customer never sees it.
        var transferred = m.attributes && m.attributes['transfer.to'];
        li.appendChild(el('strong', 'note-label', transferred ? t('transferredTo', { name: transferred }) : t('internalNote')));
      }
      li.appendChild(document.createTextNode(m.text));
      (m.attachments || []).forEach(function (file) { li.appendChild(attachmentLink(c.id, file)); });
      var failed = m.direction === 'outbound' && m.status === 'failed';
      var meta = el('span', 'meta');
      if (m.direction !== 'note') meta.appendChild(el('span', 'channel', m.channel));
      var author = !m.author ? '' : m.author.name || (m.author.kind === 'customer' ? t('visitor') : '');
      meta.appendChild(document.createTextNode(' ' + author + ' · ' + when(m.at)
        + (m.status && !failed ? ' · ' + t('status.' + m.status) : '') + (m.error && !failed ? ' (' + m.error + ')' : '')));
      li.appendChild(meta);
      if (failed) {
        li.classList.add('failed');
        li.appendChild(notSent(c.id, m));
      }
      timeline.appendChild(li);
    });
    timeline.scrollTop = timeline.scrollHeight;
    var channels = {};
    detail.messages.forEach(function (m) { if (m.channel !== 'phone' && m.direction !== 'note') channels[m.channel] = true; });
    var select = $('reply-channel');
    select.replaceChildren();
    Object.keys(channels).forEach(function (channel) {
      var option = el('option', null, channel);
      option.value = channel;
      select.appendChild(option);
    });
    select.value = c.channel;
  }

  /** A reply that did not go: said in words (not by colour alone), with why, and a button to send it again. */
  function notSent(conversationId, m) {
    var box = el('span', 'not-sent');
    box.appendChild(el('strong', null, t('notSent')));
    if (m.error) box.appendChild(document.createTextNode(' ' + m.error + ' '));
    var again = el('button', 'send-again', t('sendAgain'));
    again.type = 'button';
    again.addEventListener('click', function () {
      again.disabled = true;
      api('POST', '/api/conversations/' + encodeURIComponent(conversationId) + '/messages/' + encodeURIComponent(m.id) + '/retry')
        .then(function () { return open(conversationId, false); })
        .catch(function (error) {
          again.disabled = false;
          $('reply-error').textContent = problem(error);
        });
    });
    box.appendChild(again);
    return box;
  }

  /** A file of the timeline: downloaded (never opened in the page) with the session's cookie. */
  function attachmentLink(conversationId, file) {
    var wrap = el('span', 'attachment');
    if (!file.kept) {
      wrap.textContent = t('fileNotKept', { name: file.filename });
      return wrap;
    }
    var link = el('a', null, file.filename);
    link.href = '/api/conversations/' + encodeURIComponent(conversationId) + '/attachments/' + encodeURIComponent(file.id);
    link.setAttribute('download', file.filename);
    wrap.appendChild(link);
    wrap.appendChild(document.createTextNode(' (' + t('fileSize', { kb: window.deskNumber(Math.max(1, Math.round(file.size / 1024))) }) + ')'));
    return wrap;
  }

  /** The customer (web chat) sees their messages as read once they are on the agent's screen. */
  function seen(detail) {
    var last = detail.messages[detail.messages.length - 1];
    if (last && last.direction === 'inbound' && document.visibilityState === 'visible' && state.stream) {
      state.stream.send({ type: 'seen', conversationId: detail.conversation.id });
    }
  }

  function fact(list, name, value) {
    if (value == null || value === '' || (Array.isArray(value) && !value.length)) return;
    list.appendChild(el('dt', null, name));
    list.appendChild(el('dd', null, Array.isArray(value) ? value.join(', ') : value));
  }

  function renderProfile(detail) {
    var customer = detail.customer;
    var facts = $('profile-facts');
    facts.replaceChildren();
    $('profile').hidden = false;
    fact(facts, t('name'), customer.name);
    (customer.identities || []).forEach(function (identity) { fact(facts, identity.kind, identity.value); });
    fact(facts, t('timezone'), customer.timezone);
    fact(facts, t('locale'), customer.locale ? localeName(customer.locale) : t('localeUnknown'));
    fact(facts, t('tags'), customer.tags);
    var s = detail.conversation.satisfaction;
    fact(facts, t('satisfaction'), s ? (s.score ? s.score + ' / 5' : t('asked')) : null);
    fact(facts, t('owner'), detail.owner ? detail.owner.name : null);
    renderLocaleChoice(customer.locale);
    var upcoming = $('upcoming');
    upcoming.replaceChildren();
    (detail.upcoming || []).forEach(function (job) {
      upcoming.appendChild(el('li', null, t('job.' + job.kind) + ' · ' + when(job.dueAt)));
    });
    if (!detail.upcoming || !detail.upcoming.length) upcoming.appendChild(el('li', 'muted', t('nothingPlanned')));
  }

  /** "fr-CA" as the agent reads it: "français (Canada)" on a French desk. */
  function localeName(tag) {
    try {
      return tag + ' — ' + new Intl.DisplayNames([language], { type: 'language' }).of(tag);
    } catch (err) {
      return tag;
    }
  }

  function renderLocaleChoice(current) {
    var select = $('customer-locale');
    var choices = LOCALES.indexOf(current) < 0 && current ? LOCALES.concat([current]) : LOCALES;
    select.replaceChildren(el('option', null, t('localeUnknown')));
    select.firstChild.value = '';
    choices.forEach(function (tag) {
      var option = el('option', null, localeName(tag));
      option.value = tag;
      select.appendChild(option);
    });
    select.value = current || '';
    $('customer-locale-result').textContent = '';
  }

  $('customer-locale').addEventListener('change', function () {
    var tag = $('customer-locale').value || null;
    api('PUT', '/api/conversations/' + encodeURIComponent(state.selected) + '/customer/locale', { locale: tag })
      .then(function () {
        return open(state.selected, false).then(function () {
          $('customer-locale-result').textContent = tag ? t('localeSaved', { locale: localeName(tag) }) : '';
        });
      })
      .catch(function (error) { $('customer-locale-result').textContent = problem(error); });
  });

  $('reply').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('reply-text').value.trim();
    if (!text || !state.selected) return;
    $('reply-error').textContent = '';
    var channel = $('reply-channel').value || undefined;
    // compose.js sends notes and files; without it, a plain reply.
    (window.relayDesk.send ? window.relayDesk.send(state.selected, text, channel)
      : api('POST', '/api/conversations/' + encodeURIComponent(state.selected) + '/messages', { text: text, channel: channel }))
      .then(function () {
        $('reply-text').value = '';
        fire('sent', state.selected);
        return open(state.selected, false);
      })
      .catch(function (error) { $('reply-error').textContent = problem(error); });
  });

  var lastTyping = 0;
  $('reply-text').addEventListener('input', function () {
    // The customer sees "… is typing" (web chat); at most every three seconds.
    if (state.stream && state.selected && Date.now() - lastTyping > 3000
        && state.stream.send({ type: 'typing', conversationId: state.selected })) {
      lastTyping = Date.now();
    }
  });

  $('reply-text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('reply').requestSubmit();
  });

  function act(verb) {
    api('POST', '/api/conversations/' + encodeURIComponent(state.selected) + '/' + verb)
      .then(function () { return load(); })
      .catch(function (error) { $('reply-error').textContent = problem(error); });
  }
  $('resolve').addEventListener('click', function () { act('resolve'); });
  $('reopen').addEventListener('click', function () { act('reopen'); });

  $('callback').addEventListener('submit', function (e) {
    e.preventDefault();
    var local = $('callback-at').value;
    var body = local ? { at: new Date(local).toISOString() } : {};
    api('POST', '/api/conversations/' + encodeURIComponent(state.selected) + '/callbacks', body)
      .then(function (job) {
        $('callback-result').textContent = t('callbackPlanned', { time: when(job.dueAt) });
        return open(state.selected, false);
      })
      .catch(function (error) { $('callback-result').textContent = problem(error); });
  });

  // ---- live ----

  function connect() {
    state.stream = window.deskStream($('live'), load, function (frame) {
      if (frame.type === 'event') {
        onEvent(frame);
        // Acknowledged once handled: an event we did not get to comes again on the next connection.
        state.stream.send({ type: 'ack', id: frame.id });
      } else if (frame.type === 'typing') {
        showTyping(frame.conversationId);
      } else if (frame.type === 'presence') {
        showReachability(frame);
      }
    });
  }

  var typingTimer = null;
  function showTyping(conversationId) {
    if (conversationId !== state.selected) return;
    $('typing').textContent = t('typing', { who: $('customer-name').textContent || t('theCustomer') });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { $('typing').textContent = ''; }, 5000);
  }

  function onEvent(frame) {
    if (frame.event === 'message.received') $('typing').textContent = '';
    var data = frame.data || {};
    if (frame.event === 'target.at_risk' || frame.event === 'target.missed') {
      $('nudge').textContent = t(frame.event === 'target.missed' ? 'targetMissed' : 'targetAtRisk',
        { customer: (data.customer && data.customer.name) || t('theCustomer'), time: when(data.due) });
    }
    var id = data.conversationId || (data.conversation && data.conversation.id);
    if (frame.event === 'message.received' && id && (id !== state.selected || document.hidden)) {
      state.unread[id] = (state.unread[id] || 0) + 1;
    }
    fire('event', frame);
    load();
  }

  // Back on the tab: the open conversation's new messages are read now.
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && state.selected && state.unread[state.selected]) {
      delete state.unread[state.selected];
      renderList();
      fire('event', { type: 'seen' });
    }
  });

  window.relayDesk = {
    api: api, el: el, problem: problem, when: when, t: t, language: language, hooks: hooks,
    open: function (id) { return open(id, true); },
    /** Shows no conversation (one the agent just gave away). */
    close: function () {
      state.selected = null;
      state.detail = null;
      $('conversation').hidden = true;
      $('profile').hidden = true;
    },
    reload: load,
    selected: function () { return state.selected; },
    detail: function () { return state.detail; },
    unread: function () { return Object.keys(state.unread).reduce(function (n, id) { return n + state.unread[id]; }, 0); },
    submitReply: function () { $('reply').requestSubmit(); },
    conversationIds: function () { return state.items.map(function (item) { return item.conversation.id; }); }
  };

  // A reload keeps the sign-in: the cookie is still there, and the session tells its CSRF token again. Asked
  // once every script of the page has run, so each has added its hooks before the desk is entered.
  document.addEventListener('DOMContentLoaded', function () { api('GET', '/api/session').then(function (session) {
    if (session.signedIn) return enter(session);
    $('signin').hidden = !$('new-password').hidden; // a reset link's page (signin.js) asks for the new password instead
  }).catch(function (error) {
    $('signin').hidden = false;
    $('signin-error').textContent = problem(error);
  }); });
})();
