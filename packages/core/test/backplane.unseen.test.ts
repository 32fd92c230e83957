// A raised hand nobody can see: when a team move or a supervisor leaving leaves no supervisor over
// an agent with a hand up, the backplane flags the request `unseen` (and clears it when someone
// can see it again), and re-aims its escalation at the supervisors of the agent's teams now, not
// those of the team it was raised in.
//
//   node --experimental-websocket --import tsx --test packages/core/test/backplane.unseen.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, FloorwalkError, type Command, type CommandEnvelope, type FloorwalkEvent, type HelpRequest, type Team } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane, type WithBackplaneOptions } from '@floorwalk/core/backplane';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { centrePlatform, T0, team } from './fixtures.js';

const MINUTE = 60_000;

let keys = 0;

async function rig(backplane: Backplane, clock: ManualClock, teams: readonly Team[], options: WithBackplaneOptions = {}) {
  const vendor = centrePlatform(clock, { teams });
  const adapter = withBackplane(vendor.adapter, backplane, { clock, helpEscalationMs: MINUTE, ...options });
  const events: FloorwalkEvent[] = [];
  const errors: unknown[] = [];
  await adapter.connect({ events: (batch) => events.push(...batch), status: () => {}, error: (e) => errors.push(e) });
  await adapter.snapshot();
  const run = (command: Command, by: string): Promise<void> => adapter.execute({ ...command, key: `u${++keys}`, issuedBy: by, issuedAt: clock.now() } as CommandEnvelope);
  /** The newest the client was told of a request. */
  const told = (id: string): HelpRequest | undefined =>
    events.flatMap((e) => (e.type === 'help-request' && e.request.id === id ? [e.request] : [])).at(-1);
  return { vendor, adapter, events, errors, run, told, last: () => `help-u${keys}` };
}

type Held = { request: HelpRequest; chain: readonly string[] };
const held = async (backplane: Backplane, id: string): Promise<Held | undefined> => (await backplane.get<Held>(`help/${id}`))?.value;

