/* The agent stream as the desk's pages hold it: signed in by the session cookie, reconnected after a
 * growing pause (1 s doubling, at most 30 s) with the "live" label saying so, and the page reloaded
 * once the session is gone (signed out elsewhere, deactivated). The page handles every other frame. */
(function () {
  'use strict';
  window.deskStream = function (label, onReady, onFrame) {
    var t = window.deskText;
    var stream = { socket: null, retry: 0 };

    function connect() {
      var socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/agents/stream');
      stream.socket = socket;
      socket.onopen = function () { socket.send(JSON.stringify({ type: 'auth' })); };
      socket.onmessage = function (message) {
        var frame;
        try { frame = JSON.parse(message.data); } catch (err) { return; }
        if (frame.type === 'ready') {
          stream.retry = 0;
          label.textContent = t('live');
          onReady();
        } else if (frame.type === 'error' && (frame.code === 'unauthorized' || frame.code === 'signed_out')) {
          stream.socket = null;
          location.reload();
        } else {
          onFrame(frame);
        }
      };
      socket.onclose = function () {
        if (stream.socket !== socket) return;
        label.textContent = t('reconnecting');
        setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, stream.retry++)));
      };
    }

    connect();
    return {
      /** Sends the frame when the stream is open; answers whether it did. */
      send: function (frame) {
        var socket = stream.socket;
        if (!socket || socket.readyState !== 1) return false;
        socket.send(JSON.stringify(frame));
        return true;
      },
      /** Closes it for good (signing out): no reconnection. */
      close: function () {
        var socket = stream.socket;
        stream.socket = null;
        if (socket) socket.close();
      }
    };
  };
})();
