// A client on the real simulator whose network the test plays, with reconnect on and one fixed
// backoff (30 s, no jitter), for the elements that show the connection (fw-connection-banner).
import { createFloorwalk, type AdapterSink, type Floorwalk } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';

export interface Rig {
  readonly client: Floorwalk;
  readonly clock: ManualClock;
  /** The adapter's sink, to play the network. */
  sink(): AdapterSink;
  /** How many times the adapter was asked to connect. */
  connects(): number;
  /** Holds the next snapshot until `release` is called, so the first load can be watched. */
  holdSnapshot(): () => void;
}

/** The real simulator and the real client with reconnect on, on a manual clock. */
export function createConnectionRig(agents = 30): Rig {
  const clock = createManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
  const adapter = createSimulatorAdapter({ agents, seed: 3, clock });
  let sink: AdapterSink | undefined;
  let connects = 0;
  let hold: Promise<void> | undefined;
  const client = createFloorwalk({
    adapter: {
      ...adapter,
      id: adapter.id,
      capabilities: adapter.capabilities,
      clock: adapter.clock,
      connect: (s) => {
        connects++;
        sink = s;
        return adapter.connect(s);
      },
      snapshot: async () => {
        if (hold !== undefined) await hold;
        return adapter.snapshot();
      },
      execute: (c) => adapter.execute(c),
      disconnect: () => adapter.disconnect(),
    },
    clock,
    // One fixed delay without jitter: the countdown's start is known exactly.
    reconnect: { delays: [30_000], jitter: 0 },
    session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' },
  });
  return {
    client,
    clock,
    sink: () => sink!,
    connects: () => connects,
    holdSnapshot() {
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}
