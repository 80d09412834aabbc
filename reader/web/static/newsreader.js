// newsreader's served page. Loaded before textual.js: when the server closes the socket with a
// reason (a tab over the cap: code 4003), the page shows that reason instead of "has quit".
(function () {
  "use strict";
  const Native = window.WebSocket;
  function Socket(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("close", function (event) {
      if (event.code >= 4000 && event.reason) {
        const message = document.querySelector(".closed-dialog .message");
        if (message) { message.textContent = event.reason; }
      }
    });
    return socket;
  }
  Socket.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) {
    Object.defineProperty(Socket, name, { value: Native[name] });
  }
  window.WebSocket = Socket;
  document.addEventListener("DOMContentLoaded", function () {
    const again = document.getElementById("again");
    // A reload keeps the token: the cookie the page came with carries it.
    if (again) { again.addEventListener("click", function () { window.location.reload(); }); }
  });
})();
