// The installed package in three consumer apps, each served under a strict
// Content-Security-Policy and opened in Chromium: a Vite build, a page with
// the script tag, and a page with an import map. Each signs in against the
// gateway, goes busy and idle, signs out, and must log no console error
// (CSP violations are reported there). A fourth page proves the policy is
// enforced: without 'wasm-unsafe-eval' the module must fail to load. The
// Vite app runs once more on Vite's dev server, with the one setting the
// package's README asks of Vite users there.
// Usage: node tests/packaging/packaging.test.mjs http://127.0.0.1:GATEWAY_PORT
// (run by scripts/test-packaging.sh after the apps are installed and built).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { importMapHashes, serve } from './serve.mjs';

const gateway = new URL(process.argv[2] ?? 'http://127.0.0.1:18080');
const here = (path) => new URL(path, import.meta.url).pathname;
const artifacts = here('./artifacts/');
mkdirSync(artifacts, { recursive: true });

// Nothing beyond 'self' but what the SDK needs: 'wasm-unsafe-eval' to
// compile its module, and the gateway's WebSocket. An inline import map is
// allowed by its hash.
const policy = ({ wasm = true } = {}) => (html) => [
  "default-src 'self'",
  ['script-src', "'self'", ...(wasm ? ["'wasm-unsafe-eval'"] : []), ...(html ? importMapHashes(html) : [])].join(' '),
  `connect-src 'self' ws://${gateway.host}`,
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const plain = (dir) => ({ '/': here(dir), '/shared/': here('./shared') });
const apps = [
  { name: 'vite', port: 18091, agent: '1015', mounts: { '/': here('./vite-app/dist') }, wasmUnder: '/assets/' },
  { name: 'script-tag', port: 18092, agent: '1016', mounts: plain('./script-tag'),
    wasmUnder: '/node_modules/agent-desk-sdk/wasm/' },
  { name: 'import-map', port: 18093, agent: '1017', mounts: plain('./import-map'),
    wasmUnder: '/node_modules/agent-desk-sdk/wasm/' },
  { name: 'vite-dev-server', port: 18095, agent: '1018', wasmUnder: '/node_modules/agent-desk-sdk/wasm/' },
];
const noWasmEval = { name: 'import-map-without-wasm-unsafe-eval', port: 18094, mounts: plain('./import-map') };

/** Vite's dev server on the Vite app, from the app's own installed Vite. */
async function viteDevServer({ port }) {
  const vite = createRequire(here('./vite-app/package.json')).resolve('vite');
  const { createServer } = await import(pathToFileURL(vite).href);
  const server = await createServer({
    root: here('./vite-app'),
    configFile: false,
    logLevel: 'warn',
    // The dependency optimizer would copy the SDK's JavaScript into
    // node_modules/.vite/deps without the wasm beside it (see the README).
    optimizeDeps: { exclude: ['agent-desk-sdk'] },
    server: { host: '127.0.0.1', port, strictPort: true, headers: { 'Content-Security-Policy': policy()(null) } },
  });
  await server.listen();
  return server;
}

const servers = [
  ...(await Promise.all(apps.map((app) => (app.mounts ? serve({ ...app, csp: policy() }) : viteDevServer(app))))),
  await serve({ ...noWasmEval, csp: policy({ wasm: false }) }),
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let passed = 0;
let failed = 0;
const check = async (name, fn) => {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
};

/** Opens `app` in a fresh context; collects console errors, page errors and loaded wasm. */
async function open(app) {
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  const wasm = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r); });
  const query = new URLSearchParams({ gateway: gateway.origin, agent: app.agent ?? '' });
  const response = await page.goto(`http://127.0.0.1:${app.port}/?${query}`);
  return { context, page, errors, wasm, response };
}

/** Waits for the page's outcome; an uncaught error (the module failed to load, say) ends the wait early. */
async function outcome(page, errors) {
  const deadline = Date.now() + 20_000;
  while (!(await page.locator('body[data-result], body[data-error]').count())) {
    if (errors.some((e) => e.startsWith('uncaught')) || Date.now() > deadline) {
      throw new Error(`the page gave no outcome; console errors:\n  ${errors.join('\n  ')}`);
    }
    await page.waitForTimeout(100);
  }
}

try {
  for (const app of apps) {
    await check(`${app.name}: signs in, busy, idle, signs out under the CSP`, async () => {
      const { context, page, errors, wasm, response } = await open(app);
      try {
        const csp = response.headers()['content-security-policy'] ?? '';
        if (!csp.includes("'wasm-unsafe-eval'") || csp.includes('unsafe-inline')) throw new Error(`CSP sent: ${csp}`);
        await outcome(page, errors);
        await page.screenshot({ path: `${artifacts}${app.name}.png`, fullPage: true });
        const error = await page.locator('body').getAttribute('data-error');
        if (error) throw new Error(`the page failed: ${error}`);
        const { codes, states, rejected } = JSON.parse(await page.locator('body').getAttribute('data-result'));
        if (Object.values(codes).some((c) => c !== 0)) throw new Error(`codes ${JSON.stringify(codes)}`);
        const busy = states.indexOf('busy');
        if (busy < 0 || !states.slice(busy).includes('idle')) throw new Error(`agentStatus states ${states}`);
        if (rejected !== 'INVALID_PARAMS') throw new Error(`local rejection ${rejected}`);
        const own = wasm.find((r) => new URL(r.url()).pathname.startsWith(app.wasmUnder));
        if (!own || own.status() !== 200 || own.headers()['content-type'] !== 'application/wasm') {
          throw new Error(`wasm not loaded from ${app.wasmUnder}: ${wasm.map((r) => `${r.url()} ${r.status()}`)}`);
        }
        if (errors.length) throw new Error(`console errors:\n  ${errors.join('\n  ')}`);
      } finally {
        await context.close();
      }
    });
  }

  await check('without \'wasm-unsafe-eval\' the CSP blocks the module (the policy is enforced)', async () => {
    const { context, page, errors } = await open(noWasmEval);
    try {
      const deadline = Date.now() + 10_000;
      const blocked = () => errors.some((e) => /WebAssembly.*Content Security Policy/.test(e));
      while (!blocked() && Date.now() < deadline) await page.waitForTimeout(100);
      if (!blocked()) throw new Error(`no CSP error; console: ${errors}`);
      if (await page.locator('body[data-result]').count()) throw new Error('the page ran its shift anyway');
    } finally {
      await context.close();
    }
  });
} finally {
  await browser.close();
  await Promise.all(servers.map((server) => server.close()));
}
console.log(`packaging: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
