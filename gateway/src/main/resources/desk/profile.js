/* The agent edits the customer's name, time zone and tags (PATCH .../customer); the language has
 * its own menu below. Every field is checked by the gateway, which names what is wrong. */
(function () {
  'use strict';
  var desk = window.relayDesk;
  var t = desk.t;
  var $ = function (id) { return document.getElementById(id); };

  desk.hooks.opened.push(function (detail) {
    var c = detail.customer;
    $('profile-name').value = c.name || '';
    $('profile-timezone').value = c.timezone || '';
    $('profile-tags').value = (c.tags || []).join(', ');
    $('profile-result').textContent = '';
  });

  $('profile-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var name = $('profile-name').value.trim();
    var zone = $('profile-timezone').value.trim();
    var tags = $('profile-tags').value.split(',').map(function (tag) { return tag.trim(); })
      .filter(function (tag) { return tag; });
    var id = desk.selected();
    desk.api('PATCH', '/api/conversations/' + encodeURIComponent(id) + '/customer',
      { name: name || null, timezone: zone || null, tags: tags })
      .then(function () { return desk.reload(); })
      .then(function () { $('profile-result').textContent = t('profileSaved'); })
      .catch(function (error) { $('profile-result').textContent = desk.problem(error); });
  });
})();
