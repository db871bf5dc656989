// The benchmark's server: static files for the benchmark pages and a push
// source speaking just enough of the agent protocol (docs/protocol.md) for
// the event-dispatch figure.
//
// Why not the gateway: the figure needs the gateway to emit hundreds of
// thousands of pushes on demand, which the gateway has no reason to do.
// The SDK needs no more than `loginResp` with code 0 and then
// `{seq, eventType, ...}` frames, so this file serves them and the gateway
// stays free of benchmark-only endpoints.
//
// Usage: node bench/server.mjs [--port 18090]
//
// HTTP
//   GET  /pkg/...      the built npm package (pkg/)
//   GET  /bench/...    the benchmark pages (bench/www/)
//   GET  /build/...    bench/build/ (JsSIP bundles, the SIP-parse module)
//   GET  /fixtures/... tests/fixtures/
//   POST /burst        {agentNo, count, rate?}: pushes `count` agentStatus
//                      frames to the agent's socket, all at once (rate 0 or
//                      absent) or paced at `rate` frames per second; answers
//                      when the last frame has been handed to the kernel.
// WebSocket /v1/agent/ws
//   login / resume / any request -> `<action>Resp` code 0 (login adds the
//                      loginResp fields, then pushes agentStatus seq 1)
//   logout          -> logoutResp, agentStatus offline, sessionTerminate, close 4002
//   {"ping": n}     -> {"pong": n}
//   {"clock": n}    -> {"clock": n, "server": <this process's wall clock, ms>}
//                      (benchmark only: aligns the page's clock with ours)
//
// Every response carries COOP/COEP headers so the pages are cross-origin
// isolated: that gives performance.now() 5 µs resolution instead of 100 µs.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 18090);

const mounts = {
  '/pkg/': join(root, 'pkg'),
  '/bench/': join(root, 'bench', 'www'),
  '/build/': join(root, 'bench', 'build'),
  '/fixtures/': join(root, 'tests', 'fixtures'),
};
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.sip': 'text/plain; charset=utf-8',
};
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Wall-clock milliseconds with sub-millisecond resolution. */
const wallNow = () => performance.timeOrigin + performance.now();

/** Logged-in sockets by agentNo. */
const agents = new Map();

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/burst') return await burst(req, res);
    // Browsers ask for it unprompted; a 404 would read as a page error.
    if (url.pathname === '/favicon.ico') return res.writeHead(204, isolation).end();
    const mount = Object.keys(mounts).find((m) => url.pathname.startsWith(m));
    if (req.method !== 'GET' || !mount) return send(res, 404, 'not found');
    const rel = normalize(decodeURIComponent(url.pathname.slice(mount.length)));
    if (rel.startsWith('..')) return send(res, 403, 'outside the mount');
    const body = await readFile(join(mounts[mount], rel));
    res.writeHead(200, { 'Content-Type': types[extname(rel)] ?? 'application/octet-stream', ...isolation });
    res.end(body);
  } catch (e) {
    send(res, e.code === 'ENOENT' ? 404 : 500, String(e.message));
  }
});

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain', ...isolation });
  res.end(text);
}

async function burst(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const { agentNo, count, rate = 0 } = JSON.parse(body);
  const conn = agents.get(agentNo);
  if (!conn) return send(res, 404, `agent ${agentNo} is not logged in`);
  const started = wallNow();
  await (rate > 0 ? paced(conn, count, rate) : allAtOnce(conn, count));
  res.writeHead(200, { 'Content-Type': 'application/json', ...isolation });
  res.end(JSON.stringify({ sent: count, ms: wallNow() - started }));
}

/** One agentStatus push, shaped like the gateway's (protocol.md §10). */
function statusFrame(conn, ts) {
  conn.seq += 1;
  const busy = conn.seq % 2 === 0;
  const status = busy
    ? `{"state":"busy","stateAction":"pause","initialStatus":1,"deviceStatus":0,"pauseDescription":"MEETING","pauseType":1,"bindEndpoint":{"endpointType":2,"endpoint":"8001"}}`
    : `{"state":"idle","stateAction":"unpause","initialStatus":1,"deviceStatus":0,"bindEndpoint":{"endpointType":2,"endpoint":"8001"}}`;
  return `{"seq":${conn.seq},"eventType":"agentStatus","tenantId":"t1","agentNo":${JSON.stringify(conn.agentNo)},"status":${status},"ts":${ts}}`;
}

/** Every frame encoded first, then written in large chunks, so the socket
 * is never waiting on this process while the browser reads. */
async function allAtOnce(conn, count) {
  const ts = wallNow();
  const chunks = [];
  let batch = [];
  for (let i = 0; i < count; i++) {
    batch.push(encode(statusFrame(conn, ts)));
    if (batch.length === 4096) {
      chunks.push(Buffer.concat(batch));
      batch = [];
    }
  }
  if (batch.length) chunks.push(Buffer.concat(batch));
  for (const chunk of chunks) await write(conn.socket, chunk);
}

