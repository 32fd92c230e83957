// A simulated contact centre for element tests: the real simulator adapter and the real client,
// on a manual clock so that tests move time exactly and nothing depends on the machine's speed.
import { createFloorwalk, type ActivitySource, type AdapterSink, type FloorwalkOptions, type Floorwalk, type FloorwalkEvent, type Interaction, type Session } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter, type SimulatorAdapter, type SimulatorOptions } from '@floorwalk/adapters/simulator';
import { simulatorTestHooks } from '../../adapters/src/simulator/simulator.js';
import { plain } from './isolates.js';

export interface Centre {
  readonly adapter: SimulatorAdapter;
  readonly clock: ManualClock;
  readonly client: Floorwalk;
  /** Moves simulated time on and lets the resulting batches and renders settle. */
  advance(ms: number): Promise<void>;
  /**
   * Reports the link as the network would: `reconnecting` or `offline` while it is down, `live`
   * when it is back (the client then resyncs from a snapshot, as after a real outage).
   */
  link(status: 'live' | 'reconnecting' | 'offline'): void;
  /** `link` for a seat's own network: an agent at home on a flaky link. */
  linkSeat(seat: Floorwalk, status: 'live' | 'reconnecting' | 'offline'): void;
  /**
   * Delivers canonical events as the adapter would (an agent renamed, a queue relabelled), for
   * data the simulator never makes; then lets the result render.
   */
  emit(events: readonly FloorwalkEvent[]): Promise<void>;
  /** Another client at the same centre (an agent beside the supervisor), connected; `close` ends it. */
  seat(session: Session, options?: Pick<FloorwalkOptions, 'activity' | 'outbox'>): Promise<Floorwalk>;
  /** Disconnects the centre's client and every seat. */
  close(): Promise<void>;
}

export interface CentreOptions {
  readonly agents?: number;
  readonly seed?: number;
  /** Default: a supervisor over every team. */
  readonly session?: Session;
  /** Simulated delay before a command's effect shows. Default 150 ms. */
  readonly latencyMs?: number;
  /** A more limited platform, e.g. `{ monitoringModes: ['listen', 'barge'] }`. */
  readonly capabilities?: SimulatorOptions['capabilities'];
  /** `false`: the supervisor's client is told the platform shows agents no monitoring session (as Amazon Connect's). */
  readonly agentSeesMonitoring?: boolean;
  /** `true`: the client is told monitoring started in the platform's own tools may reach no agent (as `withBackplane` over Amazon Connect says). */
  readonly outsideMonitoringUntold?: boolean;
}

/** Lets queued microtasks and one animation frame run, so Lit has rendered what changed. */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Creates and connects a centre. Disconnect its client in `afterEach`. */
export async function createCentre(options: CentreOptions = {}): Promise<Centre> {
  const clock = createManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
  const adapter = createSimulatorAdapter({
    agents: options.agents ?? 24,
    seed: options.seed ?? 7,
    clock,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
  });
  // The simulator never loses its network, so the test plays the network: the adapter's sink is
  // caught on connect and its status reports are made by `link`.
  let sink: AdapterSink | undefined;
  const linked: SimulatorAdapter = {
    ...adapter,
    id: adapter.id,
    capabilities: {
      ...adapter.capabilities,
      ...(options.agentSeesMonitoring === undefined ? {} : { agentSeesMonitoring: options.agentSeesMonitoring }),
      ...(options.outsideMonitoringUntold === undefined ? {} : { outsideMonitoringUntold: options.outsideMonitoringUntold }),
    },
    clock: adapter.clock,
    connect: (s) => {
      sink = s;
      return adapter.connect(s);
    },
    snapshot: () => adapter.snapshot(),
    execute: (command) => adapter.execute(command),
    disconnect: () => adapter.disconnect(),
  };
  const client = createFloorwalk({
    adapter: linked,
    clock,
    // The client sees every team, but the simulator lists sup-1 as team-1's supervisor and refuses
    // them commands on other teams' agents (OutOfScope), as a platform would: a test acting across
    // teams passes a session of its own, such as an unlisted floor lead.
    session: options.session ?? { userId: 'sup-1', role: 'supervisor', teamIds: 'all' },
  });
  await client.connect();
  const seats: Floorwalk[] = [];
  const seatSinks = new Map<Floorwalk, { sink?: AdapterSink }>();
  return {
    adapter,
    clock,
    client,
    async advance(ms: number) {
      clock.advance(ms);
      await settle();
    },
    link(status) {
      sink?.status(status);
    },
    linkSeat(seat, status) {
      seatSinks.get(seat)?.sink?.status(status);
    },
    async emit(events) {
      sink?.events(events);
      await settle();
    },
    async seat(session, options = {}) {
      // A seat is a person: the simulation never answers, confirms or chats in their place.
      const own = adapter.seat({ person: session.agentId ?? session.userId });
      const caught: { sink?: AdapterSink } = {};
      const connect = own.connect.bind(own);
      const seat = createFloorwalk({ adapter: Object.assign(own, { connect: (s: AdapterSink) => connect((caught.sink = s)) }), clock, session, ...options });
      seatSinks.set(seat, caught);
      seats.push(seat);
      await seat.connect();
      return seat;
    },
    async close() {
      for (const seat of seats.splice(0)) await seat.disconnect();
      await client.disconnect();
    },
  };
}

/**
 * Moves the centre's time on and waits for the elements to render what it brought, twice: a
 * command's effect arrives a batch after the event that caused it.
 */
export async function advanceRendered(c: Centre, ms: number, ...els: readonly { readonly updateComplete: Promise<unknown> }[]): Promise<void> {
  await c.advance(ms);
  for (const el of els) await el.updateComplete;
  await c.advance(0);
  for (const el of els) await el.updateComplete;
}

/** The text of an element's own live region of the given politeness (what it announced last), as wording: without isolates (isolates.ts). */
export const liveText = (el: Element, politeness: 'polite' | 'assertive'): string => plain(el.shadowRoot?.querySelector(`[aria-live="${politeness}"]`)?.textContent ?? '');

/**
 * The most recently connected interaction that has an agent (and passes `also`), so it outlasts
 * a test's few simulated minutes; undefined when nobody is on one.
 */
export function newestCall(client: Floorwalk, also: (i: Interaction) => boolean = () => true): Interaction | undefined {
  return client
    .getInteractions({ state: 'connected' })
    .filter((i) => i.agentId !== undefined && also(i))
    .sort((a, b) => (b.connectedAt ?? 0) - (a.connectedAt ?? 0))[0];
}

/** Counts an element's renders from now on: `renders.count`. */
export function countRenders(el: Element): { readonly count: number } {
  const counted = { count: 0 };
  const host = el as unknown as { render(): unknown };
  const render = host.render.bind(el);
  host.render = () => {
    counted.count++;
    return render();
  };
  return counted;
}

/** Moves an agent between break and meal (a presence change as the vendor sends it), then lets `el` render. */
export async function flipPresence(c: Centre, agentId: string, el: { readonly updateComplete: Promise<unknown> }): Promise<void> {
  const now = c.client.getAgent(agentId)?.presence.state;
  simulatorTestHooks(c.adapter).injectRaw({ type: 'presence', agentId, presence: { state: now === 'break' ? 'meal' : 'break', since: c.clock.now() } });
  await settle();
  await el.updateComplete;
}
