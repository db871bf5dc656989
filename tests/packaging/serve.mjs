// A static file server for the consumer pages that sends every response with
// a Content-Security-Policy header, the way a production host would, so the
// pages are checked against a policy the browser enforces, not one they
// declare themselves.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  // Without it the glue falls back from instantiateStreaming with a warning.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** `'sha256-…'` sources for every inline import map in `html`. */
export function importMapHashes(html) {
  return [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)]
    .map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
}

/**
 * Serves `mounts` (URL prefix -> directory, longest prefix wins) on
 * 127.0.0.1:`port`. `csp(htmlText | null)` gives the policy; it sees the
 * HTML of a page so it can allow that page's import map by hash.
 * Resolves to the listening server.
 */
export function serve({ port, mounts, csp }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const root = resolve(mounts[prefix]);
    let file = resolve(join(root, path.slice(prefix.length)));
    const send = (status, type, body, html = null) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': csp(html),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    };
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'text/plain', 'forbidden\n');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      send(200, type, body, type.startsWith('text/html') ? body.toString('utf8') : null);
    } catch {
      send(404, 'text/plain', 'not found\n');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}
