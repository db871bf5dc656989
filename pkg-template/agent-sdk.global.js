/*
 * Script-tag build: defines the global `AgentSDK` at once, before the
 * WebAssembly module has loaded.
 *
 * - `AgentSDK.EventType` is available immediately.
 * - `setup`, `on`, `once`, `off` called early are replayed in order once the
 *   module is ready (a failing early `setup` is logged, and later operations
 *   reject with NOT_INITIALIZED).
 * - Every operation returns a Promise that waits for the module.
 * - `await AgentSDK.ready` waits for the module explicitly.
 *
 * The event names and operation list below are filled in from the built
 * module by the package build, so they cannot drift from it.
 */
(function () {
  'use strict';
  var EVENT_TYPE = /*@EVENT_TYPE@*/ {};
  var OPERATIONS = /*@OPERATIONS@*/ [];
  var SYNC = ['setup', 'on', 'once', 'off'];

  var script = document.currentScript;
  var entry = new URL('./index.js', (script && script.src) || location.href).href;
  var core = null;
  var early = [];

  function replay() {
    var calls = early;
    early = [];
    calls.forEach(function (call) {
      try {
        core[call[0]].apply(core, call[1]);
      } catch (error) {
        console.error('[AgentSDK] ' + call[0] + '() called before load failed:', error);
      }
    });
  }

  var facade = { EventType: Object.freeze(EVENT_TYPE) };
  facade.ready = import(entry).then(function (module) {
    core = module.AgentSDK;
    facade.isAgentSdkError = module.isAgentSdkError;
    replay();
    return facade;
  });
  // Callers that never await `ready` still see a failure through the
  // operations' own rejections; this keeps it from being reported twice.
  facade.ready.catch(function (error) {
    console.error('[AgentSDK] the SDK module failed to load from ' + entry + ':', error);
  });

  facade.isAgentSdkError = function (value) {
    return value instanceof Error && value.name === 'AgentSdkError';
  };
  SYNC.forEach(function (name) {
    facade[name] = function () {
      if (core) return core[name].apply(core, arguments);
      early.push([name, arguments]);
    };
  });
  OPERATIONS.forEach(function (name) {
    facade[name] = function () {
      var args = arguments;
      return facade.ready.then(function () {
        return core[name].apply(core, args);
      });
    };
  });

  window.AgentSDK = facade;
})();
