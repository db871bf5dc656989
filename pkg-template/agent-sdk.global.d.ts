// Types of the script-tag build. A TypeScript (or `// @ts-check`) page that
// loads agent-sdk.global.js declares its global `AgentSDK` with
//   /// <reference types="agent-desk-sdk/global" />
import type { AgentSdkStatic } from './index.js';

/** The script-tag `AgentSDK`: the module's API, usable before the module has loaded. */
export interface AgentSdkGlobal extends AgentSdkStatic {
  /** Resolves once the WebAssembly module has loaded; rejects if it failed to load. */
  readonly ready: Promise<AgentSdkGlobal>;
}

declare global {
  /** Defined by agent-sdk.global.js as soon as that script has run. */
  var AgentSDK: AgentSdkGlobal;
}
