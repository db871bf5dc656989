// SIP parsing: the SDK's parser (benchmark-only wasm export, see
// bench/sip-parse-wasm/) against JsSIP's Parser.parseMessage, on the same
// INVITE (tests/fixtures/invite.sip), in the same page, one after the other.
import init, { parse_sip, parse_sip_full } from '/build/sip-parse/agent_sdk_bench_sip.js';

await init({ module_or_path: '/build/sip-parse/agent_sdk_bench_sip_bg.wasm' });
const text = await (await fetch('/fixtures/invite.sip')).text();
const { Parser } = window.JsSIPParser;
// parseMessage only keeps the UA on the request object; nothing is sent.
const ua = {};

const parsers = {
  // Start line, header lines, body.
  sdk: () => parse_sip(text),
  // The same plus every header JsSIP's grammar reads, read by the SDK's
  // typed readers: the like-for-like figure.
  sdkFull: () => parse_sip_full(text),
  jssip: () => {
    const m = Parser.parseMessage(text, ua);
    return m !== undefined && m.call_id !== null;
  },
};

/** Both parsers must accept the message, and JsSIP must see what it is. */
function check() {
  const m = Parser.parseMessage(text, ua);
  const facts = {
    bytes: new TextEncoder().encode(text).length,
    sdk: parse_sip(text),
    sdkFull: parse_sip_full(text),
    jssip: !!m && m.method === 'INVITE' && m.from_tag === 'as5f3a9c1e' && m.getHeaders('record-route').length === 2
      && m.body.length === 832,
  };
  if (!facts.sdk || !facts.sdkFull || !facts.jssip) throw new Error(`a parser refused the INVITE: ${JSON.stringify(facts)}`);
  return facts;
}

/** Messages per second for `name`, timed over at least `ms` in batches. */
function rate(name, ms) {
  const fn = parsers[name];
  let ok = 0;
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 500; i++) if (fn()) ok++;
    count += 500;
    elapsed = performance.now() - start;
  }
  if (ok !== count) throw new Error(`${name}: ${count - ok} of ${count} parses failed`);
  return (count * 1000) / elapsed;
}

/** Warms every parser up (JIT tiers, wasm tier-up), then `runs` rounds, each
 * timing every parser once, in an order that rotates between rounds. */
function measure({ runs = 5, ms = 500, warmupMs = 300 } = {}) {
  const facts = check();
  const names = Object.keys(parsers);
  for (const name of names) rate(name, warmupMs);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) results[name].push(rate(name, ms));
  }
  return { facts, messagesPerSecond: results };
}

window.bench = { measure };
window.benchReady = true;
