/*
 * The board benchmark's page script, bundled by bench/board.bench.ts with esbuild (Lit in
 * production mode). It puts an fw-team-board on the real simulator and client, then, on
 * `window.boardBench.run()`, drives presence updates at a fixed rate while scrolling, and
 * measures frames, rows in the DOM and event-to-paint delay in the page itself.
 */
import { PRESENCE_STATES, createFloorwalk, systemClock, type Clock, type Floorwalk, type PresenceState } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
// Internal test hook of the simulator: feeds a platform record through its real mapping and
// delivery path, as a vendor's notification would arrive.
import { simulatorTestHooks } from '../packages/adapters/src/simulator/simulator.js';
import { FwTeamBoard } from '../packages/elements/src/components/fw-team-board/fw-team-board.js';
import { timeCalls } from './time-calls.js';

export interface RunOptions {
  readonly seconds: number;
  readonly updatesPerSecond: number;
  /**
   * Scroll speed of the rows' viewport set from script, in pixels per frame (bounces at the
   * ends); 0 when the benchmark scrolls with the mouse wheel from outside, as a person would.
   */
  readonly scrollPxPerFrame: number;
  /** Share of updates aimed at rows on screen, whose delay to paint is measured. */
  readonly visibleShare: number;
}

export interface RunResult {
  readonly agents: number;
  readonly seconds: number;
  readonly injected: number;
  readonly injectedPerSecond: number;
  /** Agent changes the client reported per second (injected plus the simulation's own traffic). */
  readonly agentChangesPerSecond: number;
  readonly batchesPerSecond: number;
  readonly frames: number[];
  readonly maxRowsInDom: number;
  readonly meanRowsInDom: number;
  readonly eventToDom: number[];
  readonly eventToPaint: number[];
  /** Measured updates whose row left the screen before it showed them. */
  readonly lost: number;
  /** How far the rows' viewport moved over the run (net). */
  readonly scrolledPx: number;
  readonly jsHeapUsedMB: number | null;
  /** Main-thread milliseconds per second spent in the simulator's own wake-ups (its model plus the client taking in its events). */
  readonly simulatorMsPerSecond: number;
  /** Main-thread milliseconds per second spent handing injected records to the adapter (mapping, validation, client, store). */
  readonly injectMsPerSecond: number;
  /** Main-thread milliseconds per second spent in the board's updates (model upkeep and Lit rendering, not browser layout/paint). */
  readonly boardUpdateMsPerSecond: number;
  readonly boardUpdatesPerSecond: number;
}

declare global {
  interface Window {
    boardBench: {
      ready: Promise<{ agents: number; rows: number; setupMs: number }>;
      run(options: RunOptions): Promise<RunResult>;
    };
  }
}

const params = new URLSearchParams(location.search);
const AGENTS = Number(params.get('agents') ?? 10_000);

FwTeamBoard.define('fw-team-board');

interface Setup {
  readonly client: Floorwalk;
  readonly board: FwTeamBoard;
  readonly inject: (record: unknown) => void;
  /** Simulated time now. */
  readonly now: () => number;
  readonly setupMs: number;
}

/** Milliseconds spent in the simulator's timer callbacks, so the report can tell its share apart. */
const spent = { simulator: 0, board: 0, boardUpdates: 0 };

/** Real time, like the simulator's default, but its wake-ups are timed. */
const timedClock: Clock = {
  now: () => systemClock.now(),
  setTimeout: (callback, ms) =>
    systemClock.setTimeout(() => {
      const t = performance.now();
      callback();
      spent.simulator += performance.now() - t;
    }, ms),
  clearTimeout: (handle) => systemClock.clearTimeout(handle),
};

// The board's update: model upkeep and Lit rendering.
timeCalls(FwTeamBoard.prototype, 'update', (ms) => {
  spent.board += ms;
  spent.boardUpdates++;
});