/** `rate` frames per second, each stamped with its own send time. Timers
 * (not a busy loop) keep this process off the CPU the browser needs. */
function paced(conn, count, rate) {
  return new Promise((done) => {
    const start = performance.now();
    let sent = 0;
    const tick = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) {
        conn.socket.write(encode(statusFrame(conn, wallNow())));
        sent++;
      }
      if (sent < count) setTimeout(tick, 1);
      else conn.socket.write(Buffer.alloc(0), done);
    };
    tick();
  });
}

const write = (socket, buf) => new Promise((ok, fail) => socket.write(buf, (e) => (e ? fail(e) : ok())));

// --- WebSocket (RFC 6455), server side, text frames only -----------------

server.on('upgrade', (req, socket) => {
  const key = req.headers['sec-websocket-key'];
  if (new URL(req.url, 'http://x').pathname !== '/v1/agent/ws' || !key) return socket.destroy();
  const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  socket.setNoDelay(true);
  const conn = { socket, seq: 0, agentNo: null };
  let pending = Buffer.alloc(0);
  socket.on('data', (data) => {
    pending = pending.length ? Buffer.concat([pending, data]) : data;
    for (;;) {
      const frame = decode(pending);
      if (!frame) break;
      pending = pending.subarray(frame.end);
      if (frame.opcode === 1) onText(conn, frame.payload.toString('utf8'));
      else if (frame.opcode === 8) socket.end(encode(frame.payload, 8));
      else if (frame.opcode === 9) socket.write(encode(frame.payload, 10));
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    if (conn.agentNo && agents.get(conn.agentNo) === conn) agents.delete(conn.agentNo);
  });
});

function onText(conn, text) {
  const msg = JSON.parse(text);
  const reply = (obj) => conn.socket.write(encode(JSON.stringify(obj)));
  if ('ping' in msg) return reply({ pong: msg.ping });
  if ('clock' in msg) return reply({ clock: msg.clock, server: wallNow() });
  const { id, action, params = {} } = msg;
  if (action === 'login') {
    conn.agentNo = params.agentNo;
    agents.set(conn.agentNo, conn);
    reply({
      id, action: 'loginResp', code: 0, message: 'ok', tenantId: params.tenantId, agentNo: params.agentNo,
      bindEndpoint: params.bindEndpoint, token: randomBytes(32).toString('hex'),
      // The longest interval the SDK accepts: no ping lands inside a run.
      heartbeatIntervalMs: 60000,
    });
    conn.seq += 1;
    return reply({
      seq: conn.seq, eventType: 'agentStatus', tenantId: params.tenantId, agentNo: params.agentNo,
      status: { state: 'idle', stateAction: 'idle', initialStatus: 1, deviceStatus: 0, bindEndpoint: params.bindEndpoint },
    });
  }
  if (action === 'logout') {
    reply({ id, action: 'logoutResp', code: 0, message: 'ok' });
    conn.seq += 1;
    reply({ seq: conn.seq, eventType: 'agentStatus', tenantId: 't1', agentNo: conn.agentNo,
      status: { state: 'offline', stateAction: 'logout', initialStatus: 1, deviceStatus: 0 } });
    conn.seq += 1;
    reply({ seq: conn.seq, eventType: 'sessionTerminate', tenantId: 't1', agentNo: conn.agentNo,
      reason: 'logout', message: 'logged out' });
    const close = Buffer.alloc(2);
    close.writeUInt16BE(4002);
    return conn.socket.end(encode(Buffer.concat([close, Buffer.from('logout')]), 8));
  }
  if (typeof id === 'number' && typeof action === 'string') {
    return reply({ id, action: `${action}Resp`, code: 0, message: 'ok' });
  }
  reply({ error: 'BAD_FRAME', message: 'not a request' });
}

/** A server frame (unmasked, final). */
function encode(payload, opcode = 1) {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const n = data.length;
  const head = n < 126 ? Buffer.alloc(2) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (n < 126) head[1] = n;
  else if (n < 65536) {
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, data]);
}

/** One client frame from the front of `buf` (masked, as clients must), or
 * null when it has not fully arrived. Clients here send small unfragmented
 * frames. */
function decode(buf) {
  if (buf.length < 2) return null;
  const opcode = buf[0] & 0x0f;
  const masked = (buf[1] & 0x80) !== 0;
  let n = buf[1] & 0x7f;
  let at = 2;
  if (n === 126) {
    if (buf.length < 4) return null;
    n = buf.readUInt16BE(2);
    at = 4;
  } else if (n === 127) {
    if (buf.length < 10) return null;
    n = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const maskAt = at;
  if (masked) at += 4;
  if (buf.length < at + n) return null;
  const payload = Buffer.from(buf.subarray(at, at + n));
  if (masked) for (let i = 0; i < n; i++) payload[i] ^= buf[maskAt + (i & 3)];
  return { opcode, payload, end: at + n };
}

server.listen(port, '127.0.0.1', () => console.log(`bench server listening on http://127.0.0.1:${port}`));
