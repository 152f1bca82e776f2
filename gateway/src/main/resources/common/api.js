/* Relay's pages talk to the API the same way: the token only in the Authorization header (none: the
 * desk's session cookie signs the request in), errors turned into an Error with the API's message,
 * status, code and details. Answers {json, etag}. */
(function () {
  'use strict';
  window.relayApi = function (token, method, path, body, type, extraHeaders) {
    var headers = Object.assign(token ? { Authorization: 'Bearer ' + token } : {}, extraHeaders || {});
    if (body != null) headers['Content-Type'] = type || 'application/json';
    return fetch(path, { method: method, headers: headers, body: body == null ? undefined : body }).then(function (response) {
      return response.text().then(function (text) {
        var json = text ? JSON.parse(text) : null;
        if (!response.ok) {
          var error = new Error(json && json.error ? json.error.message : response.statusText);
          error.status = response.status;
          error.code = json && json.error ? json.error.code : null;
          error.details = json && json.error ? json.error.details : [];
          throw error;
        }
        return { json: json, etag: response.headers.get('ETag') };
      });
    });
  };
})();
