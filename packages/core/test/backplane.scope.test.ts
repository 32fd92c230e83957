// The backplane as the authority for what it carries (check-ins, coaching sessions and notes,
// help, leases): a client that is stale or lies is held to the platform's roster at the moment of
// the command. A supervisor the platform lists must supervise one of the agent's teams now,
// whatever they own already; a person it lists nowhere comes on their client's word.
//
//   node --experimental-websocket --import tsx --test packages/core/test/backplane.scope.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, FloorwalkError, type Adapter, type Command, type CommandEnvelope } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { agent, centrePlatform, T0 } from './fixtures.js';

const HOUR = 3_600_000;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** The centre's two teams (t1: a1, a2 under sup-1; t2: b1 under sup-2), monitoring with no notice of its own. */
const platform = (clock: ManualClock) => {
  const p = centrePlatform(clock, { id: 'quiet', capabilities: { commands: ['start-monitoring', 'stop-monitoring'], monitoringModes: ['listen', 'barge'], agentSeesMonitoring: false } });
  return { adapter: p.adapter, say: p.emit };
};

let keys = 0;

async function rig() {
  const clock = createManualClock(T0);
  const vendor = platform(clock);
  const backplane = createMemoryBackplane({ broadcast: false });
  const adapter = withBackplane(vendor.adapter, backplane, { clock, monitoringLeaseMs: 10 * HOUR });
  await adapter.connect({ events: () => {}, status: () => {}, error: () => {} });
  await adapter.snapshot();
  const run = (command: Command, by: string): Promise<void> => adapter.execute({ ...command, key: `k${++keys}`, issuedBy: by, issuedAt: clock.now() } as CommandEnvelope);
  const refused = (command: Command, by: string, code: number = ErrorCode.OutOfScope) =>
    assert.rejects(run(command, by), (e: unknown) => e instanceof FloorwalkError && e.code === code && (code !== ErrorCode.OutOfScope || e.details?.['agentId'] === 'a1'), `${command.type} by ${by}`);
  return { clock, vendor, backplane, adapter, run, refused, last: () => `k${keys}` };
}

test('a supervisor the platform lists answers only for agents of their teams: help, notes, sessions and check-ins', async () => {
  const { run, refused, last, adapter } = await rig();
  // sup-2 supervises t2; a1 is in t1.
  await refused({ type: 'add-coaching-note', agentId: 'a1', body: 'not yours' }, 'sup-2');
  await refused({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'x', at: T0 + HOUR, durationMs: 60_000 }, 'sup-2');
  await refused({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + HOUR }, 'sup-2');
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const help = `help-${last()}`;
  await refused({ type: 'acknowledge-help', requestId: help }, 'sup-2');
  await refused({ type: 'resolve-help', requestId: help }, 'sup-2');
  await run({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'x', at: T0 + HOUR, durationMs: 60_000 }, 'sup-1');
  // Another team's listed supervisor no longer passes for an unlisted one (an admin).
  await refused({ type: 'cancel-coaching-session', sessionId: `coaching-${last()}` }, 'sup-2', ErrorCode.Forbidden);
  await run({ type: 'acknowledge-help', requestId: help }, 'sup-1');
  await run({ type: 'add-coaching-note', agentId: 'a1', body: 'well done' }, 'sup-1');
  // A person the platform lists nowhere comes on their client's word, as before.
  await run({ type: 'add-coaching-note', agentId: 'a1', body: 'from qa' }, 'qa-1');
  await adapter.disconnect();
});

