// A supervisor and one of their agents, each with their own client at the same simulated centre,
// and fw-check-in mounted on either side (fw-check-in's tests and its tree check).
import type { CheckIn, Floorwalk, Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import type { FwCheckInFailedEvent } from '../src/events/fw-check-in-failed.js';
import type { FwCheckInJoinEvent } from '../src/events/fw-check-in-join.js';
import type { FwCheckInLeaveEvent } from '../src/events/fw-check-in-leave.js';
import { FwCheckInHarness } from '../src/components/fw-check-in/fw-check-in.harness.js';
import type { FwCheckIn } from '../src/components/fw-check-in/fw-check-in.js';
import { advanceRendered as advance, createCentre, type Centre } from './centre.js';

// A supervisor over every team who leads no simulated team, so the simulator never acts for them.
const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };
export const HOUR = 3_600_000;
/** The centre's clock at the start of every scene. */
export const START = Date.UTC(2026, 10, 28, 9, 0, 0);

export interface CheckInScene {
  readonly c: Centre;
  readonly lead: Floorwalk;
  readonly agent: Floorwalk;
  readonly agentId: string;
}

/** The lead's centre and the first agent seated. `keep` receives the centre as soon as it exists, for the caller's `afterEach`. */
export async function checkInScene(keep: (c: Centre) => void): Promise<CheckInScene> {
  const c = await createCentre({ session: LEAD });
  keep(c);
  const agentId = c.client.getAgents()[0]!.id;
  const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [...c.client.getAgent(agentId)!.teamIds] });
  return { c, lead: c.client, agent, agentId };
}

export interface MountedCheckIn {
  readonly el: FwCheckIn;
  readonly h: FwCheckInHarness;
  readonly joins: string[];
  /** The `fw-check-in-leave` events heard, by check-in id. */
  readonly leaves: string[];
  readonly failures: FwCheckInFailedEvent[];
}

/** An fw-check-in on `client` (the caller defines the element), with its join, leave and failure events kept. */
export async function mountCheckIn(client: Floorwalk, attrs: { agentId?: string; view?: string; windowMs?: number } = {}): Promise<MountedCheckIn> {
  const el = await fixture<FwCheckIn>(
    html`<fw-check-in .client=${client} .agentId=${attrs.agentId} view=${attrs.view ?? 'auto'} window-ms=${attrs.windowMs ?? 600_000}></fw-check-in>`,
  );
  const joins: string[] = [];
  const leaves: string[] = [];
  const failures: FwCheckInFailedEvent[] = [];
  el.addEventListener('fw-check-in-join', (e: FwCheckInJoinEvent) => joins.push(e.checkInId));
  el.addEventListener('fw-check-in-leave', (e: FwCheckInLeaveEvent) => leaves.push(e.checkInId));
  el.addEventListener('fw-check-in-failed', (e) => failures.push(e));
  return { el, h: new FwCheckInHarness(el), joins, leaves, failures };
}

/** The supervisor proposes through its element and the check-in lands on both sides. */
export async function proposed(s: CheckInScene, sup: MountedCheckIn, at: number, topic?: string): Promise<CheckIn> {
  await sup.h.propose({ at, ...(topic === undefined ? {} : { topic }) });
  await advance(s.c, 300, sup.el);
  const checkIn = s.lead.getCheckIns({ agentId: s.agentId }).find((c) => c.scheduledFor === at);
  expect(checkIn, 'the proposal reached the platform').to.not.equal(undefined);
  return checkIn!;
}
