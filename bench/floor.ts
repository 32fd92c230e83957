/*
 * What bench:core and bench:metrics share: the seeded million-event floor they replay, the pipe
 * adapter that feeds it to a client, and how a batch is delivered and timed.
 */
import './production-env.js';
import { loadavg } from 'node:os';
import {
  ErrorCode,
  FloorwalkError,
  createFloorwalk,
  type Adapter,
  type AdapterSink,
  type Floorwalk,
  type FloorwalkEvent,
  type SnapshotEvent,
  type StoreChange,
} from '@floorwalk/core';
import { generateStream, type Stream } from './events.js';

export const AGENTS = 10_000;
export const TEAMS = 20;
export const EVENTS = 1_000_000;
export const SEED = 0x5eed_2025;
/*
 * Vendors deliver bursts (a Genesys notification frame, a Kinesis record batch, a reconnect
 * backlog), and the client notifies once per delivered batch on a microtask; 500 events is a
 * modest burst for a 10,000-agent floor. A batch of 1 would measure notification overhead,
 * not the store.
 */
export const BATCH = 500;

/** The floor both benchmarks replay, and its events cut into delivery batches. */
export function floorStream(): { stream: Stream; batches: FloorwalkEvent[][] } {
  const stream = generateStream({ seed: SEED, agents: AGENTS, teams: TEAMS, events: EVENTS, duplicateRate: 0.005, staleRate: 0.005 });
  // Sliced before any timing so the timed loops only hand over references.
  const batches: FloorwalkEvent[][] = [];
  for (let i = 0; i < stream.events.length; i += BATCH) batches.push(stream.events.slice(i, i + BATCH));
  return { stream, batches };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
export const rate = (events: number, ms: number): number => Math.round((events / ms) * 1000);
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
/** The 1-minute load average, rounded, for the result file: a figure from a busy machine says so. */
export const load = (): number => Number((loadavg()[0] ?? 0).toFixed(2));

/** An adapter that is only a pipe: the benchmark pushes into the sink it is given. */
export function benchAdapter(snapshot: () => SnapshotEvent): { adapter: Adapter; sink: () => AdapterSink } {
  let captured: AdapterSink | undefined;
  const adapter: Adapter = {
    id: 'bench',
    capabilities: { channels: ['voice', 'chat', 'email', 'task'], commands: [], monitoringModes: [] },
    connect(sink) {
      captured = sink;
      return Promise.resolve();
    },
    snapshot: () => Promise.resolve(snapshot()),
    execute: () => Promise.reject(new FloorwalkError(ErrorCode.Unsupported, 'The bench adapter executes no commands.')),
    disconnect: () => Promise.resolve(),
  };
  return {
    adapter,
    sink() {
      if (captured === undefined) throw new Error('bench adapter: connect() was not called');
      return captured;
    },
  };
}

/** A connected client, the sink to push batches into, and what its listener has counted. */
export interface OpenClient {
  readonly client: Floorwalk;
  readonly push: AdapterSink;
  readonly snapshotMs: number;
  readonly heard: { notifications: number; changedAgents: number; changedInteractions: number; checksum: number };
}

/** One client from scratch, connected (its snapshot applied, untimed), with the bench's listener. */
export async function openFloorwalk(snapshot: () => SnapshotEvent, teamIds: readonly string[]): Promise<OpenClient> {
  const { adapter, sink } = benchAdapter(snapshot);
  const client = createFloorwalk({
    adapter,
    // A site supervisor over every team, named team by team rather than 'all', so the scope
    // check and the masking of customer data run on every event as they would in the field.
    session: { userId: 'sup-1', role: 'supervisor', teamIds },
  });
  const heard = { notifications: 0, changedAgents: 0, changedInteractions: 0, checksum: 0 };
  // Stands in for a board re-rendering the rows that moved: reads each changed agent.
  client.subscribe((change: StoreChange) => {
    heard.notifications++;
    for (const id of change.agents) {
      const agent = client.getAgent(id);
      if (agent === undefined) continue;
      heard.changedAgents++;
      heard.checksum = (Math.imul(heard.checksum, 31) + agent.presence.state.length + (agent.notResponding === true ? 7 : 0)) | 0;
    }
    heard.changedInteractions += change.interactions.size;
  });
  const s0 = performance.now();
  await client.connect();
  await Promise.resolve();
  const snapshotMs = performance.now() - s0;
  heard.notifications = 0;
  return { client, push: sink(), snapshotMs, heard };
}

/**
 * Delivers one batch and awaits one microtask, so the client's queued notification and our
 * listener run inside the timing; returns the milliseconds taken.
 */
export async function deliver(
  push: AdapterSink,
  batch: readonly FloorwalkEvent[],
  afterBatch?: (batch: readonly FloorwalkEvent[], index: number) => void,
  index = 0,
): Promise<number> {
  const start = performance.now();
  push.events(batch);
  await Promise.resolve();
  afterBatch?.(batch, index);
  return performance.now() - start;
}