/** Waits, turn by turn, for what the backplane holds to satisfy `condition`. */
async function until(backplane: Backplane, id: string, condition: (h: Held | undefined) => boolean, what: string): Promise<Held | undefined> {
  for (let turn = 0; turn < 200; turn++) {
    const h = await held(backplane, id);
    if (condition(h)) return h;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never: ${what}`);
}
/** Lets every timer the clock just fired write what it will (no wall time: a bounded number of turns). */
const drain = async (): Promise<void> => {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
};

const TEAMS = [team('t1', ['sup-1']), team('t2', ['sup-2'])];

test('a move to a team nobody supervises flags the hand unseen and stops its escalation; a supervisor arriving clears it and the hand waits on them', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, run, told, last } = await rig(bp, clock, TEAMS);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'refund over my limit' }, 'a1');
  const id = last();
  assert.deepEqual([(await held(bp, id))?.request.assignedTo, (await held(bp, id))?.request.unseen], ['sup-1', undefined]);

  vendor.team(team('t3', []));
  vendor.move('a1', ['t3']);
  const moved = await until(bp, id, (h) => h?.request.unseen === true, 'the hand is flagged unseen');
  assert.deepEqual(moved?.chain, [], 'nobody to escalate to');
  assert.equal(moved?.request.assignedTo, undefined, 'it waits on no one who cannot see it');
  assert.equal(told(id)?.unseen, true, 'the client is told');

  // Escalating round nobody would only write noise.
  clock.advance(5 * MINUTE);
  await drain();
  assert.equal((await held(bp, id))?.request.escalations, undefined, 'no escalation while unseen');

  const back = clock.now();
  vendor.team(team('t3', ['sup-3']));
  const seen = await until(bp, id, (h) => h?.request.unseen === undefined, 'the flag is cleared');
  assert.deepEqual([seen?.request.assignedTo, seen?.chain], ['sup-3', ['sup-3']]);
  assert.equal(told(id)?.unseen, undefined, 'the client is told it is seen again');

  // sup-3 gets a full period from when the hand reached them.
  clock.advanceTo(back + MINUTE - 1);
  await drain();
  assert.equal((await held(bp, id))?.request.escalations, undefined, 'not escalated early');
  clock.advanceTo(back + MINUTE);
  await until(bp, id, (h) => h?.request.escalations === 1, 'escalated a period after');
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test('a move to another team re-aims the escalation at its supervisors, never back at the old team, a full period after the move', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, run, last } = await rig(bp, clock, [team('t1', ['sup-1', 'sup-1b']), team('t2', ['sup-2', 'sup-2b'])]);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const id = last();
  clock.advance(MINUTE);
  await until(bp, id, (h) => h?.request.assignedTo === 'sup-1b', 'the first escalation, in t1');

  clock.advance(MINUTE / 2);
  const movedAt = clock.now();
  vendor.move('a1', ['t2']);
  const moved = await until(bp, id, (h) => h?.request.assignedTo === 'sup-2', 're-aimed at t2');
  assert.deepEqual([moved?.chain, moved?.request.escalations, moved?.request.unseen], [['sup-2', 'sup-2b'], 1, undefined]);

  // Due a period after the last escalation (T0 + 2 min) had it stayed; a period after the move now.
  clock.advanceTo(T0 + 2 * MINUTE);
  await drain();
  assert.equal((await held(bp, id))?.request.assignedTo, 'sup-2', 'the new supervisor gets a full period');
  clock.advanceTo(movedAt + MINUTE);
  await until(bp, id, (h) => h?.request.assignedTo === 'sup-2b', 'escalated within t2');
  clock.advance(MINUTE);
  await until(bp, id, (h) => h?.request.escalations === 3, 'escalated again');
  assert.equal((await held(bp, id))?.request.assignedTo, 'sup-2', 'round t2 only, never back to sup-1');
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test("the only supervisor leaving the team's list flags an acknowledged hand too, and lets it go from them; a hand raised where nobody supervises is unseen from the start", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, run, last } = await rig(bp, clock, TEAMS);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const id = last();
  await run({ type: 'acknowledge-help', requestId: id }, 'sup-1');
  vendor.team(team('t1', []));
  const left = await until(bp, id, (h) => h?.request.unseen === true, 'flagged once sup-1 left');
  // sup-1 no longer sees a1: the hand is theirs no more, and waits, unseen, for whoever can.
  assert.deepEqual([left?.request.state, left?.request.acknowledgedBy, left?.request.assignedTo], ['open', undefined, undefined]);
  type Entry = { action: string; target: Record<string, string> };
  const trail = (await bp.read('audit', { limit: 50 })).map((e) => e.value as Entry);
  assert.deepEqual(
    trail.filter((e) => e.action.startsWith('help.')).map((e) => [e.action, e.target.from, e.target.to]),
    [['help.released', 'sup-1', ''], ['help.unseen', 'sup-1', '']],
  );

  vendor.team(team('t3', []));
  vendor.move('b1', ['t3']);
  await drain();
  await run({ type: 'raise-hand', agentId: 'b1', reason: 'alone here' }, 'b1');
  assert.deepEqual([(await held(bp, last()))?.request.unseen, (await held(bp, last()))?.request.assignedTo], [true, undefined]);
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test("the only team's only supervisor leaving flags the hand: a platform that named supervisors still does when it names none", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, run, last } = await rig(bp, clock, [team('t1', ['sup-1'])]);
  vendor.move('b1', ['t1']);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const id = last();
  vendor.team(team('t1', []));
  await until(bp, id, (h) => h?.request.unseen === true, 'flagged');
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test('where neither the platform nor the host names any supervisor, nothing is flagged: nobody can tell', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, run, last, told } = await rig(bp, clock, [team('t1'), team('t2')]);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const id = last();
  vendor.move('a1', ['t2']);
  await drain();
  assert.equal((await held(bp, id))?.request.unseen, undefined);
  assert.equal(told(id)?.unseen, undefined);
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test('every client hears the move; the first write wins and the others leave it', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const sees = (teamId: string) => (teamId === 't1' ? ['sup-1'] : teamId === 't2' ? [] : undefined);
  const one = await rig(bp, clock, TEAMS, { supervisorsOf: sees });
  const two = await rig(bp, clock, TEAMS, { supervisorsOf: sees });
  await one.run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const id = one.last();
  one.vendor.move('a1', ['t2']);
  two.vendor.move('a1', ['t2']);
  await until(bp, id, (h) => h?.request.unseen === true, "flagged: the host's list names nobody for t2");
  await drain();
  assert.equal((await bp.get(`help/${id}`))?.version, 2, 'raised, then flagged once');
  assert.deepEqual([...one.errors, ...two.errors], []);
  await one.adapter.disconnect();
  await two.adapter.disconnect();
});

test('each re-aim is audited as the platform\'s act: who the hand waits on now and who can see it, when nobody can, and when someone can again', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, events, run, last } = await rig(bp, clock, TEAMS);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'refund over my limit' }, 'a1');
  const id = last();
  vendor.move('a1', ['t2']);
  await until(bp, id, (h) => h?.request.assignedTo === 'sup-2', 're-aimed at t2');
  vendor.team(team('t3', []));
  vendor.move('a1', ['t3']);
  await until(bp, id, (h) => h?.request.unseen === true, 'flagged unseen');
  const back = clock.now();
  vendor.team(team('t3', ['sup-3']));
  await until(bp, id, (h) => h?.request.assignedTo === 'sup-3', 'seen again');
  // A hand raised where nobody supervises: unseen from the start, and so audited.
  vendor.team(team('t4', []));
  vendor.move('b1', ['t4']);
  await drain();
  await run({ type: 'raise-hand', agentId: 'b1', reason: 'alone here' }, 'b1');
  const alone = last();
  await drain();

  type Entry = { action: string; actor: string; subject?: string; at: number; target: Record<string, string> };
  const trail = (await bp.read('audit', { limit: 50 })).map((e) => e.value as Entry);
  const row = (e: Entry) => [e.action, e.actor, e.subject, e.target.requestId, e.target.from, e.target.to, e.target.supervisors];
  assert.deepEqual(trail.filter((e) => e.action.startsWith('help.')).map(row), [
    ['help.reaim', 'backplane', 'a1', id, 'sup-1', 'sup-2', 'sup-2'],
    ['help.unseen', 'backplane', 'a1', id, 'sup-2', '', ''],
    ['help.seen', 'backplane', 'a1', id, '', 'sup-3', 'sup-3'],
    ['help.unseen', 'backplane', 'b1', alone, '', '', ''],
  ]);
  assert.equal(trail.find((e) => e.action === 'help.seen')?.at, back, 'when it happened');
  // The clients read them as the platform's shared trail (the agent's own: they are its subject).
  const told = events.flatMap((e) => (e.type === 'audit' && e.entry.target.requestId === id ? [e.entry.action] : []));
  assert.deepEqual(told, ['help.reaim', 'help.unseen', 'help.seen']);
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test('a taken hand whose taker can no longer see the agent goes back to open, aimed at who can, audited, its escalation re-armed', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, events, run, told, last } = await rig(bp, clock, [team('t1', ['sup-1']), team('t2', ['sup-2', 'sup-2b'])]);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const id = last();
  await run({ type: 'acknowledge-help', requestId: id }, 'sup-1');
  clock.advance(MINUTE / 2);
  const movedAt = clock.now();
  vendor.move('a1', ['t2']);
  const released = await until(bp, id, (h) => h?.request.state === 'open', 'let go of');
  assert.deepEqual(
    [released?.request.assignedTo, released?.request.acknowledgedBy, released?.request.acknowledgedAt, released?.request.unseen, released?.chain],
    ['sup-2', undefined, undefined, undefined, ['sup-2', 'sup-2b']],
  );
  assert.deepEqual([told(id)?.state, told(id)?.acknowledgedBy], ['open', undefined], 'the agent is told nobody has it');
  // sup-1 is refused every action on a1 now; sup-2 can take it.
  await assert.rejects(run({ type: 'resolve-help', requestId: id }, 'sup-1'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.OutOfScope);
  // Its escalation runs again, a full period from the move.
  clock.advanceTo(movedAt + MINUTE - 1);
  await drain();
  assert.equal((await held(bp, id))?.request.escalations, undefined, 'not escalated early');
  clock.advanceTo(movedAt + MINUTE);
  await until(bp, id, (h) => h?.request.assignedTo === 'sup-2b', 'escalated within t2');
  await run({ type: 'acknowledge-help', requestId: id }, 'sup-2b');
  assert.equal((await held(bp, id))?.request.acknowledgedBy, 'sup-2b');

  type Entry = { action: string; actor: string; subject?: string; at: number; target: Record<string, string> };
  const trail = (await bp.read('audit', { limit: 50 })).map((e) => e.value as Entry);
  const released_ = trail.filter((e) => e.action === 'help.released');
  assert.deepEqual(
    released_.map((e) => [e.actor, e.subject, e.at, e.target.requestId, e.target.from, e.target.to, e.target.supervisors]),
    [['backplane', 'a1', movedAt, id, 'sup-1', 'sup-2', 'sup-2,sup-2b']],
  );
  assert.ok(events.some((e) => e.type === 'audit' && e.entry.action === 'help.released'), 'the clients read it');
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test('a taker who can still see the agent keeps the hand: another supervisor leaving, a move into a team they also supervise, an unlisted taker', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { vendor, adapter, errors, run, last } = await rig(bp, clock, [team('t1', ['sup-1', 'sup-1b']), team('t2', ['sup-1b', 'sup-2'])]);
  await run({ type: 'raise-hand', agentId: 'a1', reason: 'stuck' }, 'a1');
  const id = last();
  await run({ type: 'acknowledge-help', requestId: id }, 'sup-1b');
  vendor.team(team('t1', ['sup-1b']));
  await until(bp, id, (h) => h?.chain.join() === 'sup-1b', 're-aimed once sup-1 left');
  vendor.move('a1', ['t2']);
  await until(bp, id, (h) => h?.chain.join() === 'sup-1b,sup-2', 're-aimed after the move');
  assert.deepEqual([(await held(bp, id))?.request.state, (await held(bp, id))?.request.acknowledgedBy], ['acknowledged', 'sup-1b']);

  // A floor lead the platform lists nowhere (an admin) acts on their client's word: nothing here says they lost sight.
  await run({ type: 'raise-hand', agentId: 'b1', reason: 'also stuck' }, 'b1');
  const other = last();
  await run({ type: 'acknowledge-help', requestId: other }, 'lead-1');
  vendor.team(team('t3', ['sup-3']));
  vendor.move('b1', ['t3']);
  await until(bp, other, (h) => h?.request.assignedTo === 'sup-3', 're-aimed at t3');
  assert.deepEqual([(await held(bp, other))?.request.state, (await held(bp, other))?.request.acknowledgedBy], ['acknowledged', 'lead-1']);
  type Entry = { action: string };
  assert.ok(!(await bp.read('audit', { limit: 50 })).some((e) => (e.value as Entry).action === 'help.released'));
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});
