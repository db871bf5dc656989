// Typings glue: every type comes from the generated declarations; this file
// only gives `on`, `once` and `off` their per-event payload types.
import type { AgentSDK as AgentSDKClass, AgentSdkEventMap, AgentSdkEventName } from './wasm/agent_sdk.js';

export * from './wasm/agent_sdk.js';

/** A handler for event `K`, receiving that event's payload. */
export type AgentSdkHandler<K extends AgentSdkEventName> = (event: AgentSdkEventMap[K]) => void;

/** The `AgentSDK` singleton: every operation of the generated class, with typed events. */
export interface AgentSdkStatic extends Omit<typeof AgentSDKClass, 'on' | 'once' | 'off' | 'prototype'> {
  /** Subscribes `handler` to `eventName`. */
  on<K extends AgentSdkEventName>(eventName: K, handler: AgentSdkHandler<K>): void;
  /** Subscribes `handler` to the next `eventName` only. */
  once<K extends AgentSdkEventName>(eventName: K, handler: AgentSdkHandler<K>): void;
  /** Unsubscribes `handler`; without it, every handler of `eventName`; without arguments, all. */
  off<K extends AgentSdkEventName>(eventName?: K, handler?: AgentSdkHandler<K>): void;
}

export declare const AgentSDK: AgentSdkStatic;
export default AgentSDK;
