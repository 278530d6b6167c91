/// The page at `/`: self-contained HTML, CSS and JavaScript, nothing loaded
/// from anywhere else. It reads `/stream.mjpg` with fetch (so it can read each
/// part's headers: frame number, publish time) and shows each JPEG, measures
/// fps and publish-to-screen latency (clock offset from WebSocket ping/pong),
/// shows the connection state, and sends pointer, wheel and key input over `/ws`.
/// Its command box sends a typed command as the explorer's own keys (`:`, the
/// letters, Enter), so it runs the same `:` commands through the same handler
/// (which keeps saving and opening sessions for the terminal).
enum ViewerPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tangle — live view</title>
<style>
  :root { color-scheme: dark; }
  html, body { margin: 0; height: 100%; background: #111418; color: #d8dee9;
    font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
  header { display: flex; gap: 14px; align-items: center; padding: 6px 12px; background: #1b1f26;
    border-bottom: 1px solid #2b313b; height: 22px; white-space: nowrap; overflow: hidden; }
  header b { font-weight: 600; letter-spacing: .02em; }
  .pill { padding: 1px 8px; border-radius: 9px; background: #3b4252; }
  .pill.live { background: #2e6b3a; } .pill.waiting, .pill.connecting { background: #7a5d14; }
  .pill.gone, .pill.error, .pill.stopped { background: #8a2b2b; }
  .metric { color: #a3adbd; font-variant-numeric: tabular-nums; }
  main { position: relative; display: flex; align-items: center; justify-content: center;
    height: calc(100vh - 35px); overflow: hidden; }
  #view { display: block; cursor: crosshair; user-select: none;
    -webkit-user-drag: none; touch-action: none; outline: none; }
  #overlay { position: absolute; inset: auto 0 24px 0; margin: auto; width: fit-content; max-width: 80%;
    padding: 8px 14px; border-radius: 6px; background: rgba(20,22,28,.88); border: 1px solid #444c5a;
    display: none; text-align: center; }
  #overlay.show { display: block; }
  #cmd { margin-left: auto; width: 30em; padding: 1px 6px; border-radius: 4px; border: 1px solid #444c5a;
    background: #111418; color: #d8dee9; font: 12px ui-monospace, monospace; }
</style>
</head>
<body>
<header>
  <b>Tangle</b>
  <span id="state" class="pill connecting">connecting</span>
  <span class="metric" id="fps">– fps</span>
  <span class="metric" id="latency">latency –</span>
  <span class="metric" id="size"></span>
  <span class="metric" id="quality"></span>
  <input id="cmd" type="text" spellcheck="false" autocomplete="off" aria-label="explorer command"
    placeholder=": filter kcore >= 3 · ego 2 · color pagerank · undo (Enter runs)">
</header>
<main>
  <img id="view" alt="live view of the explorer" tabindex="0" draggable="false">
  <div id="overlay"></div>
</main>
<script>
"use strict";
(() => {
  const view = document.getElementById("view");
  const overlay = document.getElementById("overlay");
  const stateEl = document.getElementById("state");
  const v = window.tangleViewer = { frames: 0, lastSequence: 0, lastSourceFrame: 0, fps: 0, latencyMs: null,
    state: "connecting", source: "waiting", socketOpen: false, eventsSent: 0, clockOffsetMs: null, clockErrorMs: null, width: 0, height: 0, segment: "" };

  function setState(state, message) {
    v.state = state;
    stateEl.className = "pill " + state;
    stateEl.textContent = state;
    overlay.textContent = message || "";
    overlay.className = message ? "show" : "";
  }
  function showSource(source) {
    v.source = source;
    if (source === "live") setState("live");
    else if (source === "gone") setState("gone", "The explorer exited. Waiting for a new one…");
    else if (source === "stopped") setState("stopped", "The server stopped.");
    else setState("waiting", "Waiting for the explorer to draw…");
  }

  // ---- frames: multipart/x-mixed-replace read with fetch ----
  const enc = new TextEncoder(), dec = new TextDecoder();
  const crlf2 = enc.encode("\r\n\r\n");
  function indexOf(hay, needle, from) {
    outer: for (let i = from; i <= hay.length - needle.length; i++) {
      for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  let shownUrl = null, frameTimes = [];
  function showFrame(jpeg, headers) {
    const url = URL.createObjectURL(new Blob([jpeg], { type: "image/jpeg" }));
    const old = shownUrl; shownUrl = url;
    view.onload = () => { if (old) URL.revokeObjectURL(old); };
    view.src = url;
    const now = performance.now();
    v.frames++;
    v.lastSequence = Number(headers["x-frame-sequence"] || 0);
    v.lastSourceFrame = Number(headers["x-source-frame"] || 0);
    // Lay the image out at the source's size, so a reduced (half-size)
    // frame is scaled up rather than shrinking the picture.
    const size = (headers["x-source-size"] || headers["x-frame-size"] || "").split("x");
    const w = Number(size[0] || 0), h = Number(size[1] || 0);
    const changed = w !== v.width || h !== v.height;
    v.width = w; v.height = h;
    if (changed) fit();
    document.getElementById("size").textContent = headers["x-frame-size"] || "";
    document.getElementById("quality").textContent = headers["x-frame-quality"] === "reduced" ? "reduced (moving)" : "";
    const published = Number(headers["x-published-at"] || 0) / 1e6;
    if (v.clockOffsetMs !== null && published > 0) {
      v.latencyMs = now - (published - v.clockOffsetMs);
      document.getElementById("latency").textContent =
        "latency " + v.latencyMs.toFixed(1) + " ms (±" + v.clockErrorMs.toFixed(1) + ")";
    }
    frameTimes.push(now);
    while (frameTimes.length && frameTimes[0] < now - 1000) frameTimes.shift();
  }
  setInterval(() => {
    const now = performance.now();
    while (frameTimes.length && frameTimes[0] < now - 1000) frameTimes.shift();
    v.fps = frameTimes.length;
    document.getElementById("fps").textContent = v.fps + " fps";
  }, 250);

  // The image box keeps the source's aspect ratio and fills the window,
  // whatever size the JPEG itself has (reduced frames are half-size).
  function fit() {
    if (!(v.width > 0 && v.height > 0)) return;
    const main = view.parentElement;
    const scale = Math.min(main.clientWidth / v.width, main.clientHeight / v.height);
    view.style.width = Math.max(1, Math.floor(v.width * scale)) + "px";
    view.style.height = Math.max(1, Math.floor(v.height * scale)) + "px";
  }
  window.addEventListener("resize", fit);

  let retry = 500;
  async function stream() {
    try {
      const response = await fetch("/stream.mjpg", { cache: "no-store", credentials: "same-origin" });
      if (response.status === 401) { setState("error", "Not authorised: open the URL with ?token=… that tangle serve printed."); return; }
      if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
      retry = 500;
      const reader = response.body.getReader();
      let buf = new Uint8Array(0);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const joined = new Uint8Array(buf.length + value.length);
        joined.set(buf); joined.set(value, buf.length); buf = joined;
        for (;;) {
          const end = indexOf(buf, crlf2, 0);
          if (end < 0) break;
          const lines = dec.decode(buf.subarray(0, end)).split("\r\n");
          const headers = {};
          for (const line of lines) {
            const c = line.indexOf(":");
            if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
          }
          const length = Number(headers["content-length"]);
          if (!(length >= 0)) { buf = buf.subarray(end + 4); continue; }
          if (buf.length < end + 4 + length) break;
          showFrame(buf.slice(end + 4, end + 4 + length), headers);
          buf = buf.subarray(end + 4 + length);
        }
      }
    } catch (e) { /* fall through to retry */ }
    if (v.state !== "error" && v.source !== "stopped") {
      setState("connecting", "Connection lost; reconnecting…");
      setTimeout(stream, retry);
      retry = Math.min(retry * 2, 5000);
    }
  }

  // ---- input: WebSocket ----
  let ws = null, pendingMove = null, bestRtt = Infinity;
  function send(msg) {
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify(msg)); v.eventsSent++; }
  }
  function connectSocket() {
    ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
    ws.onopen = () => { v.socketOpen = true; bestRtt = Infinity; ping(); };
    ws.onclose = () => { v.socketOpen = false; if (v.source !== "stopped") setTimeout(connectSocket, 1000); };
    ws.onmessage = (m) => {
      let msg; try { msg = JSON.parse(m.data); } catch { return; }
      if (msg.type === "pong") {
        // NTP-style: the server's clock read half a round trip after t; the
        // quickest round trip bounds the error (±rtt/2).
        const now = performance.now(), rtt = now - msg.t;
        if (rtt <= bestRtt) {
          bestRtt = rtt;
          v.clockOffsetMs = msg.server - (msg.t + rtt / 2);
          v.clockErrorMs = rtt / 2;
        }
      } else if (msg.type === "hello" || msg.type === "state") {
        v.segment = msg.segment;
        showSource(msg.state);
      }
    };
  }
  function ping() { send({ type: "ping", t: performance.now() }); }
  setInterval(ping, 2000);
  // A few quick pings at the start find a short round trip soon.
  for (const ms of [100, 200, 300, 400, 500]) setTimeout(ping, ms);

  function mods(e) { return (e.shiftKey ? 1 : 0) | (e.ctrlKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0); }
  function where(e) {
    const r = view.getBoundingClientRect();
    return { x: (e.clientX - r.left) / Math.max(1, r.width), y: (e.clientY - r.top) / Math.max(1, r.height) };
  }
  function clamp(p) { return { x: Math.min(1, Math.max(0, p.x)), y: Math.min(1, Math.max(0, p.y)) }; }
  view.addEventListener("pointermove", (e) => {
    pendingMove = Object.assign({ type: "move", buttons: e.buttons & 7, mods: mods(e) }, clamp(where(e)));
  });
  function flushMoves() {
    if (pendingMove) { send(pendingMove); pendingMove = null; }
    requestAnimationFrame(flushMoves);
  }
  requestAnimationFrame(flushMoves);
  // Click count per press (2 on the second press of a double-click);
  // PointerEvent.detail is 0 in some browsers, so count here.
  let lastDown = { t: -1e9, x: 0, y: 0, button: -1, count: 0 };
  view.addEventListener("pointerdown", (e) => {
    view.focus(); view.setPointerCapture(e.pointerId);
    if (pendingMove) { send(pendingMove); pendingMove = null; }
    const now = performance.now();
    const near = Math.abs(e.clientX - lastDown.x) <= 4 && Math.abs(e.clientY - lastDown.y) <= 4;
    const count = near && e.button === lastDown.button && now - lastDown.t < 500 ? Math.min(16, lastDown.count + 1) : 1;
    lastDown = { t: now, x: e.clientX, y: e.clientY, button: e.button, count: count };
    send(Object.assign({ type: "down", button: e.button, count: count, mods: mods(e) }, clamp(where(e))));
    e.preventDefault();
  });
  view.addEventListener("pointerup", (e) => {
    if (pendingMove) { send(pendingMove); pendingMove = null; }
    send(Object.assign({ type: "up", button: e.button, mods: mods(e) }, clamp(where(e))));
  });
  view.addEventListener("dblclick", (e) => {
    send(Object.assign({ type: "dblclick", button: e.button, mods: mods(e) }, clamp(where(e))));
  });
  view.addEventListener("wheel", (e) => {
    const unit = e.deltaMode === 1 ? 1 : e.deltaMode === 2 ? 0.1 : 40;
    send(Object.assign({ type: "wheel", dx: e.deltaX / unit, dy: e.deltaY / unit, mods: mods(e) }, clamp(where(e))));
    e.preventDefault();
  }, { passive: false });
  view.addEventListener("contextmenu", (e) => e.preventDefault());
  const captured = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " ", "Tab", "PageUp", "PageDown", "Home", "End"]);
  // ---- the command box: a `:` command typed as keys ----
  const cmd = document.getElementById("cmd");
  const sentCommands = [];
  let browsing = -1;
  v.commandsSent = 0;
  function sendCommand(text) {
    const line = text.trim();
    if (!line || !(ws && ws.readyState === 1)) return false;
    send({ type: "keydown", key: ":", mods: 0 });
    for (const ch of line) send({ type: "keydown", key: ch, mods: 0 });
    send({ type: "keydown", key: "Enter", mods: 0 });
    v.commandsSent++;
    return true;
  }
  window.tangleCommand = sendCommand;
  for (const type of ["keydown", "keyup"]) cmd.addEventListener(type, (e) => e.stopPropagation());
  cmd.addEventListener("keydown", (e) => {
    if (e.isComposing) return;
    if (e.key === "Enter") {
      if (sendCommand(cmd.value)) { sentCommands.push(cmd.value.trim()); cmd.value = ""; browsing = -1; }
      e.preventDefault();
    } else if (e.key === "Escape") {
      cmd.value = ""; browsing = -1; view.focus();
    } else if (e.key === "ArrowUp" && sentCommands.length) {
      browsing = browsing < 0 ? sentCommands.length - 1 : Math.max(0, browsing - 1);
      cmd.value = sentCommands[browsing]; e.preventDefault();
    } else if (e.key === "ArrowDown" && browsing >= 0) {
      browsing = browsing + 1 < sentCommands.length ? browsing + 1 : -1;
      cmd.value = browsing < 0 ? "" : sentCommands[browsing]; e.preventDefault();
    }
  });

  for (const type of ["keydown", "keyup"]) {
    window.addEventListener(type, (e) => {
      if (e.isComposing || e.target === cmd) return;
      send({ type: type, key: e.key, mods: mods(e) });
      if (captured.has(e.key)) e.preventDefault();
    });
  }

  setState("connecting");
  connectSocket();
  stream();
})();
</script>
</body>
</html>
"""#
}
