// Size figures: what a user downloads, compressed as a web server would
// send it, where the wasm bytes go, and JsSIP's bundle for comparison.
// Usage: node bench/size.mjs OUT.json
// Reads pkg/ (scripts/build-pkg.sh), bench/build/names/ (the same wasm with
// its name section kept), bench/build/jssip.min.js and bench/budget.json.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const outFile = process.argv[2] ?? join(root, 'bench/build/size.json');

/** Raw, gzip -9 and brotli 11 bytes: the settings of a server that
 * compresses static files ahead of time. */
function sizes(path) {
  const data = readFileSync(join(root, path));
  return {
    path,
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length,
  };
}

function total(files) {
  const sum = (k) => files.reduce((a, f) => a + f[k], 0);
  return { files, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

// Each file is its own HTTP response, so each is compressed on its own.
// The glue imports its snippets (the softphone's media.js, the upload), so
// every user downloads them too.
const snippets = (dir) => readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.js'))
  .map((e) => join(e.parentPath ?? e.path, e.name).slice(root.length).replace(/^\//, ''))
  .sort();
const core = ['pkg/index.js', 'pkg/wasm/agent_sdk.js', 'pkg/wasm/agent_sdk_bg.wasm', ...snippets('pkg/wasm/snippets')];
const builds = {
  // `import { AgentSDK } from 'agent-desk-sdk'`: entry, glue, wasm.
  esm: total(core.map(sizes)),
  // `<script src=".../agent-sdk.global.js">`: the loader, then the same three.
  scriptTag: total(['pkg/agent-sdk.global.js', ...core].map(sizes)),
};

/** Section sizes of a wasm module (id 0 custom sections by name). */
function sections(path) {
  const data = readFileSync(join(root, path));
  const names = { 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global', 7: 'export',
    8: 'start', 9: 'element', 10: 'code', 11: 'data', 12: 'datacount' };
  const out = {};
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = data[i++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  while (i < data.length) {
    const id = data[i++];
    const size = leb();
    const start = i;
    let name = names[id] ?? `section ${id}`;
    if (id === 0) {
      const len = leb();
      name = `custom "${data.subarray(i, i + len).toString()}"`;
    }
    out[name] = (out[name] ?? 0) + size;
    i = start + size;
  }
  return out;
}

// Functions by size, from the name section of the same module (wasm-opt -Oz
// with -g, so names survive the same optimisation the package gets), read
// by scripts/wasm-sizes.py.
const named = 'bench/build/names/agent_sdk_bg.wasm';
const listing = execFileSync('python3', [join(root, 'scripts/wasm-sizes.py'), join(root, named), '100000'], {
  encoding: 'utf8',
});
const functions = [];
for (const line of listing.split('\n')) {
  const m = /^\s*(\d+) (.+)$/.exec(line);
  // Without the symbol hashes (`::h0123…`, `core[0123…]`), which say nothing here.
  const name = m && m[2].replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
  if (m && !line.startsWith('code ')) functions.push({ bytes: Number(m[1]), name });
  if (line.startsWith('by prefix')) break;
}
const codeTotal = Number(/^code (\d+) bytes/m.exec(listing)[1]);

/** The crate a function belongs to, from its demangled name: the first
 * path in it (`<serde_json::ser::Serializer as serde_core::...>` is
 * serde_json's; `<u64 as core::fmt::Display>` is core's). */
function crateOf(name) {
  if (/ shim$|^__wbg|^__wbindgen|^__externref|^wasm_bindgen/.test(name)) return 'wasm-bindgen glue';
  if (/^func\d+$/.test(name)) return '(unnamed)';
  if (/^(memcmp|memcpy|memset|memmove|__multi3|__[a-z]+[0-9]+)$/.test(name)) return 'compiler_builtins';
  const path = /([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
  // Methods of primitive types (`<char>::escape_debug_ext`) live in core.
  if (!path) return /^<(char|str|\[u8\]|[iu](8|16|32|64|128|size)|f32|f64|bool)>::/.test(name) ? 'core' : '(other)';
  if (path[1] === 'agent_sdk') {
    const module = /agent_sdk::([a-z_]+)/.exec(name);
    return module ? `agent_sdk::${module[1]}` : 'agent_sdk';
  }
  return path[1];
}
const byCrate = {};
for (const f of functions) byCrate[crateOf(f.name)] = (byCrate[crateOf(f.name)] ?? 0) + f.bytes;

const budget = JSON.parse(readFileSync(join(root, 'bench/budget.json'), 'utf8'));
const overBudget = Object.entries(budget.gzipBytesMax).flatMap(([build, max]) =>
  builds[build].gzip > max ? [{ build, gzip: builds[build].gzip, max, over: builds[build].gzip - max }] : []);

const jssip = sizes('bench/build/jssip.min.js');
const result = {
  builds,
  wasm: {
    shippedSections: sections('pkg/wasm/agent_sdk_bg.wasm'),
    namedCodeBytes: codeTotal,
    functionCount: functions.length,
    topFunctions: functions.slice(0, 15),
    byCrate: Object.entries(byCrate).sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes })),
  },
  jssip: { version: JSON.parse(readFileSync(join(root, 'bench/node_modules/jssip/package.json'), 'utf8')).version, ...jssip },
  budget,
  overBudget,
};
writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
for (const [name, b] of Object.entries(builds)) {
  console.log(`size ${name}: ${b.raw} raw, ${b.gzip} gzip, ${b.brotli} brotli`);
}
console.log(`size JsSIP ${result.jssip.version}: ${jssip.raw} raw, ${jssip.gzip} gzip, ${jssip.brotli} brotli`);