test('once the agent has left their teams, a supervisor may close what they own with them on the backplane, not start, accept, move or renew it', async () => {
  const { clock, vendor, backplane, run, refused, last, adapter } = await rig();
  await run({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + HOUR }, 'sup-1');
  const accepted = `checkin-${last()}`;
  await run({ type: 'answer-check-in', checkInId: accepted, answer: 'accepted' }, 'a1');
  await run({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + HOUR }, 'sup-1');
  const countered = `checkin-${last()}`;
  await run({ type: 'counter-check-in', checkInId: countered, scheduledFor: T0 + 2 * HOUR }, 'a1');
  await run({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'empathy', at: T0 + 3 * HOUR, durationMs: 60_000 }, 'sup-1');
  const session = `coaching-${last()}`;
  for (const [id, mode] of [['m-listen', 'listen'], ['m-barge', 'barge']] as const) {
    await run({ type: 'start-monitoring', agentId: 'a1', interactionId: `i-${id}`, mode }, 'sup-1');
    vendor.say({ type: 'monitoring', id: `ev-${id}`, at: clock.now(), source: 'quiet', session: { id, agentId: 'a1', supervisorId: 'sup-1', interactionId: `i-${id}`, mode, startedAt: clock.now() } });
  }
  await settle();
  assert.ok((await backplane.get('lease/m-listen')) !== undefined && (await backplane.get('lease/m-barge')) !== undefined, 'both leased');
  await run({ type: 'renew-monitoring', sessionId: 'm-listen' }, 'sup-1');

  // The platform moves a1 to t2; a client that has not heard yet (or lies) still asks.
  vendor.say({ type: 'agent', id: 'moved', at: clock.now() + 1, source: 'quiet', agent: agent('a1', ['t2']) });
  await settle();
  clock.advanceTo(T0 + HOUR);
  await refused({ type: 'start-check-in', checkInId: accepted }, 'sup-1');
  await refused({ type: 'respond-check-in-counter', checkInId: countered, accept: true }, 'sup-1');
  await refused({ type: 'reschedule-coaching-session', sessionId: session, at: T0 + 4 * HOUR }, 'sup-1');
  await refused({ type: 'renew-monitoring', sessionId: 'm-listen' }, 'sup-1');
  await refused({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 5 * HOUR }, 'sup-1');
  await refused({ type: 'add-coaching-note', agentId: 'a1', body: 'late' }, 'sup-1');
  // Closing stays open, so nothing with someone no longer theirs lingers; a barge keeps its lease.
  await run({ type: 'renew-monitoring', sessionId: 'm-barge' }, 'sup-1');
  await run({ type: 'respond-check-in-counter', checkInId: countered, accept: false }, 'sup-1');
  await run({ type: 'cancel-check-in', checkInId: accepted }, 'sup-1');
  await run({ type: 'cancel-coaching-session', sessionId: session }, 'sup-1');
  // Their new team's supervisor may.
  await run({ type: 'add-coaching-note', agentId: 'a1', body: 'welcome' }, 'sup-2');
  await adapter.disconnect();
});

test('where the platform names no supervisor of the agent\'s teams (Twilio: every team), a supervisor it lists as a worker acts on their client\'s word', async () => {
  const clock = createManualClock(T0);
  const vendor = platform(clock);
  const unnamed = {
    ...vendor.adapter,
    // As Twilio maps Flex: teams name no supervisors, and the supervisor is a worker too, in a team of their own.
    async snapshot() {
      const s = await vendor.adapter.snapshot();
      return { ...s, teams: s.teams!.map((t) => ({ ...t, supervisorIds: [] })), agents: [...s.agents!, agent('sup-w', ['t2'])] };
    },
  } satisfies Adapter;
  const adapter = withBackplane(unnamed, createMemoryBackplane({ broadcast: false }), { clock });
  await adapter.connect({ events: () => {}, status: () => {}, error: () => {} });
  await adapter.snapshot();
  const run = (command: Command): Promise<void> => adapter.execute({ ...command, key: `k${++keys}`, issuedBy: 'sup-w', issuedAt: clock.now() } as CommandEnvelope);
  await run({ type: 'add-coaching-note', agentId: 'a1', body: 'good call' });
  await run({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + HOUR });
  await run({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'x', at: T0 + HOUR, durationMs: 60_000 });
});
