// What the browser tests share: a real sidakerd on 127.0.0.1 with a fresh
// data directory, its API and its mail spool, Debian's Chromium's path,
// axe-core, and the cmocka-style lines that tests/run.sh counts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const bin = process.env.SIDAKERD_BIN || join(root, 'build', 'sidakerd');
export const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
export const shots = join(root, 'build', 'screenshots');

// ---- results ----

let passed = 0;
export const failures = [];
export async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`[       OK ] ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`[  FAILED  ] ${name}\n    ${e.stack || e}`);
  }
}
export function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}
export function equal(a, b, what) {
  if (a !== b) throw new Error(`${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
}
// The summary lines, and the exit status.
export function finish(status = 0) {
  console.log(`[  PASSED  ] ${passed} test(s).`);
  if (failures.length) console.log(`[  FAILED  ] ${failures.length} test(s), listed above`);
  process.exit(failures.length ? 1 : status);
}

// ---- the daemon, its API and its spool ----

// A daemon on a fresh data directory (name: the directory's prefix; args:
// more command-line settings).  Its base URL once it listens.
export async function startDaemon(name, args = []) {
  const dir = mkdtempSync(join(tmpdir(), `sidakerd-${name}-`));
  let daemon;
  // The daemon on port (0: any free one); its base URL once it listens.
  async function launch(port) {
    daemon = spawn(bin, ['-d', dir, '-p', String(port), '-o', 'outbox_poll_ms=50', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    daemon.stdout.on('data', (b) => { log += b; });
    daemon.stderr.on('data', (b) => { log += b; });
    for (let i = 0; i < 100; i++) {
      const m = /event=listening.* port=(\d+)/.exec(log);
      if (m) return `http://127.0.0.1:${m[1]}`;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('daemon did not start:\n' + log);
  }
  const base = await launch(0);

  async function api(method, path, token, body) {
    const headers = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text };
  }
  async function must(method, path, token, body, status = 200) {
    const r = await api(method, path, token, body);
    if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.json;
  }
  async function upload(path, token, file) {
    const res = await fetch(base + path, { method: 'POST', headers: { Authorization: 'Bearer ' + token,
      'Content-Type': 'application/octet-stream' }, body: readFileSync(join(root, 'tests', 'fixtures', file)) });
    if (res.status !== 201) throw new Error(`upload ${file}: ${res.status} ${await res.text()}`);
    return res.json();
  }
  const login = async (email, password) => (await must('POST', '/v1/auth/login', null, { login: email, password })).token;
  // The newest mail to addr holding word, as text.
  async function mail(addr, word) {
    for (let i = 0; i < 100; i++) {
      let files = [];
      try { files = readdirSync(join(dir, 'spool')).filter((f) => f.endsWith('.eml')); } catch { /* not yet */ }
      for (const f of files.sort((a, b) => parseInt(b) - parseInt(a))) {
        const text = readFileSync(join(dir, 'spool', f), 'utf8');
        if (text.includes('To: ' + addr) && text.includes(word)) return text;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no mail to ${addr} with ${word}`);
  }
  // The confirmation code mailed to addr (the indented line).
  const mailedCode = async (addr) => /\n {4}([A-Za-z0-9_-]{43})\r?\n/.exec(await mail(addr, 'kode konfirmasi'))[1];
  // Registered, confirmed, signed in: the session token.
  async function account(body) {
    await must('POST', '/v1/auth/register', null, body, 201);
    await must('POST', '/v1/auth/confirm', null, { token: await mailedCode(body.email) });
    return login(body.email, body.password);
  }
  const exited = () => new Promise((r) => (daemon.exitCode !== null ? r() : daemon.once('exit', r)));
  // Stopped and started again on the same directory and port (the browser's
  // origin, and so its session, stay): what runs at start runs again.
  async function restart() {
    daemon.kill('SIGTERM');
    await exited();
    await launch(new URL(base).port);
  }
  async function stop() {
    daemon.kill('SIGTERM');
    await exited();
    rmSync(dir, { recursive: true, force: true });
  }
  return { dir, base, api, must, upload, login, mail, mailedCode, account, restart, stop };
}

// ---- accessibility ----

const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// axe-core in the page (run through the DevTools protocol, which the page's
// CSP does not govern): the serious and critical violations.
export async function accessibility(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
