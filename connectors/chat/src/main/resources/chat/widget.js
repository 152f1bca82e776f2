/*
 * Relay chat widget. Embed with one tag: <script src="https://relay.example.com/chat/widget.js" defer></script>
 * (docs/agent-desk.md, "The widget on your site"). Protocol: docs/chat-protocol.md. Every text from the
 * network is rendered with textContent, never as HTML; only http, https, mailto and tel links become links.
 * It speaks the visitor's language (the browser's, else the page's lang), or data-locale="fr-CA" on this tag.
 * Its look (name, colour, logo, greeting, position) is what the company's admins chose (/api/admin/brand).
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

  // Icons drawn, not emoji: a page's fonts may have no emoji (24×24 paths, Material Icons, Apache 2.0).
  var ICONS = {
    attach: 'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z',
    file: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z'
  };

  function icon(name, cls) {
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', cls);
    var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', ICONS[name]);
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  function initials(name) {
    return name.split(/\s+/).filter(Boolean).slice(0, 2).map(function (p) { return p[0].toUpperCase(); }).join('');
  }

  // What a message may link to; anything else (javascript:, data:…) stays plain text.
  var LINK = /\b(?:https?:\/\/|mailto:|tel:)[^\s<>"']+/gi;
  var SAFE_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'];
  // Without an acknowledgement by then, the visitor is told the message is not sent, and may send it again.
  var ACK_WITHIN_MS = 15000;
  // An upload that makes no progress for this long (a dead network) says "Not sent", to be sent again.
  var UPLOAD_STALL_MS = 30000;

  /** The text with its web, mail and phone links clickable, every other character as text. */
  function linked(text) {
    var out = document.createDocumentFragment();
    var at = 0;
    text.replace(LINK, function (found, offset) {
      var url = found.replace(/[.,;:!?)\]»]+$/, '');
      var a = document.createElement('a');
      a.href = url;
      if (SAFE_SCHEMES.indexOf(a.protocol) < 0) return found;
      out.appendChild(document.createTextNode(text.slice(at, offset)));
      a.textContent = url;
      if (a.protocol.indexOf('http') === 0) a.target = '_blank';
      a.rel = 'noopener noreferrer';
      out.appendChild(a);
      at = offset + url.length;
      return found;
    });
    out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }

  /**
   * The signed-in user the site vouches for, from its tag: data-relay-user-id (or data-relay-email
   * alone) and data-relay-signature, computed by its backend; data-relay-name and data-relay-email
   * beside a user id are shown to the agent (docs/chat-protocol.md). Null on an anonymous page.
   */
  function siteIdentity() {
    var site = script ? script.dataset : {};
    if (!site.relaySignature) return null;
    var identity = { signature: site.relaySignature };
    ['userId', 'email', 'name'].forEach(function (field) {
      var value = site['relay' + field[0].toUpperCase() + field.slice(1)];
      if (value) identity[field] = value;
    });
    return identity;
  }

  function newClientId() {
    return 'c-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }

  /**
   * Builds the widget in the language of {@code texts} ({locale, texts} from /chat/texts): every
   * word it shows comes from there, so a French page shows no English word.
   */
  function start(texts) {
    var brand = texts.brand || {};
    var maxLength = (texts.limits && texts.limits.maxTextLength) || 4000;
    // Files go over HTTP (POST /chat/files), one upload each; a gateway that does not say its limits takes none.
    var maxFileBytes = (texts.limits && texts.limits.maxFileBytes) || 0;
    var maxFiles = (texts.limits && texts.limits.maxFiles) || 1;
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
    if (brand.colour) root.style.setProperty('--relay-brand', brand.colour);
    if (brand.position === 'left') root.classList.add('relay-left');
    var launcher = el('button', 'relay-launcher', t('launcher'));
    launcher.type = 'button';
    launcher.setAttribute('aria-haspopup', 'dialog');
    // Replies that came while the chat was closed: a number to see, and words for screen readers.
    var badge = el('span', 'relay-badge');
    badge.setAttribute('aria-hidden', 'true');
    var badgeWords = el('span', 'relay-sr');
    badge.hidden = true;
    launcher.append(badge, badgeWords);
    var unread = 0;
    var panel = el('section', 'relay-panel');
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', t('dialog'));
    // The texts' language, which may not be the host page's: screen readers pronounce them right.
    panel.lang = texts.locale;
    var header = el('header', 'relay-header');
    var companyName = brand.name || t('support');
    var avatar = el('div', 'relay-avatar');
    avatar.setAttribute('aria-hidden', 'true');
    var who = el('div', 'relay-who');
    var agentName = el('strong', null, companyName);
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
    // Focusable, so a long conversation scrolls by keyboard too (with no link in it to land on).
    log.tabIndex = 0;
    log.setAttribute('aria-label', t('log'));
    var status = el('div', 'relay-status');
    status.setAttribute('role', 'status');
    var greeting = el('p', 'relay-greeting', brand.greeting || t('greeting'));
    var earlier = el('details', 'relay-earlier');
    earlier.hidden = true;
    var form = el('form', 'relay-form');
    // Asked before the first message when the company wants it; the visitor may leave it empty.
    var nameLabel = el('label', 'relay-name', t('nameLabel'));
    var nameInput = el('input');
    nameInput.type = 'text';
    nameInput.autocomplete = 'name';
    nameInput.maxLength = 200;
    nameLabel.appendChild(nameInput);
    nameLabel.hidden = !brand.askName;
    var row = el('div', 'relay-row');
    var input = el('textarea', 'relay-input');
    input.rows = 2;
    // No maxLength: the browser would cut a long paste without a word. The count below says it.
    input.setAttribute('aria-label', t('inputLabel'));
    input.placeholder = t('placeholder');
    var count = el('div', 'relay-count');
    count.id = 'relay-count';
    count.hidden = true;
    input.setAttribute('aria-describedby', count.id);
    var send = el('button', 'relay-send', t('send'));
    send.type = 'submit';
    // The paperclip opens the file picker; files may also be dropped on the panel.
    var attach = el('button', 'relay-attach');
    attach.appendChild(icon('attach', 'relay-icon'));
    attach.type = 'button';
    attach.setAttribute('aria-label', t('attach'));
    attach.title = t('attach');
    var picker = el('input', 'relay-picker');
    picker.type = 'file';
    picker.multiple = true;
    picker.hidden = true;
    picker.tabIndex = -1;
    picker.setAttribute('aria-hidden', 'true');
    attach.hidden = !maxFileBytes;
    row.append(attach, picker, input, send);
    form.append(nameLabel, row, count);

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
    var dropHint = el('div', 'relay-drop', t('drop'));
    dropHint.hidden = true;
    panel.append(header, log, status, callToggle, callForm, form, dropHint);
    log.append(earlier, greeting);
    root.append(launcher, panel);

    var ws = null;
    var ready = false;
    var retry = 0;
    var shown = {};
    var pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || '[]');
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var callClientId = null;
    var forgotten = false;

    // A file cannot be kept in the tab's storage: one not stored yet is lost on a reload, so the page asks first.
    function savePending() {
      sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending.filter(function (p) { return !p.file; }).map(function (p) {
        return { clientId: p.clientId, text: p.text, name: p.name };
      })));
    }

    function scroll() {
      log.scrollTop = log.scrollHeight;
    }

    /** Before an agent answers: the company, by its logo or its initials; never a question mark. */
    function showCompany() {
      agentName.textContent = companyName;
      avatar.replaceChildren();
      if (brand.logo) {
        var img = el('img');
        img.src = origin + brand.logo;
        img.alt = '';
        avatar.appendChild(img);
      } else {
        avatar.textContent = initials(companyName);
      }
    }
    showCompany();

    function showUnread() {
      badge.hidden = unread === 0;
      badge.textContent = unread > 9 ? '9+' : String(unread);
      badgeWords.textContent = unread === 0 ? '' : ' — ' + t('unread', { count: unread });
    }

    /** An agent's message or a notice: counted on the launcher while the chat is closed. */
    function arrived() {
      if (!panel.hidden) return;
      unread++;
      showUnread();
    }

    function showAgent(agent) {
      if (!agent || !agent.name) return;
      agentName.textContent = agent.name;
      avatar.textContent = initials(agent.name);
      if (agent.available === false) {
        agentState.textContent = t('agentAway');
      } else {
        agentState.textContent = t('yourAgent');
      }
    }

    // The header tells the truth before anything is sent: here, with other customers (and about how
    // long, only when Relay measured enough), away, or back at the opening time in the visitor's zone.
    function showAvailability(agent, availability) {
      if (!availability) {
        if (!agent) agentState.textContent = '';
        return;
      }
      var named = !!(agent && agent.name);
      var args = { agent: named ? agent.name : '', minutes: availability.minutes };
      var key;
      if (availability.state === 'here') {
        key = named ? 'here' : 'teamHere';
      } else if (availability.state === 'busy') {
        key = (named ? 'busy' : 'teamBusy') + (availability.minutes ? 'About' : '');
      } else if (availability.state === 'closed' && availability.back) {
        var back = new Date(availability.back);
        var days = daysBetween(new Date(availability.at), back);
        args.time = new Intl.DateTimeFormat(texts.locale, { hour: '2-digit', minute: '2-digit' }).format(back);
        args.day = new Intl.DateTimeFormat(texts.locale, days < 7 ? { weekday: 'long' }
          : { weekday: 'long', day: 'numeric', month: 'long' }).format(back);
        key = (named ? 'back' : 'teamBack') + (days <= 0 ? 'Today' : days === 1 ? 'Tomorrow' : 'On');
      } else {
        key = named ? 'agentAway' : 'teamAway';
      }
      agentState.textContent = t(key, args);
    }

    /** Whole days from one moment's date to another's, both in the visitor's zone. */
    function daysBetween(from, to) {
      function day(d) { return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()); }
      return Math.round((day(to) - day(from)) / 86400000);
    }

    /** "120 kB", "1,2 Mo": in the visitor's language. */
    function size(bytes) {
      var mega = bytes >= 1024 * 1024;
      return new Intl.NumberFormat(texts.locale, { style: 'unit', unit: mega ? 'megabyte' : 'kilobyte', unitDisplay: 'short',
        maximumFractionDigits: mega ? 1 : 0 }).format(Math.max(1, bytes / (mega ? 1024 * 1024 : 1024)));
    }

    /**
     * A file in a message: a picture as a thumbnail (its name as alt text), anything else as a chip
     * with its name and size; both are links to download it, when it has one (a file another tab sent
     * shows its link after a reload).
     */
    function fileView(file) {
      var url = file.localUrl || file.url;
      var image = /^image\/(png|jpeg|gif|webp)$/.test(file.contentType || '') && url;
      var node = el(file.url ? 'a' : 'span', image ? 'relay-thumb' : 'relay-file');
      if (file.url) {
        node.href = file.url;
        node.rel = 'noopener noreferrer';
        node.setAttribute('download', file.filename);
      }
      if (image) {
        var img = el('img');
        img.alt = t('file.image', { name: file.filename });
        // A picture that cannot show (not one after all, or the page's policy forbids it) becomes its chip.
        img.addEventListener('error', function () { node.replaceWith(fileView({ filename: file.filename, size: file.size,
          url: file.url })); });
        img.src = url;
        node.appendChild(img);
      } else {
        node.append(icon('file', 'relay-file-icon'), el('span', 'relay-file-name', file.filename),
          el('span', 'relay-file-size', size(file.size)));
      }
      if (file.url) node.setAttribute('aria-label', t('file.download', { name: file.filename, size: size(file.size) }));
      return node;
    }

    /** The text without the lines that name the message's files for a widget that shows only text. */
    function withoutFileLines(text, files) {
      return text.split('\n').filter(function (line) {
        return !files.some(function (f) { return line.indexOf('\uD83D\uDCCE ' + f.filename) === 0; });
      }).join('\n').replace(/\s+$/, '');
    }

    function bubble(cls, text, meta, files) {
      files = files || [];
      var node = el('div', 'relay-msg ' + cls);
      var words = withoutFileLines(text || '', files);
      if (words) {
        var body = el('span', 'relay-text');
        body.appendChild(linked(words));
        node.appendChild(body);
      }
      files.forEach(function (file) { node.appendChild(fileView(file)); });
      node.appendChild(el('span', 'relay-meta', meta));
      return node;
    }

    function addVisitorMessage(item) {
      var node = bubble('visitor', item.text, item.messageId ? t('sent') : t('sending'), item.attachments);
      node.dataset.clientId = item.clientId;
      log.appendChild(node);
      greeting.hidden = true;
      scroll();
      return node;
    }

    function bubbleOf(clientId) {
      return log.querySelector('.relay-msg.visitor[data-client-id="' + CSS.escape(clientId) + '"]');
    }

    /**
     * A message the gateway did not take (yet): it says so on the message, with a button to send it
     * again; a rate-limited one is sent again by itself once the wait is over.
     */
    function notSent(item, seconds, refusal) {
      var node = bubbleOf(item.clientId);
      if (!node) return;
      clearTimeout(item.timer);
      clearInterval(item.countdown);
      node.classList.add('relay-failed');
      var meta = node.querySelector('.relay-meta');
      meta.replaceChildren(el('span', 'relay-why'));
      if (refusal) {
        // The file itself is refused (too large, a kind not taken): sending it again would not help.
        meta.firstChild.textContent = refusal;
        meta.firstChild.setAttribute('role', 'alert');
        pending = pending.filter(function (p) { return p !== item; });
        return;
      }
      var retry = el('button', 'relay-retry', t('retry'));
      retry.type = 'button';
      retry.addEventListener('click', function () { resend(item); });
      meta.appendChild(retry);
      var why = meta.firstChild;
      why.setAttribute('role', 'alert');
      if (seconds) {
        var left = seconds;
        why.textContent = t('rateLimited', { seconds: left }) + ' ';
        item.countdown = setInterval(function () {
          left--;
          if (left <= 0) resend(item); else why.textContent = t('rateLimited', { seconds: left }) + ' ';
        }, 1000);
      } else {
        why.textContent = t('notSent') + ' ';
      }
    }

    function resend(item) {
      clearInterval(item.countdown);
      var node = bubbleOf(item.clientId);
      if (node) {
        node.classList.remove('relay-failed');
        node.querySelector('.relay-meta').textContent = t('sending');
      }
      transmit(item);
    }

    // Older chats come a page at a time (the welcome brings the last ones): a chat a page cut in two
    // gets its older part put before what is shown of it.
    var earlierGroups = {};
    var olderBefore = null;
    var olderButton = el('button', 'relay-older', t('earlierMore'));
    olderButton.type = 'button';
    olderButton.addEventListener('click', function () {
      if (!ready || !olderBefore) return;
      olderButton.disabled = true;
      ws.send(JSON.stringify({ type: 'earlier', before: olderBefore }));
    });

    function renderEarlier(conversations, before, older) {
      if (!older) {
        earlier.replaceChildren(el('summary', null, t('earlier')));
        earlierGroups = {};
      }
      var day = new Intl.DateTimeFormat(texts.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
      conversations.forEach(function (conversation) {
        var first = conversation.messages[0];
        var bubbles = conversation.messages.map(function (m) {
          var mine = m.author.kind !== 'agent';
          return bubble(mine ? 'visitor' : 'agent', m.text, mine ? '' : (m.author.name || companyName), m.attachments);
        });
        var group = earlierGroups[conversation.conversationId];
        if (!group) {
          group = el('section', 'relay-earlier-one');
          group.appendChild(el('h3'));
          earlierGroups[conversation.conversationId] = group;
          earlier.appendChild(group);
        }
        var heading = group.firstChild;
        var rest = heading.nextSibling;
        bubbles.forEach(function (node) { group.insertBefore(node, rest); });
        if (first) heading.textContent = day.format(new Date(first.at));
      });
      olderBefore = before || null;
      olderButton.disabled = false;
      if (olderBefore) earlier.appendChild(olderButton);
      else olderButton.remove();
      earlier.hidden = !olderBefore && !earlier.querySelector('.relay-earlier-one');
    }

    function addAgentMessage(frame) {
      if (frame.messageId && shown[frame.messageId]) return;
      if (typingTimer) {
        clearTimeout(typingTimer);
        typingTimer = null;
        agentState.textContent = stateBeforeTyping;
      }
      if (frame.messageId) shown[frame.messageId] = true;
      log.appendChild(bubble('agent', frame.text, frame.author && frame.author.name ? frame.author.name : companyName,
        frame.attachments));
      greeting.hidden = true;
      showAgent(frame.author && { name: frame.author.name });
      scroll();
    }

    function addNotice(frame) {
      var notice = el('div', 'relay-notice');
      notice.appendChild(linked(frame.text));
      log.appendChild(notice);
      if (frame.survey) log.appendChild(scores(frame.survey));
      scroll();
    }

    /** The survey's scores as buttons; writing a number in the box answers too (the notice says so). */
    function scores(survey) {
      var group = el('div', 'relay-survey');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t('survey'));
      for (var score = survey.min; score <= survey.max; score++) {
        var star = el('button', 'relay-star', '★');
        star.type = 'button';
        star.setAttribute('aria-label', t('surveyScore', { score: score }));
        star.dataset.score = String(score);
        group.appendChild(star);
      }
      group.addEventListener('click', function (e) {
        var chosen = e.target.closest('.relay-star');
        if (!chosen || chosen.disabled) return;
        var n = Number(chosen.dataset.score);
        group.querySelectorAll('.relay-star').forEach(function (b) {
          b.disabled = true;
          b.classList.toggle('relay-on', Number(b.dataset.score) <= n);
          b.setAttribute('aria-pressed', String(b === chosen));
        });
        submit('★★★★★'.slice(0, n) + '☆☆☆☆☆'.slice(0, survey.max - n));
      });
      return group;
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
      if (item.file) {
        upload(item);
        return;
      }
      clearTimeout(item.timer);
      item.timer = setTimeout(function () { notSent(item); }, ACK_WITHIN_MS);
      var frame = { type: 'message', clientId: item.clientId, text: item.text };
      if (item.name) frame.name = item.name;
      if (ready) ws.send(JSON.stringify(frame));
    }

    /**
     * A file, as its own message: its bytes over HTTP with the visitor's token, once the chat is
     * greeted. Stored → "Sent"; refused → why, on it; an error, no progress for a while, or too fast
     * → "Not sent" and Send again (the same clientId: stored once).
     */
    function upload(item) {
      if (!ready || !issuedToken || item.uploading) return;
      item.uploading = true;
      var xhr = new XMLHttpRequest();
      var stall = null;
      function watch() {
        clearTimeout(stall);
        stall = setTimeout(function () { xhr.abort(); }, UPLOAD_STALL_MS);
      }
      function failed() {
        clearTimeout(stall);
        item.uploading = false;
        notSent(item);
      }
      xhr.open('POST', origin + '/chat/files?name=' + encodeURIComponent(item.file.name) + '&clientId='
        + encodeURIComponent(item.clientId) + '&locale=' + encodeURIComponent(texts.locale));
      xhr.setRequestHeader('Authorization', 'Bearer ' + issuedToken);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = watch;
      xhr.onerror = failed;
      xhr.onabort = failed;
      xhr.onload = function () {
        clearTimeout(stall);
        item.uploading = false;
        var error = {};
        try { error = JSON.parse(xhr.responseText).error || {}; } catch (e) { /* not ours: said as not sent */ }
        if (xhr.status === 202) {
          shown[JSON.parse(xhr.responseText).messageId] = true;
          pending = pending.filter(function (p) { return p !== item; });
          var done = bubbleOf(item.clientId);
          if (done) {
            done.classList.remove('relay-failed');
            done.querySelector('.relay-meta').textContent = t('sent');
          }
        } else if (error.text) {
          notSent(item, 0, error.text);
        } else {
          notSent(item, xhr.status === 429 ? error.retryAfter || 5 : 0);
        }
      };
      watch();
      xhr.send(item.file);
    }

    /** Files picked or dropped: each its own message; too many at once, or one too large, is said, never lost. */
    function sendFiles(list) {
      var files = Array.prototype.slice.call(list || []);
      if (!files.length || !maxFileBytes) return;
      if (files.length > maxFiles) {
        status.textContent = t('file.tooMany', { max: maxFiles });
        return;
      }
      status.textContent = '';
      if (forgotten) {
        forgotten = false;
        connect();
      }
      files.forEach(function (file) {
        var item = { clientId: newClientId(), text: '', file: file,
          attachments: [{ filename: file.name, contentType: file.type, size: file.size, localUrl: URL.createObjectURL(file) }] };
        addVisitorMessage(item);
        if (file.size > maxFileBytes) {
          notSent(item, 0, t('file.tooLarge', { name: file.name, max: size(maxFileBytes) }));
          return;
        }
        pending.push(item);
        upload(item);
      });
    }

    function pendingOf(clientId) {
      return pending.filter(function (p) { return p.clientId === clientId; })[0];
    }

    function onFrame(frame) {
      switch (frame.type) {
        case 'welcome':
          ready = true;
          retry = 0;
          status.textContent = '';
          issuedToken = frame.visitorToken;
          if (mayStore) localStorage.setItem(TOKEN_KEY, issuedToken);
          renderEarlier(frame.earlier || [], frame.earlierBefore, false);
          (frame.history || []).forEach(function (entry) {
            if (entry.author.kind === 'agent') {
              addAgentMessage(entry);
            } else if (!shown[entry.messageId]) {
              shown[entry.messageId] = true;
              addVisitorMessage({ clientId: entry.messageId, text: entry.text, messageId: entry.messageId,
                attachments: entry.attachments });
            }
          });
          if (frame.agent) showAgent(frame.agent);
          showAvailability(frame.agent, frame.availability);
          pending.forEach(transmit);
          ws.send(JSON.stringify({ type: 'callback.slots' }));
          break;
        case 'earlier':
          renderEarlier(frame.conversations || [], frame.before, true);
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
          var acked = pendingOf(frame.clientId);
          if (acked) {
            clearTimeout(acked.timer);
            clearInterval(acked.countdown);
          }
          pending = pending.filter(function (p) { return p.clientId !== frame.clientId; });
          savePending();
          var done = bubbleOf(frame.clientId);
          if (done) {
            done.classList.remove('relay-failed');
            done.querySelector('.relay-meta').textContent = t('sent');
          }
          if (frame.clientId === callClientId) {
            callClientId = null;
            callError.hidden = true;
            phone.removeAttribute('aria-invalid');
            callForm.hidden = true;
            callToggle.setAttribute('aria-expanded', 'false');
          }
          break;
        case 'message':
          // Only replies not delivered yet come as frames (also those written while the page was
          // away, right after the welcome): each is news, even if the history listed it.
          arrived();
          addAgentMessage(frame);
          break;
        case 'echo':
          // What the visitor wrote in another tab of theirs.
          if (!shown[frame.messageId] && !bubbleOf(frame.clientId)) {
            shown[frame.messageId] = true;
            addVisitorMessage({ clientId: frame.clientId, text: frame.text, messageId: frame.messageId,
              attachments: frame.attachments });
          }
          break;
        case 'notice':
          if (frame.agent) showAgent(frame.agent);
          arrived();
          addNotice(frame);
          break;
        case 'forgotten':
          forgotten = true;
          issuedToken = null;
          localStorage.removeItem(TOKEN_KEY);
          sessionStorage.removeItem(PENDING_KEY);
          pending = [];
          shown = {};
          earlier.replaceChildren();
          log.replaceChildren(earlier, greeting);
          earlier.hidden = true;
          greeting.hidden = false;
          showCompany();
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
          } else if (frame.clientId && pendingOf(frame.clientId)) {
            // This message was not stored: said on the message itself, which can be sent again.
            notSent(pendingOf(frame.clientId), frame.code === 'rate_limited' ? frame.retryAfter || 5 : 0);
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
        var vouched = siteIdentity();
        if (vouched) hello.identity = vouched;
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
      unread = 0;
      showUnread();
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
    /** The count shows near the limit; past it, the message stays in the box to be shortened. */
    function showCount() {
      var length = input.value.trim().length;
      count.hidden = length < maxLength * 0.9;
      count.textContent = t('count', { length: length, max: maxLength });
      count.classList.toggle('relay-over', length > maxLength);
      if (length <= maxLength) input.removeAttribute('aria-invalid');
    }
    input.addEventListener('input', showCount);
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
    attach.addEventListener('click', function () { picker.click(); });
    picker.addEventListener('change', function () {
      sendFiles(picker.files);
      picker.value = '';
    });
    // Dropped anywhere on the open panel; only a drag that carries files shows the hint.
    var dragDepth = 0;
    function carriesFiles(e) {
      return maxFileBytes && e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0;
    }
    panel.addEventListener('dragenter', function (e) {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      dragDepth++;
      dropHint.hidden = false;
    });
    panel.addEventListener('dragover', function (e) {
      if (carriesFiles(e)) e.preventDefault();
    });
    panel.addEventListener('dragleave', function () {
      dragDepth = Math.max(0, dragDepth - 1);
      if (!dragDepth) dropHint.hidden = true;
    });
    panel.addEventListener('drop', function (e) {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      dragDepth = 0;
      dropHint.hidden = true;
      sendFiles(e.dataTransfer.files);
    });
    window.addEventListener('beforeunload', function (e) {
      if (pending.some(function (p) { return p.file; })) {
        e.preventDefault();
        e.returnValue = '';
      }
    });
    forget.addEventListener('click', function () {
      if (ready) ws.send(JSON.stringify({ type: 'forget' }));
    });
    function submit(text) {
      if (forgotten) {
        forgotten = false;
        status.textContent = '';
        connect();
      }
      var item = { clientId: newClientId(), text: text };
      var name = nameInput.value.trim();
      if (!nameLabel.hidden && name) item.name = name;
      nameLabel.hidden = true;
      pending.push(item);
      savePending();
      addVisitorMessage(item);
      transmit(item);
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      if (text.length > maxLength) {
        status.textContent = t('tooLong', { length: text.length, max: maxLength });
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      status.textContent = '';
      submit(text);
      input.value = '';
      showCount();
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
