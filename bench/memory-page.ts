/*
 * The memory benchmark's page script, bundled by bench/memory.bench.ts with esbuild (Lit in
 * production mode): an fw-team-board on the real simulator and client with 10,000 agents, the
 * simulation running faster than real time so minutes of traffic pass in seconds. The benchmark
 * reads the simulated clock and the client's counts from here; the heap it reads over CDP.
 */
import { createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { createSimulatorAdapter, type SimulatorAdapter } from '@floorwalk/adapters/simulator';
import { FwTeamBoard } from '../packages/elements/src/components/fw-team-board/fw-team-board.js';

export interface MemoryStats {
  /** Simulated milliseconds since the client connected. */
  readonly simulatedMs: number;
  readonly agents: number;
  readonly liveInteractions: number;
  /** Interactions held including ended ones (the store keeps a bounded history). */
  readonly heldInteractions: number;
  /** Agent changes the client has announced since connecting. */
  readonly agentChanges: number;
  readonly notifications: number;
  readonly rowsInDom: number;
}

declare global {
  interface Window {
    memoryBench: {
      ready: Promise<{ agents: number; setupMs: number }>;
      stats(): MemoryStats;
    };
  }
}

const params = new URLSearchParams(location.search);
const AGENTS = Number(params.get('agents') ?? 10_000);
const SPEED = Number(params.get('speed') ?? 10);
/**
 * A fixed simulated start: the simulator's load wave follows its clock, so starting at the wall
 * clock's time would give every run a different workload (and heap) trajectory.
 */
const START = Number(params.get('start') ?? Date.UTC(2025, 2, 3, 9, 0, 0));

FwTeamBoard.define('fw-team-board');

let adapter: SimulatorAdapter | undefined;
let client: Floorwalk | undefined;
let board: FwTeamBoard | undefined;
let connectedAt = 0;
let agentChanges = 0;
let notifications = 0;

async function setUp(): Promise<{ agents: number; setupMs: number }> {
  const started = performance.now();
  adapter = createSimulatorAdapter({ agents: AGENTS, seed: 11, speed: SPEED, start: START });
  client = createFloorwalk({ adapter, clock: adapter.clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  client.subscribe((change) => {
    agentChanges += change.agents.size;
    notifications++;
  });
  await client.connect();
  connectedAt = adapter.clock.now();
  board = document.createElement('fw-team-board');
  board.client = client;
  board.style.blockSize = 'calc(100vh - 16px)';
  document.body.append(board);
  await board.updateComplete;
  return { agents: client.getAgents().length, setupMs: performance.now() - started };
}

window.memoryBench = {
  ready: setUp(),
  stats(): MemoryStats {
    if (adapter === undefined || client === undefined || board === undefined) throw new Error('memory bench: not ready');
    return {
      simulatedMs: adapter.clock.now() - connectedAt,
      agents: client.getAgents().length,
      liveInteractions: client.getInteractions().length,
      heldInteractions: client.getInteractions({ includeEnded: true }).length,
      agentChanges,
      notifications,
      rowsInDom: (board.shadowRoot as ShadowRoot).querySelectorAll('[role="row"][data-key]').length,
    };
  },
};
