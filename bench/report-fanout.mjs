// Figure 7, second half: queue-status fan-out to supervisors, from
// bench/build/fanout.json (runs of `load fanout`, gateway/examples/load/).
import { f, ms, n0, spread, x } from './stats.mjs';

// The summary of every run: each phase (a supervisor count) over the runs.
export function fanoutFigures(runs) {
  const counts = [...new Set(runs.flatMap((r) => r.phases.map((p) => p.supervisors)))].sort((a, b) => a - b);
  const phases = counts.map((supervisors) => {
    const at = runs.map((r) => r.phases.find((p) => p.supervisors === supervisors)).filter(Boolean);
    const pick = (fn) => spread(at.map(fn).filter((v) => typeof v === 'number'));
    return {
      supervisors,
      runs: at.length,
      delayP50Ms: pick((p) => p.delayMs.p50),
      delayP99Ms: pick((p) => p.delayMs.p99),
      delayMaxMs: pick((p) => p.delayMs.max),
      pushesPerSupervisorPerSecond: pick((p) => p.pushesPerSupervisorPerSecond),
      pushBytes: pick((p) => p.pushBytes),
      gatewayCpuPercent: pick((p) => p.gatewayCpuPercent),
      clientCpuPercent: pick((p) => p.clientCpuPercent),
      gatewayRssBytes: pick((p) => p.gatewayRssBytes),
      observed: at.reduce((a, p) => a + p.observed, 0),
      observationsDue: at.reduce((a, p) => a + p.observationsDue, 0),
      missed: at.reduce((a, p) => a + p.missed, 0),
      errors: at.reduce((a, p) => a + p.errors, 0),
    };
  });
  const [base] = phases;
  const most = phases[phases.length - 1];
  return {
    runs: runs.length,
    agents: runs[0]?.agents,
    changesPerSecond: runs[0]?.changesPerSecond,
    secs: runs[0]?.secs,
    coalesceMs: runs[0]?.coalesceMs,
    phases,
    // What fanning out costs: the most supervisors against one.
    ratioP50: most && base ? most.delayP50Ms.median / base.delayP50Ms.median : null,
    ratioP99: most && base ? most.delayP99Ms.median / base.delayP99Ms.median : null,
    allSeen: phases.every((p) => p.observed === p.observationsDue && p.missed === 0 && p.errors === 0),
  };
}

export function fanoutSummaryRow(fan) {
  const most = fan.phases[fan.phases.length - 1];
  const base = fan.phases[0];
  return `| queue change → \`queueStatus\` at ${most.supervisors} supervisors, p50 / p99 (${n0(fan.agents)} agents, ${n0(fan.changesPerSecond)} changes/s, pushes coalesced to one per ${n0(fan.coalesceMs)} ms) | ${f(most.delayP50Ms.median, 0)} / ${f(most.delayP99Ms.median, 0)} ms | 1 supervisor ${f(base.delayP50Ms.median, 0)} / ${f(base.delayP99Ms.median, 0)} ms | ${x(fan.ratioP50)} / ${x(fan.ratioP99)} |`;
}

export function fanoutSection(fan) {
  const rows = fan.phases
    .map((p) => `| ${p.supervisors} | ${p.runs} | ${ms(p.delayP50Ms, 0)} | ${ms(p.delayP99Ms, 0)} | ${ms(p.delayMaxMs, 0)} | ` +
      `${f(p.pushesPerSupervisorPerSecond.median, 2)} | ${n0(p.pushBytes.median)} B | ${n0(p.observed)} of ${n0(p.observationsDue)} | ` +
      `${n0(p.missed)}, ${n0(p.errors)} | ${f(p.gatewayCpuPercent.median, 0)} % | ${f(p.clientCpuPercent.median, 0)} % | ` +
      `${f(p.gatewayRssBytes.median / 1048576, 1)} MiB |`)
    .join('\n');
  const most = fan.phases[fan.phases.length - 1];
  const base = fan.phases[0];
  const overhead = most.delayMaxMs.median - fan.coalesceMs;
  return `### Queue-status fan-out to supervisors

**Method.** The same load client (\`load fanout\`) against a fresh gateway
per run, configured by \`load config ${fan.agents} --supervisors ${most.supervisors}\`: queue 1 holds
${n0(fan.agents)} agents, each of which goes busy and idle in turn once a second
(\`pause\` / \`unpause\` over its own agent WebSocket, spread evenly over the
second: ${n0(fan.changesPerSecond)} state changes a second). One supervisor, then ${most.supervisors}
(fresh sessions), log in with \`qids: "1"\` and read their \`queueStatus\`
pushes. For every change an agent makes, every supervisor times from the
moment the agent sent the request to the first push that shows the agent in
its new state; a change that a newer one overtook before any push showed it
counts as missed. Each phase settles for 2 s and is measured for ${fan.secs} s.
The gateway coalesces each desk's pushes to at most one per ${n0(fan.coalesceMs)} ms
(\`gateway/src/hub/queue_watch.rs\`), so a change waits up to that long by
design; what fanning out costs is how far the delay grows beyond it. ${fan.runs} runs.

| supervisors | runs | delay p50 ms | delay p99 ms | delay max ms | pushes per supervisor per s | push size | changes seen | missed, errors | gateway CPU | client CPU | gateway RSS |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows}

With ${most.supervisors} supervisors every push carries the whole queue (${n0(most.pushBytes.median)} bytes for ${n0(fan.agents)} agents) ${f(most.pushesPerSupervisorPerSecond.median, 1)} times a second to each desk, and
the delay from a change to the supervisors' screens is p50 ${f(most.delayP50Ms.median, 0)} ms and p99 ${f(most.delayP99Ms.median, 0)} ms against ${f(base.delayP50Ms.median, 0)} / ${f(base.delayP99Ms.median, 0)} ms for one
supervisor (${x(fan.ratioP50)} / ${x(fan.ratioP99)}). The slowest change reached a screen ${overhead >= 0 ? `${f(overhead, 0)} ms after the coalescing interval` : 'within the coalescing interval'}.
${fan.allSeen ? 'Every supervisor saw every change, with no error.' : '**Not every change was seen by every supervisor** (see the table).'}
`;
}
