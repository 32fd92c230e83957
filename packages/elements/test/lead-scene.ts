// A lead and one of their agents at the same simulated centre, each with their own client, for
// the elements between a lead and an agent (fw-coaching-notes, fw-coaching-sessions, fw-colleague-call),
// and a second lead whose platform can be held.
import { createFloorwalk, type Adapter, type AdapterSink, type Floorwalk, type FloorwalkEvent, type FloorwalkEventType, type Session } from '@floorwalk/core';
import { createCentre, type Centre, type CentreOptions } from './centre.js';

/** A supervisor over every team who leads no simulated team, so the simulator never acts for them. */
export const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };

export interface LeadScene {
  readonly c: Centre;
  /** The centre's own client, signed in as {@link LEAD}. */
  readonly lead: Floorwalk;
  readonly agent: Floorwalk;
  readonly agentId: string;
}

/** The lead's centre and the first agent's seat. `keep` receives the centre as soon as it exists, for `afterEach`. */
export async function leadScene(keep: (c: Centre) => void, options: CentreOptions = {}): Promise<LeadScene> {
  const c = await createCentre({ session: LEAD, ...options });
  keep(c);
  const agentId = c.client.getAgents()[0]!.id;
  const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [...c.client.getAgent(agentId)!.teamIds] });
  return { c, lead: c.client, agent, agentId };
}

/** A second lead whose platform can be slowed, command by command or for one kind of event. */
export interface HeldLead {
  /** Connected, signed in as `lead-b`. */
  readonly client: Floorwalk;
  /** Holds commands from now on: they wait, unanswered, until the function returned lets them (and later ones) through. */
  hold(): () => void;
  /** Holds events of this type from now on; the function returned delivers them, in order, and lets later ones through. */
  holdEvents(type: FloorwalkEventType): () => void;
  /** Rejects commands from now on with `error`, as the platform's adapter would (a 429 as RateLimited, say). */
  refuse(error: Error): void;
}

/**
 * Another lead at the centre, `lead-b`, on a platform that can be held (the simulator
 * acknowledges at once, and its events follow at once, too soon to read the accessibility tree
 * in between): a held command stays pending until released or until the element's own timeout
 * fails it; a held event (a note that has been saved, say) arrives only when released. `keep`
 * receives the client for `afterEach` to disconnect.
 */
export async function heldLead(c: Centre, keep: (client: Floorwalk) => void): Promise<HeldLead> {
  const seat = c.adapter.seat({ person: 'lead-b' });
  let gate: Promise<void> = Promise.resolve();
  const held = new Map<string, FloorwalkEvent[]>();
  let sink: AdapterSink | undefined;
  const adapter: Adapter = {
    id: seat.id,
    capabilities: seat.capabilities,
    ...(seat.clock === undefined ? {} : { clock: seat.clock }),
    connect: (real) => {
      sink = real;
      return seat.connect({
        status: (status, reason) => real.status(status, reason),
        error: (error) => real.error(error),
        events: (batch) => {
          const now = batch.filter((e) => {
            const queue = held.get(e.type);
            queue?.push(e);
            return queue === undefined;
          });
          if (now.length > 0) real.events(now);
        },
      });
    },
    snapshot: () => seat.snapshot(),
    execute: async (command) => {
      await gate;
      return seat.execute(command);
    },
    disconnect: () => seat.disconnect(),
  };
  const client = createFloorwalk({ adapter, clock: c.clock, session: { userId: 'lead-b', role: 'supervisor', teamIds: 'all' } });
  keep(client);
  await client.connect();
  return {
    client,
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    refuse(error) {
      gate = Promise.reject(error);
      // Nothing may be sent before a test asks: a rejection no command awaited is not a failure.
      gate.catch(() => undefined);
    },
    holdEvents(type) {
      held.set(type, []);
      return () => {
        const queue = held.get(type) ?? [];
        held.delete(type);
        if (queue.length > 0) sink?.events(queue);
      };
    },
  };
}

/**
 * `lead-b` (see {@link heldLead}) on a platform that takes commands and never answers them, so
 * a request stays pending until the element's own timeout fails it.
 */
export async function silentLead(c: Centre, keep: (client: Floorwalk) => void): Promise<Floorwalk> {
  const lead = await heldLead(c, keep);
  lead.hold();
  return lead.client;
}
