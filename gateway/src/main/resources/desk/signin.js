/* The desk's other ways in, beside the password form desk.js runs: "Forgot your password?" (an
 * e-mailed one-time link, when e-mail is set up), the page that link opens (#reset=<token>: choose a
 * new password, then the desk signs in), and "Sign in with <provider>" (OpenID Connect, when
 * configured), whose refusals come back as #signin=<reason>. GET /api/session/options says which
 * to offer. The token is taken out of the address bar at once, so it stays in no history. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var t = window.deskText;
  var provider = null;

  function post(path, body) {
    return window.relayApi(null, 'POST', path, JSON.stringify(body)).then(function (answer) { return answer.json; });
  }

  var hash = new URLSearchParams(location.hash.slice(1));
  var resetToken = hash.get('reset');
  var refusal = hash.get('signin');
  if (resetToken || refusal) history.replaceState(null, '', location.pathname + location.search);
  // A link opened in a tab that shows the desk already changes only the fragment: read it as a new page.
  window.addEventListener('hashchange', function () {
    if (/^#(reset|signin)=/.test(location.hash)) location.reload();
  });

  if (resetToken) {
    $('new-password').hidden = false;
    $('new-password-input').focus();
  }

  $('new-password').addEventListener('submit', function (e) {
    e.preventDefault();
    $('new-password-error').textContent = '';
    var password = $('new-password-input').value;
    if (password.length < 12) {
      $('new-password-error').textContent = t('weakPassword');
      return;
    }
    post('/api/session/new-password', { token: resetToken, password: password })
      .then(function () { location.replace(location.pathname); })
      .catch(function (error) {
        $('new-password-input').value = '';
        if (error.status === 410) {
          // The link will not work again: back to signing in, where a new one can be asked for.
          $('new-password').hidden = true;
          $('signin').hidden = false;
          $('signin-error').textContent = t('reset.' + (error.code || 'reset_link_used'));
          return;
        }
        $('new-password-error').textContent = error.status === 422 ? t('weakPassword')
          : error.status === 429 ? t('tooManyAttempts') : window.deskRefusal(error);
      });
  });

  $('forgot-toggle').addEventListener('click', function () {
    var open = $('forgot').hidden;
    $('forgot').hidden = !open;
    $('forgot-toggle').setAttribute('aria-expanded', String(open));
    if (open) {
      $('forgot-email').value = $('email').value;
      $('forgot-email').focus();
    }
  });

  $('forgot').addEventListener('submit', function (e) {
    e.preventDefault();
    var email = $('forgot-email').value.trim();
    $('forgot-result').textContent = '';
    post('/api/session/password-reset', { email: email })
      .then(function (answer) { $('forgot-result').textContent = t('linkSent', { email: email, minutes: answer.validMinutes }); })
      .catch(function (error) {
        $('forgot-result').textContent = error.status === 429 ? t('tooManyAttempts') : window.deskRefusal(error);
      });
  });

  window.relayApi(null, 'GET', '/api/session/options').then(function (answer) {
    var options = answer.json;
    $('forgot-toggle').hidden = !options.passwordReset;
    if (options.provider) {
      provider = options.provider;
      $('signin-provider').textContent = t('signInWith', { provider: provider });
      $('signin-provider').href = options.providerSignIn;
      $('signin-provider').hidden = false;
    }
    if (refusal) $('signin-error').textContent = t('oidc.' + refusal, { provider: provider || '' });
  }).catch(function () { /* the password form still works */ });
})();
