/*
 * A measuring page for the elements that read floor-wide data, bundled by
 * bench/elements.bench.ts. It puts one element (`?el=fw-team-stats`, its attributes from the
 * rest of the address, e.g. `&team=team-1`) on the real simulator and client at `?agents=`
 * agents and, on `window.elementsBench.run()`, injects presence changes at a fixed rate as
 * bench/board-page.ts does, timing the element's updates (its own upkeep and Lit rendering).
 * Not part of `npm run bench`: a tool for audits.
 */
import { PRESENCE_STATES, createFloorwalk, type PresenceState } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { simulatorTestHooks } from '../packages/adapters/src/simulator/simulator.js';
import { FwAgentCard } from '../packages/elements/src/components/fw-agent-card/fw-agent-card.js';
import { FwAgentPerformance } from '../packages/elements/src/components/fw-agent-performance/fw-agent-performance.js';
import { FwConnectionBanner } from '../packages/elements/src/components/fw-connection-banner/fw-connection-banner.js';
import { FwInteractionList } from '../packages/elements/src/components/fw-interaction-list/fw-interaction-list.js';
import { FwQueueStats } from '../packages/elements/src/components/fw-queue-stats/fw-queue-stats.js';
import { FwTeamStats } from '../packages/elements/src/components/fw-team-stats/fw-team-stats.js';
import { timeCalls } from './time-calls.js';

export interface ElementsRunResult {
  readonly element: string;
  readonly agents: number;
  readonly seconds: number;
  readonly injectedPerSecond: number;
  readonly batchesPerSecond: number;
  readonly updatesPerSecond: number;
  readonly updateMsPerSecond: number;
  readonly msPerUpdate: number;
  /** Script time of the element's own tick handler (`onTick`), for elements whose timers tick in place rather than by rendering. */
  readonly tickMsPerSecond: number;
  readonly liveInteractions: number;
}

declare global {
  interface Window {
    elementsBench: {
      ready: Promise<{ element: string; agents: number; setupMs: number }>;
      run(options: { seconds: number; updatesPerSecond: number }): Promise<ElementsRunResult>;
    };
  }
}

const CLASSES = {
  'fw-team-stats': FwTeamStats,
  'fw-queue-stats': FwQueueStats,
  'fw-agent-performance': FwAgentPerformance,
  'fw-interaction-list': FwInteractionList,
  'fw-agent-card': FwAgentCard,
  'fw-connection-banner': FwConnectionBanner,
} as const;
type Tag = keyof typeof CLASSES;

const params = new URLSearchParams(location.search);
const AGENTS = Number(params.get('agents') ?? 10_000);
const TAG = (params.get('el') ?? 'fw-team-stats') as Tag;
const Class = CLASSES[TAG];
if (Class === undefined) throw new Error(`unknown element ${TAG}`);
Class.define(TAG);

const spent = { ms: 0, updates: 0, tickMs: 0 };
timeCalls(Class.prototype, 'update', (ms) => {
  spent.ms += ms;
  spent.updates++;
});
// An element that rewrites its timers in place on the shared ticker does that work outside
// `update`: timed too, or moving it there would look like saving it.
timeCalls(Class.prototype, 'onTick', (ms) => (spent.tickMs += ms));

async function setUp() {
  const started = performance.now();
  const adapter = createSimulatorAdapter({ agents: AGENTS, seed: 7 });
  const client = createFloorwalk({ adapter, clock: adapter.clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  await client.connect();
  const element = document.createElement(TAG) as HTMLElement & { client: unknown; updateComplete: Promise<boolean> };
  element.client = client;
  for (const [name, value] of params) if (name !== 'el' && name !== 'agents') element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  const hooks = simulatorTestHooks(adapter);
  return { client, inject: (record: unknown) => hooks.injectRaw(record), now: () => adapter.clock.now(), setupMs: performance.now() - started };
}

const state = setUp();

window.elementsBench = {
  ready: state.then(({ setupMs }) => ({ element: TAG, agents: AGENTS, setupMs })),
  async run({ seconds, updatesPerSecond }) {
    const { client, inject, now } = await state;
    const agentIds = client.getAgents().map((a) => a.id);
    const states = PRESENCE_STATES.filter((s) => s !== 'offline');
    let injected = 0;
    let batches = 0;
    const off = client.subscribe(() => void batches++);
    const before = { ...spent };
    const start = performance.now();
    const end = start + seconds * 1000;
    await new Promise<void>((resolve) => {
      const injector = setInterval(() => {
        const t = performance.now();
        const due = Math.floor(((Math.min(t, end) - start) / 1000) * updatesPerSecond);
        while (injected < due) {
          injected++;
          inject({
            type: 'presence',
            agentId: agentIds[Math.floor(Math.random() * agentIds.length)],
            presence: { state: states[injected % states.length] as PresenceState, reason: { id: 'bench', label: `u${injected}` }, since: now() },
          });
        }
        if (t >= end) {
          clearInterval(injector);
          setTimeout(resolve, 200);
        }
      }, 5);
    });
    off();
    const elapsed = (performance.now() - start) / 1000;
    const updates = spent.updates - before.updates;
    const ms = spent.ms - before.ms;
    return {
      element: TAG,
      agents: AGENTS,
      seconds: elapsed,
      injectedPerSecond: injected / elapsed,
      batchesPerSecond: batches / elapsed,
      updatesPerSecond: updates / elapsed,
      updateMsPerSecond: ms / elapsed,
      msPerUpdate: updates === 0 ? 0 : ms / updates,
      tickMsPerSecond: (spent.tickMs - before.tickMs) / elapsed,
      liveInteractions: client.getInteractions().length,
    };
  },
};
