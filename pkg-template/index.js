// The ES module entry. One top-level await loads the WebAssembly module, so
// `import { AgentSDK } from 'agent-desk-sdk'` hands out a ready SDK and the
// documented calling style works verbatim.
import init, { AgentSDK, isAgentSdkError } from './wasm/agent_sdk.js';

await init({ module_or_path: new URL('./wasm/agent_sdk_bg.wasm', import.meta.url) });

export { AgentSDK, isAgentSdkError };
export default AgentSDK;
