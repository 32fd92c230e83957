import { expect, fixture, html, nextFrame, waitUntil as waitUntilWithin } from '@open-wc/testing';

// @open-wc's default limit of 1 s is a duration, not a condition: a loaded CI machine can take
// longer to deliver across instances or render, and a test failed for it says nothing.
const waitUntil = (predicate: () => unknown, message: string, options: { timeout?: number } = {}): Promise<void> =>
  waitUntilWithin(predicate, message, { timeout: 5000, ...options });
import { createFloorwalk, type Adapter, type AdapterSink, type Agent, type Floorwalk, type StoreChange } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { formatDuration, mountBoard, type Board } from './board.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const AGENTS = 24;

// Anything thrown in the page, by the board, the client or the simulator, fails the file.
const pageErrors: unknown[] = [];
window.addEventListener('error', (event) => pageErrors.push(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => pageErrors.push(event.reason));

interface Harness {
  readonly clock: ManualClock;
  readonly client: Floorwalk;
  readonly root: HTMLElement;
  readonly board: Board;
}

let current: Harness | undefined;

async function mount(options: { tickMs?: number; connect?: boolean } = {}): Promise<Harness> {
  const clock = createManualClock(T0);
  const adapter = createSimulatorAdapter({ seed: 11, agents: AGENTS, clock });
  const client = createFloorwalk({
    adapter,
    clock: adapter.clock,
    session: { userId: 'sup-test', role: 'supervisor', teamIds: 'all' },
  });
  const root = await fixture<HTMLElement>(html`<div></div>`);
  // A long default tick keeps timers still unless a test drives them.
  const board = mountBoard(root, client, adapter.clock, { tickMs: options.tickMs ?? 3_600_000 });
  current = { clock, client, root, board };
  if (options.connect !== false) {
    await client.connect();
    await waitUntil(() => rowsOf(root).length === client.getAgents().length && rowsOf(root).length > 0, 'rows rendered');
  }
  return current;
}

afterEach(async () => {
  current?.board.dispose();
  await current?.client.disconnect();
  current = undefined;
  expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
});

const rowsOf = (root: HTMLElement): HTMLTableRowElement[] => [...root.querySelectorAll<HTMLTableRowElement>('table.agents tbody tr')];
const rowOf = (root: HTMLElement, agentId: string): HTMLTableRowElement => {
  const row = root.querySelector<HTMLTableRowElement>(`table.agents tbody tr[data-agent-id="${CSS.escape(agentId)}"]`);
  if (row === null) throw new Error(`no row for ${agentId}`);
  return row;
};
const cellOf = (row: HTMLTableRowElement, col: string): HTMLElement => {
  const cell = row.querySelector<HTMLElement>(`[data-col="${col}"]`);
  if (cell === null) throw new Error(`no ${col} cell`);
  return cell;
};
const text = (node: Element): string => (node.textContent ?? '').replace(/\s+/g, ' ').trim();

function expectPresenceShown(root: HTMLElement, agent: Agent): void {
  const shown = text(cellOf(rowOf(root, agent.id), 'presence')).toLowerCase();
  expect(shown, agent.id).to.contain(agent.presence.state);
  if (agent.presence.reason !== undefined) expect(shown, agent.id).to.contain(agent.presence.reason.label.toLowerCase());
}

/** Every agent whose row a batch may legitimately rebuild; deliberately generous. */
function affectedAgents(client: Floorwalk, change: StoreChange, ownerBefore: ReadonlyMap<string, string>): Set<string> {
  const ids = new Set(change.agents);
  for (const id of change.interactions) {
    const before = ownerBefore.get(id);
    if (before !== undefined) ids.add(before);
    const after = client.getInteraction(id)?.agentId;
    if (after !== undefined) ids.add(after);
  }
  if (change.helpRequests.size > 0) for (const r of client.getHelpRequests()) ids.add(r.agentId);
  if (change.monitoring.size > 0) for (const s of client.getMonitoringSessions()) ids.add(s.agentId);
  return ids;
}

function interactionOwners(client: Floorwalk): Map<string, string> {
  const owners = new Map<string, string>();
  for (const i of client.getInteractions()) if (i.agentId !== undefined) owners.set(i.id, i.agentId);
  return owners;
}

describe('demo board', () => {
  it('shows a row for every agent with their presence, team and routing', async () => {
    const { client, root } = await mount();
    const agents = client.getAgents();
    expect(agents.length).to.equal(AGENTS);
    expect(rowsOf(root)).to.have.length(AGENTS);
    expect(text(root.querySelector('table.agents caption') as Element)).to.equal(`Agents (${AGENTS})`);
    for (const agent of agents) {
      expectPresenceShown(root, agent);
      const row = rowOf(root, agent.id);
      expect(text(row.querySelector('th[scope="row"]') as Element)).to.equal(agent.name);
      const teamName = client.getTeam(agent.teamIds[0] as string)?.name as string;
      expect(text(cellOf(row, 'team'))).to.contain(teamName);
      const routing = client.getRoutingActivity(agent.id).replace('-', ' ');
      expect(text(cellOf(row, 'routing')).toLowerCase().replace('-', ' ')).to.contain(routing === 'held' ? 'hold' : routing);
    }
  });

  it('counts presence states in the summary', async () => {
    const { client, root } = await mount();
    const byState = new Map<string, number>();
    for (const agent of client.getAgents()) byState.set(agent.presence.state, (byState.get(agent.presence.state) ?? 0) + 1);
    let total = 0;
    for (const item of root.querySelectorAll<HTMLElement>('.summary__item[data-key^="presence:"]')) {
      const state = (item.dataset['key'] as string).slice('presence:'.length);
      const count = Number(text(item.querySelector('.summary__count') as Element));
      expect(count, state).to.equal(byState.get(state) ?? 0);
      total += count;
    }
    expect(total).to.equal(AGENTS);
  });

  it('shows every queue with its statistics', async () => {
    const { client, root } = await mount();
    const queues = client.getQueues();
    expect(queues.length).to.be.greaterThan(0);
    for (const queue of queues) {
      const row = root.querySelector<HTMLTableRowElement>(`table.queues tr[data-queue-id="${CSS.escape(queue.id)}"]`);
      expect(row, queue.id).not.to.equal(null);
      const r = row as HTMLTableRowElement;
      expect(text(r.querySelector('th') as Element)).to.equal(queue.name);
      expect(text(cellOf(r, 'waiting'))).to.equal(String(queue.stats.waiting));
      expect(text(cellOf(r, 'answered'))).to.equal(String(queue.stats.answered));
      expect(text(cellOf(r, 'abandoned'))).to.equal(String(queue.stats.abandoned));
    }
  });

  it('reports the connection status in text', async () => {
    const { client, root } = await mount({ connect: false });
    const status = root.querySelector('[role="status"]') as HTMLElement;
    expect(text(status)).to.contain('Not connected');
    await client.connect();
    expect(text(status)).to.contain('Live');
    await client.disconnect();
    expect(text(status)).to.contain('Not connected');
  });

  it('rebuilds only the rows of agents that changed', async () => {
    const { clock, client, root } = await mount();
    const before = new Map(client.getAgents().map((a) => [a.id, a.presence]));
    const cellsBefore = new Map(rowsOf(root).map((row) => [row.dataset['agentId'] as string, cellOf(row, 'presence')]));
    const affected = new Set<string>();
    let owners = interactionOwners(client);
    const unsubscribe = client.subscribe((change) => {
      for (const id of affectedAgents(client, change, owners)) affected.add(id);
      owners = interactionOwners(client);
    });
    let changedPresence: Agent | undefined;
    try {
      // Small steps until someone's presence moves, so most rows stay untouched.
      for (let step = 0; step < 3600 && changedPresence === undefined; step++) {
        clock.advance(1_000);
        await Promise.resolve();
        changedPresence = client.getAgents().find((a) => a.presence !== before.get(a.id) && a.presence.state !== before.get(a.id)?.state);
      }
      await nextFrame();
    } finally {
      unsubscribe();
    }
    expect(changedPresence, 'some agent changed presence within an hour').not.to.equal(undefined);
    const changed = changedPresence as Agent;
    await waitUntil(() => text(cellOf(rowOf(root, changed.id), 'presence')).toLowerCase().includes(changed.presence.state), 'row updated');
    expectPresenceShown(root, client.getAgent(changed.id) as Agent);

    let untouched = 0;
    for (const row of rowsOf(root)) {
      const id = row.dataset['agentId'] as string;
      if (affected.has(id)) continue;
      expect(cellOf(row, 'presence'), `row ${id} was rebuilt without a change`).to.equal(cellsBefore.get(id));
      untouched++;
    }
    expect(untouched, 'rows left alone').to.be.greaterThan(0);
    // Whatever did change is shown as the store has it now.
    for (const agent of client.getAgents()) expectPresenceShown(root, agent);
  });

  it('ticks time in state from the clock', async () => {
    const { clock, client, root } = await mount({ tickMs: 20 });
    const agent = client.getAgents()[0] as Agent;
    const timeOf = (): HTMLTimeElement => cellOf(rowOf(root, agent.id), 'time-in-state').querySelector('time') as HTMLTimeElement;
    const expected = (): string => formatDuration(clock.now() - (client.getAgent(agent.id) as Agent).presence.since);
    await waitUntil(() => text(timeOf()) === expected(), 'initial time in state');
    const first = text(timeOf());

    clock.advance(75_000);
    // No board call here: the ticker alone must bring the text up to date.
    await waitUntil(() => text(timeOf()) === expected(), 'time in state after the ticker ran');
    expect(text(timeOf())).not.to.equal(first);
    const seconds = Math.floor(client.getTimeInState(agent.id) / 1000);
    expect(timeOf().dateTime).to.equal(`PT${seconds}S`);
    for (const row of rowsOf(root)) {
      const id = row.dataset['agentId'] as string;
      expect(text(cellOf(row, 'time-in-state')), id).to.equal(formatDuration(client.getTimeInState(id)));
    }
  });

  it('lets the supervisor listen in and stop, as commands, keeping keyboard focus', async () => {
    const { clock, client, root } = await mount();
    const listen = root.querySelector<HTMLButtonElement>('table.agents button.action[data-action="listen"]');
    expect(listen, 'a Listen button on some connected interaction').not.to.equal(null);
    const agentId = (listen as HTMLButtonElement).dataset['agentId'] as string;
    const agent = client.getAgent(agentId) as Agent;
    expect(listen?.getAttribute('aria-label')).to.equal(`Listen to ${agent.name}`);
    const monitoringText = (): string => text(cellOf(rowOf(root, agentId), 'monitoring'));
    expect(monitoringText()).not.to.contain('Listening');

    listen?.focus();
    listen?.click();
    // The effect arrives as an event after the platform's simulated latency.
    await waitUntil(() => {
      clock.advance(100);
      return client.getMonitoringSessions({ agentId, active: true }).length > 0;
    }, 'monitoring started');
    await waitUntil(() => monitoringText().includes('Listening'), 'row shows the monitoring flag');
    const stop = cellOf(rowOf(root, agentId), 'monitoring').querySelector<HTMLButtonElement>('button[data-action="stop"]');
    expect(stop, 'a Stop button for our own session').not.to.equal(null);
    expect(document.activeElement, 'focus follows into the rebuilt row').to.equal(stop);
    expect(text(root.querySelector('.notice') as Element)).to.equal(`Listening to ${agent.name}.`);

    stop?.click();
    await waitUntil(() => {
      clock.advance(100);
      return client.getMonitoringSessions({ agentId, active: true }).length === 0;
    }, 'monitoring stopped');
    await waitUntil(() => !monitoringText().includes('Listening'), 'flag cleared');
    const audit = client.getAuditLog().map((e) => `${e.action}:${e.outcome}`);
    expect(audit).to.include.members(['monitoring.start:succeeded', 'monitoring.stop:succeeded']);
  });

  it('flags a screen view the platform reports (Genesys) as what it is, with no Stop, since no command stops one', async () => {
    const clock = createManualClock(T0);
    const inner = createSimulatorAdapter({ seed: 11, agents: AGENTS, clock });
    let sink: AdapterSink | undefined;
    const adapter: Adapter = { ...inner, connect: (s) => inner.connect((sink = s)) };
    const client = createFloorwalk({ adapter, clock: inner.clock, session: { userId: 'sup-test', role: 'supervisor', teamIds: 'all' } });
    const root = await fixture<HTMLElement>(html`<div></div>`);
    const board = mountBoard(root, client, inner.clock, { tickMs: 3_600_000 });
    current = { clock, client, root, board };
    await client.connect();
    await waitUntil(() => rowsOf(root).length > 0, 'rows rendered');
    const agentId = client.getAgents()[0]!.id;
    // This supervisor viewing the agent's screen as a whole, started in Genesys' own tools.
    const session = { id: 'view-1', mode: 'screen', supervisorId: 'sup-test', agentId, startedAt: clock.now() } as const;
    sink?.events([{ type: 'monitoring', id: 'view-1-start', at: clock.now(), source: inner.id, session }]);
    const cell = (): HTMLElement => cellOf(rowOf(root, agentId), 'monitoring');
    await waitUntil(() => text(cell()) !== '' && !text(cell()).startsWith('—'), 'the flag');
    expect(text(cell())).to.equal('Viewing the screen');
    expect(cell().querySelector('button[data-action="stop"]'), 'nothing to stop from here').to.equal(null);
  });

  it('formats durations like a clock', () => {
    expect(formatDuration(0)).to.equal('0:00');
    expect(formatDuration(59_999)).to.equal('0:59');
    expect(formatDuration(65_000)).to.equal('1:05');
    expect(formatDuration(3_725_000)).to.equal('1:02:05');
    expect(formatDuration(-5)).to.equal('0:00');
  });

  it('stops updating and leaves nothing behind when disposed', async () => {
    const { clock, client, root, board } = await mount();
    board.dispose();
    expect(root.childElementCount).to.equal(0);
    clock.advance(60_000);
    await nextFrame();
    expect(root.childElementCount).to.equal(0);
    expect(client.status).to.equal('live');
  });
});

describe('plain demo page', () => {
  it('starts the live simulator board without throwing', async () => {
    const consoleErrors: unknown[][] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => {
      consoleErrors.push(args);
      originalError.apply(console, args);
    };
    const main = await fixture<HTMLElement>(html`<main id="board"></main>`);
    try {
      // Loaded by URL so the type checker does not need declarations for a plain script.
      const demoUrl = new URL('./plain.js', import.meta.url).href;
      const { demo } = (await import(demoUrl)) as { demo: { client: Floorwalk; board: Board } | null };
      expect(demo, 'the demo started').not.to.equal(null);
      if (demo === null) return;
      try {
        await waitUntil(() => main.querySelectorAll('table.agents tbody tr').length === 60, 'demo rows', { timeout: 5000 });
        expect(text(main.querySelector('[role="status"]') as Element)).to.contain('Live');
        expect(main.querySelectorAll('table.queues tbody tr').length).to.be.greaterThan(0);
        expect(main.querySelector('.error')).to.equal(null);
      } finally {
        demo.board.dispose();
        await demo.client.disconnect();
      }
    } finally {
      console.error = originalError;
    }
    expect(consoleErrors).to.deep.equal([]);
  });
});
