// The live queue table of the supervisor console: one row per watched
// queue with its agents by state, the customers waiting, the longest wait
// and a load bar (share of signed-in agents busy on calls, with waiting
// customers counted as demand). Rows are kept and updated in place, so a
// push only touches the cells that changed.
import { clock } from './ui.js';

const ON_CALL = new Set(['ringing', 'calling', 'talking']);

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.append(td);
  return td;
}

function set(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

export class QueueTable {
  constructor(tbody) {
    this.tbody = tbody;
    this.rows = new Map();
  }

  // `status` is a queueStatus map; `receivedAt` the local time it came.
  update(status, receivedAt) {
    for (const [queueNo, entry] of Object.entries(status)) {
      let row = this.rows.get(queueNo);
      if (!row) row = this.add(queueNo);
      // A push made on request carries only the sections asked for; the
      // others keep what the last full push said.
      if (entry.queueParams) set(row.name, `${entry.queueParams.queueName} (${queueNo})`);
      if (entry.agentStatuses) {
        const agents = entry.agentStatuses;
        const count = (pred) => agents.filter(pred).length;
        row.counts = {
          total: agents.length,
          idle: count((a) => a.state === 'idle'),
          busy: count((a) => a.state === 'busy'),
          onCall: count((a) => ON_CALL.has(a.state)),
          wrapup: count((a) => a.state === 'wrapup'),
        };
      }
      if (entry.queueEntries) {
        row.waitingNow = entry.queueEntries.length;
        row.longest = row.waitingNow > 0 ? { seconds: entry.queueEntries[0].waitTime, at: receivedAt } : null;
      }
      const { total, idle, busy, onCall, wrapup } = row.counts;
      const waiting = row.waitingNow;
      set(row.idle, String(idle));
      set(row.busy, String(busy));
      set(row.onCall, String(onCall));
      set(row.wrapup, String(wrapup));
      set(row.waiting, String(waiting));
      row.waiting.classList.toggle('alarm', waiting > 0 && idle === 0);
      const load = total + waiting === 0 ? 0 : (onCall + waiting) / (total + waiting);
      row.meter.value = load;
      row.meter.textContent = `${Math.round(load * 100)}%`;
      row.meter.setAttribute('aria-label', `Queue ${queueNo} load ${Math.round(load * 100)} percent`);
    }
    this.tick(receivedAt);
  }

  add(queueNo) {
    const tr = document.createElement('tr');
    tr.dataset.queue = queueNo;
    const th = document.createElement('th');
    th.scope = 'row';
    tr.append(th);
    th.textContent = queueNo;
    const counts = { total: 0, idle: 0, busy: 0, onCall: 0, wrapup: 0 };
    const row = { tr, name: th, longest: null, counts, waitingNow: 0 };
    row.idle = cell(tr, '0');
    row.busy = cell(tr, '0');
    row.onCall = cell(tr, '0');
    row.wrapup = cell(tr, '0');
    row.waiting = cell(tr, '0');
    row.wait = cell(tr, '–');
    const loadCell = cell(tr, '');
    row.meter = document.createElement('meter');
    Object.assign(row.meter, { min: 0, max: 1, low: 0.6, high: 0.85, optimum: 0.3 });
    loadCell.append(row.meter);
    this.rows.set(queueNo, row);
    this.tbody.append(tr);
    return row;
  }

  // The longest wait keeps counting between pushes.
  tick(now) {
    for (const row of this.rows.values()) {
      set(row.wait, row.longest ? clock(row.longest.seconds * 1000 + (now - row.longest.at)) : '–');
    }
  }
}
