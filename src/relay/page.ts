import { createHash } from 'node:crypto';
import { HEARTBEAT_MS } from './event-stream.js';

// The page is self-contained: no external script, style, font or image, so it works offline and the CSP
// can allow exactly this script and this style by hash.

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; padding: 1.5rem; }
main { max-width: 44rem; margin: 0 auto; display: grid; gap: 1.5rem; }
h1 { margin: 0; font-size: 1.5rem; }
h2 { margin: 0 0 .5rem; font-size: 1.1rem; }
section { border: 1px solid #8884; border-radius: .5rem; padding: 1rem; }
form { display: grid; gap: .4rem; }
label { font-weight: 600; margin-top: .4rem; }
input, textarea, button { font: inherit; padding: .4rem; }
textarea { min-height: 6rem; }
button { justify-self: start; cursor: pointer; }
.hint, .muted { color: #888; font-size: .9rem; margin: .25rem 0; }
ul { list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }
li { display: flex; gap: .75rem; align-items: center; justify-content: space-between; border: 1px solid #8884; border-radius: .4rem; padding: .5rem .75rem; }
li span { display: block; }
`;

/** Twice the heartbeat and some: the page calls a stream this quiet broken rather than "Live". */
const STALE_MS = HEARTBEAT_MS * 2 + 5000;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const keyInput = $('api-key');
const pushStatus = $('push-status');
const waitingStatus = $('waiting-status');
const list = $('waiting');
const KEY = 'pw2fa-relay-key';
keyInput.value = sessionStorage.getItem(KEY) || '';
const headers = () => ({ 'x-api-key': keyInput.value });

keyInput.addEventListener('change', () => {
  sessionStorage.setItem(KEY, keyInput.value);
  follow();
});

$('push-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = { totp_identifier: $('identifier').value, content: $('content').value, source: 'manual' };
  const runId = $('run-id').value.trim();
  if (runId) body.workflow_run_id = runId;
  pushStatus.textContent = 'Pushing…';
  try {
    const res = await fetch('v1/credentials/totp', {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => null);
    if (res.ok && data) {
      pushStatus.textContent = 'Pushed a ' + (data.code ? 'code' : 'link') + ' for ' + data.totp_identifier +
        (data.workflow_run_id ? ' (run ' + data.workflow_run_id + ')' : '') + '.';
      $('content').value = '';
    } else {
      pushStatus.textContent = (data && data.error && data.error.message) || 'The relay answered ' + res.status + '.';
    }
  } catch {
    pushStatus.textContent = 'The relay could not be reached.';
  }
});

function render(runs) {
  list.replaceChildren(...runs.map((run) => {
    const item = document.createElement('li');
    item.dataset.waitId = run.wait_id;
    const text = document.createElement('div');
    const who = document.createElement('span');
    who.textContent = run.totp_identifier + (run.workflow_run_id ? ' · run ' + run.workflow_run_id : '');
    const what = document.createElement('span');
    what.className = 'muted';
    what.textContent = run.kind + ' · waiting since ' + new Date(run.since).toLocaleTimeString();
    text.append(who, what);
    const use = document.createElement('button');
    use.type = 'button';
    use.textContent = 'Answer';
    use.setAttribute('aria-label', 'Answer ' + run.totp_identifier);
    use.addEventListener('click', () => {
      $('identifier').value = run.totp_identifier;
      $('run-id').value = run.workflow_run_id || '';
      $('content').focus();
    });
    item.append(text, use);
    return item;
  }));
  $('waiting-empty').hidden = runs.length > 0;
}

let current;
async function follow() {
  if (current) current.abort();
  const controller = new AbortController();
  current = controller;
  render([]);
  if (!keyInput.value) {
    waitingStatus.textContent = 'Enter the API key to see waiting runs.';
    return;
  }
  waitingStatus.textContent = 'Connecting…';
  let broken = '';
  let watchdog;
  try {
    const res = await fetch('v1/events', { headers: headers(), signal: controller.signal });
    if (res.status === 401) {
      waitingStatus.textContent = 'The API key was not accepted.';
      return;
    }
    if (!res.ok || !res.body) throw new Error(String(res.status));
    waitingStatus.textContent = 'Live.';
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    // The relay sends at least a heartbeat every 15 s: silence for longer means the stream is broken.
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        if (current !== controller) return;
        waitingStatus.textContent = 'No updates from the relay; reconnecting…';
        controller.abort();
        setTimeout(() => { if (current === controller) follow(); }, 2000);
      }, ${STALE_MS});
    };
    arm();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block);
        const data = /^data: (.*)$/m.exec(block);
        if (event && data && event[1] === 'waiting') render(JSON.parse(data[1]).waiting);
        if (event && data && event[1] === 'error') broken = JSON.parse(data[1]).error.message;
      }
    }
  } catch {
    if (controller.signal.aborted) return;
  } finally {
    clearTimeout(watchdog);
  }
  if (controller.signal.aborted) return;
  // The stream ended (relay restarted, store down): say so, and reconnect after a pause.
  render([]);
  waitingStatus.textContent = broken ? broken + ' Reconnecting…' : 'Disconnected; reconnecting…';
  setTimeout(() => { if (current === controller) follow(); }, 2000);
}
follow();
`;

const BODY = `
<main>
  <h1>pw2fa relay</h1>
  <section aria-labelledby="key-heading">
    <h2 id="key-heading">API key</h2>
    <label for="api-key">Relay API key</label>
    <input id="api-key" type="password" autocomplete="off" spellcheck="false">
    <p class="hint">Kept in this tab only (sessionStorage) and sent as the <code>x-api-key</code> header.</p>
  </section>
  <section aria-labelledby="push-heading">
    <h2 id="push-heading">Push a code</h2>
    <form id="push-form">
      <label for="identifier">Identifier</label>
      <input id="identifier" required autocomplete="off" placeholder="user@example.com or +15550100">
      <label for="content">Verification content</label>
      <textarea id="content" required placeholder="The code, or the whole SMS or e-mail it came in"></textarea>
      <label for="run-id">Run id (optional)</label>
      <input id="run-id" autocomplete="off">
      <button type="submit">Push code</button>
    </form>
    <p id="push-status" role="status"></p>
  </section>
  <section aria-labelledby="waiting-heading">
    <h2 id="waiting-heading">Runs waiting for a code</h2>
    <p id="waiting-status" class="muted" role="status"></p>
    <ul id="waiting" aria-labelledby="waiting-heading"></ul>
    <p id="waiting-empty" class="muted">No run is waiting.</p>
  </section>
</main>`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The relay's one page: push a code by hand and watch the runs waiting for one. */
export const RELAY_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pw2fa relay</title>
<style>${STYLE}</style>
</head>
<body>${BODY}
<script>${SCRIPT}</script>
</body>
</html>
`;

/** Allows the inline script and style above by hash, and network access to this relay only. */
export const RELAY_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
