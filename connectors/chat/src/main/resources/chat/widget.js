/*
 * Relay chat widget. Embed with one tag: <script src="https://relay.example.com/chat/widget.js" defer></script>
 * Protocol: docs/chat-protocol.md. Every text from the network is rendered with textContent, never as HTML.
 * It speaks the visitor's language (the browser's, else the page's lang), or data-locale="fr-CA" on this tag.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var origin = new URL(script ? script.src : location.href).origin;
  var TOKEN_KEY = 'relay.visitorToken';
  var PENDING_KEY = 'relay.pending';
  // Nothing is written to the visitor's storage until they open the chat, or the site says they
  // consented: <script src=".../widget.js" data-relay-consent="granted"> (docs/chat-protocol.md).
  var mayStore = !!(script && script.dataset.relayConsent === 'granted');
  var issuedToken = null;
  // The languages the visitor reads, best first: the site's choice (data-locale on the script tag),
  // else the browser's, then the page's; the gateway answers in the first it speaks.
  var wanted = (script && script.dataset.locale ? [script.dataset.locale]
    : (navigator.languages || [navigator.language]).concat([document.documentElement.lang])).filter(Boolean);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function initials(name) {
    return name.split(/\s+/).filter(Boolean).slice(0, 2).map(function (p) { return p[0].toUpperCase(); }).join('');
  }

  function newClientId() {
    return 'c-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }

  /**
   * Builds the widget in the language of {@code texts} ({locale, texts} from /chat/texts): every
   * word it shows comes from there, so a French page shows no English word.
   */
  function start(texts) {
    function t(key, args) {
      var text = texts.texts[key] || '';
      Object.keys(args || {}).forEach(function (name) { text = text.split('{' + name + '}').join(args[name]); });
      return text;
    }

    var css = el('link');
    css.rel = 'stylesheet';
    css.href = origin + '/chat/widget.css';
    document.head.appendChild(css);

    var root = el('div', 'relay-chat');
    var launcher = el('button', 'relay-launcher', t('launcher'));
    launcher.type = 'button';
    launcher.setAttribute('aria-haspopup', 'dialog');
    var panel = el('section', 'relay-panel');
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', t('dialog'));
    // The texts' language, which may not be the host page's: screen readers pronounce them right.
    panel.lang = texts.locale;
    var header = el('header', 'relay-header');
    var avatar = el('div', 'relay-avatar', '?');
    avatar.setAttribute('aria-hidden', 'true');
    var who = el('div', 'relay-who');
    var agentName = el('strong', null, t('support'));
    var agentState = el('span', null, t('connecting'));
    who.append(agentName, agentState);
    var close = el('button', 'relay-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', t('close'));
    // "Forget me": ends the chat; the server lets the visitor's token go and this browser's storage is cleared.
    var forget = el('button', 'relay-forget', t('forget'));
    forget.type = 'button';
    forget.setAttribute('aria-label', t('forgetLabel'));
    header.append(avatar, who, forget, close);
    var log = el('div', 'relay-log');
    log.setAttribute('role', 'log');
    log.setAttribute('aria-live', 'polite');
    var status = el('div', 'relay-status');
    status.setAttribute('role', 'status');
    var form = el('form', 'relay-form');
    var input = el('textarea', 'relay-input');
    input.rows = 2;
    input.maxLength = 4000;
    input.setAttribute('aria-label', t('inputLabel'));
    input.placeholder = t('placeholder');
    var send = el('button', 'relay-send', t('send'));
    send.type = 'submit';
    form.append(input, send);

    // "Call me back": offered when calls are set up; out of hours it lists the next free slots.
    var callToggle = el('button', 'relay-call-toggle', t('call.toggle'));
    callToggle.type = 'button';
    callToggle.hidden = true;
    callToggle.setAttribute('aria-expanded', 'false');
    var callForm = el('form', 'relay-call');
    callForm.hidden = true;
    callForm.setAttribute('aria-label', t('call.form'));
    var phoneLabel = el('label', null, t('call.phone'));
    var phone = el('input', 'relay-phone');
    phone.type = 'tel';
    phone.autocomplete = 'tel';
    phone.required = true;
    phone.placeholder = t('call.phoneExample');
    phoneLabel.appendChild(phone);
    // Why a number could not be read, in the visitor's language; the form stays open to correct it.
    var callError = el('p', 'relay-call-error');
    callError.id = 'relay-call-error';
    callError.setAttribute('role', 'alert');
    callError.hidden = true;
    phone.setAttribute('aria-describedby', callError.id);
    var when = el('fieldset', 'relay-slots');
    var whenLegend = el('legend', null, t('call.when'));
    var callSend = el('button', 'relay-send', t('call.send'));
    callSend.type = 'submit';
    callForm.append(phoneLabel, callError, when, callSend);
    panel.append(header, log, status, callToggle, callForm, form);
    root.append(launcher, panel);

    var ws = null;
    var ready = false;
    var retry = 0;
    var shown = {};
    var pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || '[]');
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var callClientId = null;
    var forgotten = false;

    function savePending() {
      sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    }

    function scroll() {
      log.scrollTop = log.scrollHeight;
    }

    function showAgent(agent) {
      if (!agent || !agent.name) return;
      agentName.textContent = agent.name;
      avatar.textContent = initials(agent.name) || '?';
      if (agent.available === false) {
        agentState.textContent = t('agentAway');
      } else {
        agentState.textContent = t('yourAgent');
      }
    }

    function addVisitorMessage(item) {
      var bubble = el('div', 'relay-msg visitor', item.text);
      var meta = el('span', 'relay-meta', item.messageId ? t('sent') : t('sending'));
      bubble.appendChild(meta);
      bubble.dataset.clientId = item.clientId;
      log.appendChild(bubble);
      scroll();
    }

    function addAgentMessage(frame) {
      if (frame.messageId && shown[frame.messageId]) return;
      if (typingTimer) {
        clearTimeout(typingTimer);
        typingTimer = null;
        agentState.textContent = stateBeforeTyping;
      }
      if (frame.messageId) shown[frame.messageId] = true;
      var bubble = el('div', 'relay-msg agent', frame.text);
      bubble.appendChild(el('span', 'relay-meta', frame.author && frame.author.name ? frame.author.name : t('support')));
      log.appendChild(bubble);
      showAgent(frame.author && { name: frame.author.name });
      scroll();
    }

    function addNotice(text) {
      log.appendChild(el('div', 'relay-notice', text));
      scroll();
    }

    var typingTimer = null;
    var stateBeforeTyping = null;

    function showTyping(name) {
      if (typingTimer) clearTimeout(typingTimer); else stateBeforeTyping = agentState.textContent;
      agentState.textContent = t('typing', { agent: name || t('support') });
      typingTimer = setTimeout(function () {
        agentState.textContent = stateBeforeTyping;
        typingTimer = null;
      }, 4000);
    }

    function showOffer(offer) {
      callToggle.hidden = !offer.enabled;
      when.replaceChildren(whenLegend);
      var choices = offer.now ? [null] : offer.slots;
      var format = new Intl.DateTimeFormat(texts.locale, { weekday: 'long', day: 'numeric', month: 'long',
        hour: '2-digit', minute: '2-digit', timeZone: offer.timezone });
      choices.forEach(function (slot, i) {
        var label = el('label', 'relay-slot');
        var radio = el('input');
        radio.type = 'radio';
        radio.name = 'relay-slot';
        radio.value = slot || '';
        radio.checked = i === 0;
        label.append(radio, document.createTextNode(' ' + (slot ? format.format(new Date(slot)) : t('call.now'))));
        when.appendChild(label);
      });
      if (!offer.now && offer.slots.length) {
        when.insertBefore(el('p', 'relay-hint', offer.agent ? t('call.later', { agent: offer.agent }) : t('call.laterTeam')),
          when.children[1]);
      }
    }

    function transmit(item) {
      if (ready) ws.send(JSON.stringify({ type: 'message', clientId: item.clientId, text: item.text }));
    }

    function onFrame(frame) {
      switch (frame.type) {
        case 'welcome':
          ready = true;
          retry = 0;
          status.textContent = '';
          issuedToken = frame.visitorToken;
          if (mayStore) localStorage.setItem(TOKEN_KEY, issuedToken);
          (frame.history || []).forEach(function (entry) {
            if (entry.author.kind === 'agent') {
              addAgentMessage(entry);
            } else if (!shown[entry.messageId]) {
              shown[entry.messageId] = true;
              addVisitorMessage({ clientId: entry.messageId, text: entry.text, messageId: entry.messageId });
            }
          });
          if (frame.agent) showAgent(frame.agent); else agentState.textContent = t('usuallyAnswer');
          pending.forEach(transmit);
          ws.send(JSON.stringify({ type: 'callback.slots' }));
          break;
        case 'callback.slots':
          showOffer(frame);
          break;
        case 'typing':
          showTyping(frame.agent && frame.agent.name);
          break;
        case 'seen':
          log.querySelectorAll('.relay-msg.visitor .relay-meta').forEach(function (meta) {
            if (meta.textContent === t('sent')) meta.textContent = t('seen');
          });
          break;
        case 'ack':
          shown[frame.messageId] = true;
          pending = pending.filter(function (p) { return p.clientId !== frame.clientId; });
          savePending();
          var bubble = log.querySelector('[data-client-id="' + CSS.escape(frame.clientId) + '"] .relay-meta');
          if (bubble) bubble.textContent = t('sent');
          if (frame.clientId === callClientId) {
            callClientId = null;
            callError.hidden = true;
            phone.removeAttribute('aria-invalid');
            callForm.hidden = true;
            callToggle.setAttribute('aria-expanded', 'false');
          }
          break;
        case 'message':
          addAgentMessage(frame);
          break;
        case 'notice':
          if (frame.agent) showAgent(frame.agent);
          addNotice(frame.text);
          break;
        case 'forgotten':
          forgotten = true;
          issuedToken = null;
          localStorage.removeItem(TOKEN_KEY);
          sessionStorage.removeItem(PENDING_KEY);
          pending = [];
          shown = {};
          log.textContent = '';
          agentName.textContent = t('support');
          avatar.textContent = '?';
          agentState.textContent = '';
          status.textContent = t('forgotten');
          break;
        case 'error':
          if (frame.code === 'invalid_token') {
            localStorage.removeItem(TOKEN_KEY);
            ws.send(JSON.stringify({ type: 'hello' }));
          } else if (frame.code === 'invalid_phone' && frame.clientId === callClientId) {
            // The gateway says what is wrong with the number, in the visitor's language; the form stays open.
            callClientId = null;
            callError.textContent = frame.text || t('error.invalid_phone');
            callError.hidden = false;
            phone.setAttribute('aria-invalid', 'true');
            phone.focus();
          } else {
            // frame.message is for developers, in English; the visitor reads the text for the code.
            status.textContent = texts.texts['error.' + frame.code] || t('error.other');
          }
          break;
      }
    }

    function connect() {
      ready = false;
      ws = new WebSocket(origin.replace(/^http/, 'ws') + '/chat/ws');
      ws.onopen = function () {
        var hello = { type: 'hello', timezone: zone, locale: texts.locale };
        var token = localStorage.getItem(TOKEN_KEY);
        if (token) hello.visitorToken = token;
        ws.send(JSON.stringify(hello));
      };
      ws.onmessage = function (event) {
        try { onFrame(JSON.parse(event.data)); } catch (e) { /* a frame we cannot read is skipped */ }
      };
      ws.onclose = function () {
        if (forgotten) return; // a new chat starts when the visitor writes again
        ready = false;
        agentState.textContent = t('reconnecting');
        var delay = Math.min(30000, 1000 * Math.pow(2, retry++));
        setTimeout(connect, delay);
      };
    }

    launcher.addEventListener('click', function () {
      mayStore = true;
      if (issuedToken) localStorage.setItem(TOKEN_KEY, issuedToken);
      launcher.hidden = true;
      panel.hidden = false;
      input.focus();
    });
    close.addEventListener('click', function () {
      panel.hidden = true;
      launcher.hidden = false;
      launcher.focus();
    });
    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') close.click();
    });
    var lastTypingSent = 0;
    input.addEventListener('input', function () {
      // Your agent sees that you are writing; at most every three seconds, never the text itself.
      if (ready && Date.now() - lastTypingSent > 3000) {
        lastTypingSent = Date.now();
        ws.send(JSON.stringify({ type: 'typing' }));
      }
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    callToggle.addEventListener('click', function () {
      var open = callForm.hidden;
      callForm.hidden = !open;
      callToggle.setAttribute('aria-expanded', String(open));
      if (open) {
        if (ready) ws.send(JSON.stringify({ type: 'callback.slots' }));
        phone.focus();
      }
    });
    callForm.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!ready) return;
      var chosen = callForm.querySelector('input[name="relay-slot"]:checked');
      callClientId = newClientId();
      var number = phone.value.trim();
      var request = { type: 'callback.request', clientId: callClientId, phone: number, text: t('call.request', { phone: number }) };
      if (chosen && chosen.value) {
        request.at = chosen.value;
        request.text = t('call.requestAt', { phone: number, at: chosen.parentNode.textContent.trim() });
      }
      ws.send(JSON.stringify(request));
    });
    forget.addEventListener('click', function () {
      if (ready) ws.send(JSON.stringify({ type: 'forget' }));
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      if (forgotten) {
        forgotten = false;
        status.textContent = '';
        connect();
      }
      var item = { clientId: newClientId(), text: text };
      pending.push(item);
      savePending();
      addVisitorMessage(item);
      transmit(item);
      input.value = '';
      lastTypingSent = 0;
    });

    function mount() {
      document.body.appendChild(root);
      pending.forEach(addVisitorMessage);
      connect();
    }
    if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);

  }

  // Nothing is shown until the texts are here; a gateway that cannot answer yet is asked again.
  function load(attempt) {
    fetch(origin + '/chat/texts?locale=' + encodeURIComponent(wanted.join(',')))
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(start)
      .catch(function () { setTimeout(function () { load(attempt + 1); }, Math.min(30000, 1000 * Math.pow(2, attempt))); });
  }
  load(0);
})();
