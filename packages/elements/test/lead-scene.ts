// A lead and one of their agents at the same simulated centre, each with their own client, for
// the elements between a lead and an agent (fw-coaching-notes, fw-coaching-sessions, fw-colleague-call).
import { createFloorwalk, type Adapter, type Floorwalk, type Session } from '@floorwalk/core';
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

/**
 * Another lead at the centre, `lead-b`, whose platform takes commands and never answers them
 * (the simulator acknowledges at once, too soon to read the accessibility tree in between), so a
 * request stays pending until the element's own timeout fails it. Connected; `keep` receives it
 * for `afterEach` to disconnect.
 */
export async function silentLead(c: Centre, keep: (client: Floorwalk) => void): Promise<Floorwalk> {
  const seat = c.adapter.seat({ person: 'lead-b' });
  const silent: Adapter = {
    id: seat.id,
    capabilities: seat.capabilities,
    ...(seat.clock === undefined ? {} : { clock: seat.clock }),
    connect: (sink) => seat.connect(sink),
    snapshot: () => seat.snapshot(),
    execute: () => new Promise<void>(() => {}),
    disconnect: () => seat.disconnect(),
  };
  const client = createFloorwalk({ adapter: silent, clock: c.clock, session: { userId: 'lead-b', role: 'supervisor', teamIds: 'all' } });
  keep(client);
  await client.connect();
  return client;
}
