// A simulated centre run on until some queue has people waiting, for the elements that show
// queue figures (fw-queue-stats): breaks bunch up and queues grow within simulated minutes.
import type { Queue } from '@floorwalk/core';
import { expect } from '@open-wc/testing';
import { createCentre, type Centre } from './centre.js';

/** Moves simulated time on in steps until `found` holds; fails the test if it never does. */
export async function until(c: Centre, found: () => boolean, stepMs = 20_000, steps = 90): Promise<void> {
  for (let i = 0; i < steps && !found(); i++) await c.advance(stepMs);
  expect(found(), 'the simulated centre got there').to.equal(true);
}

/**
 * A centre of 24 agents where some queue has someone waiting. `keep` receives the centre as
 * soon as it exists, so the caller's `afterEach` closes it even when the wait fails.
 */
export async function busyCentre(keep: (c: Centre) => void): Promise<{ c: Centre; waitingQueue: () => Queue | undefined }> {
  const c = await createCentre({ agents: 24 });
  keep(c);
  const waitingQueue = (): Queue | undefined => c.client.getQueues().find((q) => q.stats.waiting > 0 && q.stats.oldestWaitingSince !== null);
  await until(c, () => waitingQueue() !== undefined);
  return { c, waitingQueue };
}
