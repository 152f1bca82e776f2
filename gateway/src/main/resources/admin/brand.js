/* Relay admin page: how the chat widget presents the company (/api/admin/brand): name, colour with
 * its contrast against the white text written on it, greetings, position, asking the visitor's name,
 * the logo; and the one line a site puts in its pages. Everything from the server is shown with textContent. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var AA = 4.5;
  var AAA = 7;
  var LOCALES = ['fr', 'fr-CA', 'en'];

  function token() {
    return sessionStorage.getItem('relay.adminToken');
  }

  function api(method, path, body, type) {
    return window.relayApi(token(), method, path, body, type);
  }

  /** WCAG 2.x contrast of white on {@code hex}, rounded down as the gateway rounds it. */
  function contrast(hex) {
    function channel(v) { var c = v / 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); }
    var rgb = parseInt(hex.slice(1), 16);
    var l = 0.2126 * channel(rgb >> 16 & 255) + 0.7152 * channel(rgb >> 8 & 255) + 0.0722 * channel(rgb & 255);
    return Math.floor(1.05 / (l + 0.05) * 100) / 100;
  }

  function colour() {
    return $('brand-colour-hex').value.trim().toLowerCase();
  }

  /** Says, before saving, whether visitors could read white on this colour. */
  function showColour() {
    var hex = colour();
    var note = $('brand-contrast');
    if (!/^#[0-9a-f]{6}$/.test(hex)) {
      note.textContent = t('colourFormat');
      note.className = 'error';
      return;
    }
    $('brand-colour').value = hex;
    $('brand-preview').style.backgroundColor = hex;
    $('brand-preview-avatar').style.color = hex;
    var ratio = contrast(hex);
    var figures = { ratio: window.deskNumber(ratio), aa: window.deskNumber(AA), aaa: window.deskNumber(AAA) };
    note.textContent = t(ratio < AA ? 'contrastLow' : ratio < AAA ? 'contrastAA' : 'contrastAAA', figures);
    note.className = ratio < AA ? 'error' : ratio < AAA ? 'warn' : 'ok';
  }

  // Without a name of theirs, visitors read the widget's own word ("Support", "Service client"): the
  // preview shows it in the company's language, which is not necessarily the admin's.
  var shippedName = $('brand-name').placeholder;

  function showPreview(brand) {
    var name = $('brand-name').value.trim() || shippedName;
    $('brand-preview-name').textContent = name;
    var avatar = $('brand-preview-avatar');
    avatar.replaceChildren();
    if (brand && brand.logo) {
      var img = document.createElement('img');
      img.src = brand.logo.url;
      img.alt = '';
      avatar.appendChild(img);
    } else {
      avatar.textContent = name.split(/\s+/).filter(Boolean).slice(0, 2).map(function (p) { return p[0].toUpperCase(); }).join('');
    }
  }

  var current = null;

  function show(brand) {
    current = brand;
    $('brand-name').value = brand.name || '';
    $('brand-colour-hex').value = brand.colour || '#1f5fbf';
    LOCALES.forEach(function (tag) { $('brand-greeting-' + tag).value = (brand.greeting || {})[tag] || ''; });
    document.querySelector('input[name="brand-position"][value="' + (brand.position || 'right') + '"]').checked = true;
    $('brand-ask-name').checked = !!brand.askName;
    $('brand-logo-preview').hidden = !brand.logo;
    if (brand.logo) $('brand-logo-preview').src = brand.logo.url;
    $('brand-logo-remove').hidden = !brand.logo;
    showColour();
    showPreview(brand);
  }

  function status(id, text, ok, problems) {
    $(id).textContent = text;
    $(id).className = ok ? 'ok' : 'error';
    if (problems !== undefined) {
      $('brand-problems').replaceChildren();
      (problems || []).forEach(function (p) {
        var li = document.createElement('li');
        li.textContent = p;
        $('brand-problems').appendChild(li);
      });
    }
  }

  function read() {
    var greeting = {};
    LOCALES.forEach(function (tag) {
      var text = $('brand-greeting-' + tag).value.trim();
      if (text) greeting[tag] = text;
    });
    var body = {
      colour: colour(),
      greeting: greeting,
      position: document.querySelector('input[name="brand-position"]:checked').value,
      askName: $('brand-ask-name').checked
    };
    var name = $('brand-name').value.trim();
    if (name) body.name = name;
    return body;
  }

  function load() {
    $('brand-snippet').textContent = '<script src="' + location.origin + '/chat/widget.js" defer></script>';
    return api('GET', '/api/admin/texts')
      .then(function (r) { return window.relayApi(null, 'GET', '/chat/texts?locale=' + encodeURIComponent(r.json.company)); })
      .then(function (r) {
        shippedName = r.json.texts.support;
        $('brand-name').placeholder = shippedName;
        $('brand-name').lang = r.json.locale;
        $('brand-preview-name').lang = r.json.locale;
        return api('GET', '/api/admin/brand');
      })
      .then(function (r) { show(r.json); })
      .catch(function (e) { status('brand-status', window.deskProblem(e), false); });
  }

  $('brand-logo-preview').alt = t('logoAlt');
  $('brand-colour').addEventListener('input', function () {
    $('brand-colour-hex').value = $('brand-colour').value;
    showColour();
  });
  $('brand-colour-hex').addEventListener('input', showColour);
  $('brand-name').addEventListener('input', function () { showPreview(current); });
  $('brand-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api('PUT', '/api/admin/brand', JSON.stringify(read()))
      .then(function (r) { show(r.json); status('brand-status', t('brandSaved'), true, []); })
      .catch(function (err) { status('brand-status', t('notSavedBecause', { why: window.deskRefusal(err) }), false, err.details); });
  });
  $('brand-logo').addEventListener('change', function () {
    var file = $('brand-logo').files[0];
    if (!file) return;
    api('PUT', '/api/admin/brand/logo', file, file.type || 'application/octet-stream')
      .then(function (r) { show(r.json); status('brand-logo-status', t('logoSaved'), true); })
      .catch(function (err) {
        status('brand-logo-status', t('logoNotSaved', { why: err.status === 413 ? t('logoTooLarge') : window.deskProblem(err) }), false);
      });
  });
  $('brand-logo-remove').addEventListener('click', function () {
    api('DELETE', '/api/admin/brand/logo')
      .then(function (r) { show(r.json); status('brand-logo-status', t('logoRemoved'), true); })
      .catch(function (err) { status('brand-logo-status', window.deskProblem(err), false); });
  });
  new MutationObserver(function () { if (!$('app').hidden) load(); }).observe($('app'), { attributes: true, attributeFilter: ['hidden'] });
  if (!$('app').hidden) load();
})();
