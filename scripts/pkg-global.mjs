// Writes pkg/agent-sdk.global.js from its template, filling in the event
// names and the operation list read from the built module itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = resolve(process.argv[2] ?? 'pkg');
const glue = await import(pathToFileURL(join(pkg, 'wasm', 'agent_sdk.js')).href);
glue.initSync({ module: readFileSync(join(pkg, 'wasm', 'agent_sdk_bg.wasm')) });

const { AgentSDK } = glue;
// Synchronous methods the script-tag facade handles itself.
const sync = new Set(['setup', 'on', 'once', 'off', 'isAgentSdkError']);
const operations = Object.entries(Object.getOwnPropertyDescriptors(AgentSDK))
  .filter(([name, d]) => typeof d.value === 'function' && !sync.has(name))
  .map(([name]) => name)
  .sort();
const eventType = { ...AgentSDK.EventType };

const template = readFileSync(new URL('../pkg-template/agent-sdk.global.js', import.meta.url), 'utf8');
const out = template
  .replace('/*@EVENT_TYPE@*/ {}', JSON.stringify(eventType, null, 2).replace(/\n/g, '\n  '))
  .replace('/*@OPERATIONS@*/ []', JSON.stringify(operations));
if (out === template) throw new Error('agent-sdk.global.js template placeholders not found');
writeFileSync(join(pkg, 'agent-sdk.global.js'), out);
console.log(`agent-sdk.global.js: ${Object.keys(eventType).length} event types, ${operations.length} operations`);
