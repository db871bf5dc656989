// The agent list of the supervisor console: every agent of the watched
// queues with its state, how long it has been in it, and the actions a
// supervisor may take on it now. Rows and buttons are made once per agent
// and updated in place; one listener on the table serves every button.
import { clock } from './ui.js';

// Which actions each state allows; `offline` is an agent seen before that
// is no longer signed in.
export const ACTIONS = [
  { action: 'spy', label: 'Spy', states: ['talking'] },
  { action: 'whisper', label: 'Whisper', states: ['talking'] },
  { action: 'barge', label: 'Barge', states: ['talking'] },
  { action: 'threeway', label: 'Three-way', states: ['talking'] },
  { action: 'pickup', label: 'Pick up', states: ['ringing'] },
  { action: 'disconnect', label: 'Disconnect', states: ['ringing', 'calling', 'talking'], danger: true },
  { action: 'busy', label: 'Busy', states: ['idle', 'wrapup'] },
  { action: 'idle', label: 'Idle', states: ['busy', 'wrapup'] },
  { action: 'offline', label: 'Offline', states: ['idle', 'busy', 'wrapup'] },
  { action: 'online', label: 'Online', states: ['offline'] },
];

function set(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

export class AgentList {
  // `onAction(action, agentNo, button)` runs when a button is pressed.
  constructor(tbody, onAction) {
    this.tbody = tbody;
    this.rows = new Map();
    // The supervisor's own row gets no actions: it does not supervise itself.
    this.self = null;
    tbody.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      if (button) onAction(button.dataset.action, button.closest('tr').dataset.agent, button);
    });
  }

  // The agents of a queueStatus push, with the queues each belongs to.
  update(status) {
    // A push made on request may leave the agents out: nothing to update.
    if (Object.values(status).some((entry) => !entry.agentStatuses)) return;
    const seen = new Map();
    for (const [queueNo, entry] of Object.entries(status)) {
      for (const a of entry.agentStatuses ?? []) {
        const known = seen.get(a.agentNo);
        if (known) known.queues.push(queueNo);
        else seen.set(a.agentNo, { ...a, queues: [queueNo] });
      }
    }
    for (const [agentNo, a] of seen) this.render(this.rows.get(agentNo) ?? this.add(agentNo), a);
    // Gone from every queue it belongs to (as far as this push covers them):
    // signed out.
    const covered = new Set(Object.keys(status));
    for (const [agentNo, row] of this.rows) {
      const gone = !seen.has(agentNo) && row.state !== 'offline' && row.queues.every((q) => covered.has(q));
      if (gone) this.render(row, { state: 'offline', stateAction: 'gone', stateSince: Date.now(), queues: row.queues });
    }
  }

  add(agentNo) {
    const tr = document.createElement('tr');
    tr.dataset.agent = agentNo;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = agentNo;
    const badge = document.createElement('span');
    badge.className = 'state';
    const stateCell = document.createElement('td');
    stateCell.append(badge);
    const [since, queues, actions] = [0, 1, 2].map(() => document.createElement('td'));
    since.className = 'clock';
    const group = document.createElement('div');
    group.className = 'row-actions';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', `Actions on agent ${agentNo}`);
    const buttons = ACTIONS.map(({ action, label, danger }) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = action;
      b.textContent = label;
      b.setAttribute('aria-label', `${label} ${agentNo}`);
      if (danger) b.className = 'danger';
      group.append(b);
      return b;
    });
    actions.append(group);
    tr.append(th, stateCell, since, queues, actions);
    const row = { tr, badge, since, queuesCell: queues, buttons, state: null, sinceMs: 0, queues: [] };
    this.rows.set(agentNo, row);
    // Keep agent numbers in order, whatever order they appear in.
    const next = [...this.rows.keys()].filter((no) => no > agentNo).sort()[0];
    this.tbody.insertBefore(tr, next ? this.rows.get(next).tr : null);
    return row;
  }

  render(row, a) {
    if (row.state !== a.state) {
      row.state = a.state;
      row.badge.dataset.state = a.state;
      set(row.badge, a.state);
      row.tr.dataset.state = a.state;
      const self = row.tr.dataset.agent === this.self;
      row.buttons.forEach((b, i) => {
        b.hidden = self || !ACTIONS[i].states.includes(a.state);
      });
    }
    row.badge.title = a.stateAction;
    row.sinceMs = a.stateSince;
    row.queues = a.queues;
    set(row.queuesCell, a.queues.join(', '));
  }

  // Time in state keeps counting between pushes.
  tick(now) {
    for (const row of this.rows.values()) set(row.since, clock(now - row.sinceMs));
  }
}
