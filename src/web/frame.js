// A server frame, read where it arrives. The text stays a JavaScript string
// and the parsed object stays in JavaScript: only its head (the few
// top-level fields that decide how a frame is handled) crosses into wasm,
// as a mask of the fields present and then each present field by number.
// Per frame that is no copy of the text into wasm memory and no property
// key made from wasm (convert.rs reads these).

/** The object `text` holds, or undefined when it is not a JSON object. */
export function parse(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

// The head's fields by number; convert.rs names the same numbers.
const NUMBERS = ['id', 'seq', 'code', 'pong', 'heartbeatIntervalMs'];
const STRINGS = ['eventType', 'action', 'error', 'token', 'reason'];

/** Bit i: NUMBERS[i] is a number; bit 8 + i: STRINGS[i] is a string. A
 * field of another type counts as absent, as the protocol types it. Spelt
 * out field by field: a named property read is much faster than a read by
 * a key that changes from one call to the next. */
export function head(frame) {
  return (
    (typeof frame.id === 'number' ? 1 : 0) |
    (typeof frame.seq === 'number' ? 2 : 0) |
    (typeof frame.code === 'number' ? 4 : 0) |
    (typeof frame.pong === 'number' ? 8 : 0) |
    (typeof frame.heartbeatIntervalMs === 'number' ? 16 : 0) |
    (typeof frame.eventType === 'string' ? 256 : 0) |
    (typeof frame.action === 'string' ? 512 : 0) |
    (typeof frame.error === 'string' ? 1024 : 0) |
    (typeof frame.token === 'string' ? 2048 : 0) |
    (typeof frame.reason === 'string' ? 4096 : 0)
  );
}

/** Number field `i`, which `head` found. */
export function number(frame, i) {
  return frame[NUMBERS[i]];
}

/** String field `i`, which `head` found. */
export function string(frame, i) {
  return frame[STRINGS[i]];
}

/** `status.state` of an agentStatus push, when it is a string. */
export function statusState(frame) {
  const status = frame.status;
  return status !== null && typeof status === 'object' && typeof status.state === 'string' ? status.state : undefined;
}
