// An agent whose input is counted on a real element, and an admin who turns the activity signal
// on and off, for the element that tells the agent about the signal (fw-activity-notice).
import { createActivityDetector, type ActivitySource, type Floorwalk, type Session } from '@floorwalk/core';
import { createCentre, type Centre } from './centre.js';

export interface ActivityScene {
  readonly c: Centre;
  readonly admin: Floorwalk;
  readonly agent: Floorwalk;
  readonly agentId: string;
  /** The element the agent's input is counted on: the test types on it. */
  readonly pad: HTMLElement;
}

/**
 * A centre with an admin and an agent whose input is counted on `pad`, the signal off as the
 * tenant starts. `keep` receives the centre and the detector as soon as they exist, so the
 * caller's `afterEach` closes the one and stops the other.
 */
export async function activityScene(keep: (c: Centre, detector: ActivitySource) => void): Promise<ActivityScene> {
  const c = await createCentre({ latencyMs: 50 });
  const agentId = c.client.getAgents()[0]!.id;
  const pad = document.createElement('div');
  document.body.append(pad);
  const detector = createActivityDetector(pad);
  keep(c, detector);
  const session: Session = { userId: agentId, role: 'agent', agentId, teamIds: [] };
  const agent = await c.seat(session, { activity: detector });
  const admin = await c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
  return { c, admin, agent, agentId, pad };
}