async function setUp(): Promise<Setup> {
  const started = performance.now();
  // Real time: the simulation adds its own traffic on top of the injected updates.
  const adapter = createSimulatorAdapter({ agents: AGENTS, seed: 7, clock: timedClock });
  const client = createFloorwalk({ adapter, clock: adapter.clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  await client.connect();
  const board = document.createElement('fw-team-board');
  board.client = client;
  // The board's own attributes from the page's address (`?sort=state&group=team`), to measure
  // configurations other than the default.
  for (const name of ['sort', 'group', 'presence', 'team', 'reorder-interval']) {
    const value = params.get(name);
    if (value !== null) board.setAttribute(name, value);
  }
  board.style.blockSize = 'calc(100vh - 16px)';
  document.body.append(board);
  await board.updateComplete;
  const hooks = simulatorTestHooks(adapter);
  return { client, board, inject: (record) => hooks.injectRaw(record), now: () => adapter.clock.now(), setupMs: performance.now() - started };
}

const state = setUp();

function rowsOf(board: FwTeamBoard): NodeListOf<HTMLElement> {
  return (board.shadowRoot as ShadowRoot).querySelectorAll<HTMLElement>('[role="row"][data-key]');
}

window.boardBench = {
  ready: state.then(async ({ board, setupMs }) => {
    for (let i = 0; i < 100 && rowsOf(board).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    return { agents: AGENTS, rows: rowsOf(board).length, setupMs };
  }),

  async run(options: RunOptions): Promise<RunResult> {
    const { client, board, inject, now: simNow } = await state;
    const root = board.shadowRoot as ShadowRoot;
    const scroller = root.querySelector<HTMLElement>('[part~="scroller"]') as HTMLElement;
    const agentIds = client.getAgents().map((a) => a.id);
    const states = PRESENCE_STATES.filter((s) => s !== 'offline');

    const frames: number[] = [];
    const eventToDom: number[] = [];
    const eventToPaint: number[] = [];
    let maxRows = 0;
    let rowSamples = 0;
    let rowTotal = 0;
    let injected = 0;
    let seq = 0;
    let lost = 0;
    let scrolled = 0;
    let agentChanges = 0;
    let batches = 0;
    /** Updates aimed at on-screen rows, waiting to show: agent id → [label, stamp]. */
    const waiting = new Map<string, { label: string; t0: number }>();

    const spentBefore = { ...spent };
    let injectMs = 0;
    const offChanges = client.subscribe((change) => {
      agentChanges += change.agents.size;
      batches++;
    });

    // A row shows an update when its presence cell carries the update's unique reason label.
    // One pass over the rendered rows per callback, so the measuring costs little of the frame.
    const observer = new MutationObserver(() => {
      if (waiting.size === 0) return;
      const now = performance.now();
      const rendered = new Map<string, HTMLElement>();
      for (const row of rowsOf(board)) rendered.set(row.dataset.key as string, row);
      const shown: number[] = [];
      for (const [id, { label, t0 }] of waiting) {
        const row = rendered.get(id);
        if (row === undefined) {
          lost++;
          waiting.delete(id);
          continue;
        }
        if ((row.querySelector('[part~="presence"]')?.textContent ?? '').includes(label)) {
          eventToDom.push(now - t0);
          shown.push(t0);
          waiting.delete(id);
        }
      }
      if (shown.length === 0) return;
      // Stamped in the first task after the rendering that paints the change: a task posted during
      // a frame's rendering runs once its style, layout, paint and commit are done. The board
      // renders in its own requestAnimationFrame callback, so this usually runs inside a frame's
      // rendering, and is posted at once: a requestAnimationFrame asked for there is the next
      // frame's, one frame after the paint (a Chromium trace put the change's Paint and Commit
      // before the task posted at once, and a whole frame before the one posted from the next
      // frame's callback, which is what this measured up to 2026-12-02). A change made outside a
      // frame (in a task, or before the bench's own callback of the frame) waits for the next one.
      const stamp = (): void => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const painted = performance.now();
          for (const t0 of shown) eventToPaint.push(painted - t0);
        };
        channel.port2.postMessage(0);
      };
      if (rendering) stamp();
      else requestAnimationFrame(stamp);
    });
    /** Inside a frame's rendering: from the bench's own callback (registered a frame ahead, so first) to the task after it. */
    let rendering = false;
    observer.observe(root, { subtree: true, childList: true, characterData: true });

    const visibleIds = (): string[] => [...rowsOf(board)].map((row) => row.dataset.key as string);

    const presenceRecord = (agentId: string, label: string): unknown => ({
      type: 'presence',
      agentId,
      presence: {
        state: states[seq % states.length] as PresenceState,
        reason: { id: 'bench', label },
        since: simNow(),
      },
    });

    const scrolledFrom = scroller.scrollTop;
    const start = performance.now();
    const end = start + options.seconds * 1000;
    const visibleEvery = Math.max(1, Math.round(1 / options.visibleShare));

    await new Promise<void>((resolve) => {
      // Updates: as many as the rate calls for by now, every 5 ms (the timer's floor is 4 ms).
      const injector = setInterval(() => {
        const now = performance.now();
        const due = Math.floor(((Math.min(now, end) - start) / 1000) * options.updatesPerSecond);
        let onScreen: string[] | undefined;
        while (injected < due) {
          seq++;
          const label = `u${seq}`;
          let id: string;
          if (seq % visibleEvery === 0) {
            onScreen ??= visibleIds().filter((v) => !waiting.has(v));
            id = onScreen.splice(Math.floor(Math.random() * onScreen.length), 1)[0] ?? (agentIds[seq % agentIds.length] as string);
            // Stamped when the record is handed to the adapter, which delivers it to the client synchronously.
            waiting.set(id, { label, t0: performance.now() });
          } else {
            id = agentIds[Math.floor(Math.random() * agentIds.length)] as string;
          }
          const record = presenceRecord(id, label);
          const t = performance.now();
          inject(record);
          injectMs += performance.now() - t;
          injected++;
        }
        if (now >= end) clearInterval(injector);
      }, 5);

      let last = 0;
      let direction = 1;
      let max = scroller.scrollHeight - scroller.clientHeight;
      const frame = (t: number): void => {
        rendering = true;
        const after = new MessageChannel();
        after.port1.onmessage = () => void (rendering = false);
        after.port2.postMessage(0);
        if (last !== 0) frames.push(t - last);
        last = t;
        if (options.scrollPxPerFrame > 0) {
          // Read back sizes rarely: a read forces layout in the middle of the frame.
          if (frames.length % 30 === 0) max = scroller.scrollHeight - scroller.clientHeight;
          if (scroller.scrollTop >= max - 1) direction = -1;
          else if (scroller.scrollTop <= 0) direction = 1;
          scroller.scrollTop += direction * options.scrollPxPerFrame;
        }
        if (frames.length % 5 === 0) {
          const rows = rowsOf(board).length;
          maxRows = Math.max(maxRows, rows);
          rowTotal += rows;
          rowSamples++;
        }
        if (t < end) requestAnimationFrame(frame);
        else setTimeout(resolve, 200);
      };
      requestAnimationFrame(frame);
    });

    observer.disconnect();
    offChanges();
    scrolled = scroller.scrollTop - scrolledFrom;
    const seconds = (performance.now() - start) / 1000;
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return {
      agents: AGENTS,
      seconds: options.seconds,
      injected,
      injectedPerSecond: injected / options.seconds,
      agentChangesPerSecond: agentChanges / seconds,
      batchesPerSecond: batches / seconds,
      frames,
      maxRowsInDom: maxRows,
      meanRowsInDom: rowSamples === 0 ? 0 : rowTotal / rowSamples,
      eventToDom,
      eventToPaint,
      lost: lost + waiting.size,
      scrolledPx: scrolled,
      jsHeapUsedMB: memory === undefined ? null : memory.usedJSHeapSize / 2 ** 20,
      simulatorMsPerSecond: (spent.simulator - spentBefore.simulator) / seconds,
      // Includes the client's notification of the board, which only notes ids and asks for a frame.
      injectMsPerSecond: injectMs / seconds,
      boardUpdateMsPerSecond: (spent.board - spentBefore.board) / seconds,
      boardUpdatesPerSecond: (spent.boardUpdates - spentBefore.boardUpdates) / seconds,
    };
  },
};
