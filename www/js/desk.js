// The demo agent desk: the documented AgentSDK calling style, verbatim,
// from the script-tag build. Each panel is a module of its own.
AgentSDK.setup({ baseURL: location.origin, debug: false, webrtcStats: true });

await import('./session.js');
await import('./calls.js');
await import('./softphone.js');
await import('./supervisor.js');
