import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ROLE_PERMISSIONS, ErrorCode, FloorwalkError, type PolicyOptions, type Session } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations, scoreEvaluation, wholeScore, type Scorecard } from '@floorwalk/core/evaluations';
import { createManualClock } from '@floorwalk/core/testing';
import { T0, untypedFailures, withoutRandomUUID } from './fixtures.js';

/*
 * Weights 2 + 1 + 3 + 2 = 8 points.
 * - greet (yes-no, 2), empathy (scale 0-4, 1), resolve (scale 0-5, 3), verify (yes-no, 2, critical).
 */
const card: Scorecard = {
  id: 'calls',
  name: 'Voice calls',
  criteria: [
    { id: 'greet', label: 'Greeted the customer', kind: 'yes-no', weight: 2 },
    { id: 'empathy', label: 'Empathy', kind: 'scale', weight: 1, scaleMax: 4 },
    { id: 'resolve', label: 'Resolved the issue', kind: 'scale', weight: 3 },
    { id: 'verify', label: 'Verified identity', kind: 'yes-no', weight: 2, critical: true },
  ],
};

const isCode = (code: number) => (e: unknown) => e instanceof FloorwalkError && e.code === code;

test('score: weighted points over the applicable criteria', () => {
  // greet yes 2 + empathy 3/4 × 1 = 0.75 + resolve 4/5 × 3 = 2.4 + verify yes 2 = 7.15 of 8.
  const r = scoreEvaluation(card, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
  assert.equal(r.maxPoints, 8);
  assert.ok(Math.abs(r.points - 7.15) < 1e-9);
  assert.ok(Math.abs((r.score as number) - 89.375) < 1e-9, `${r.score} is 7.15 / 8 × 100`);
  assert.deepEqual(r.criticalFailed, []);
});

test('score: not applicable leaves a criterion out of both sides', () => {
  // greet n.a.: 0.75 + 2.4 + 2 = 5.15 of 6.
  const r = scoreEvaluation(card, { greet: 'na', empathy: 3, resolve: 4, verify: 'yes' });
  assert.equal(r.maxPoints, 6);
  assert.ok(Math.abs((r.score as number) - (5.15 / 6) * 100) < 1e-9);
});

test('score: a failed critical criterion zeroes the score but keeps the points', () => {
  // Everything else perfect: 2 + 1 + 3 = 6 of 8, yet verify failed.
  const r = scoreEvaluation(card, { greet: 'yes', empathy: 4, resolve: 5, verify: 'no' });
  assert.equal(r.score, 0);
  assert.equal(r.points, 6);
  assert.deepEqual(r.criticalFailed, ['verify']);
});

test('score: bad answers are typed errors', () => {
  assert.throws(() => scoreEvaluation(card, { greet: 'yes', empathy: 5, resolve: 4, verify: 'yes' }), isCode(ErrorCode.InvalidArgument), 'empathy goes to 4');
  assert.throws(() => scoreEvaluation(card, { greet: 'yes', empathy: 3, resolve: 4 }), isCode(ErrorCode.InvalidArgument), 'verify unanswered');
  assert.throws(() => scoreEvaluation(card, { greet: 'yes', empathy: 3, resolve: 4, verify: 'na' }), isCode(ErrorCode.InvalidArgument), 'critical cannot be n.a.');
  assert.throws(() => scoreEvaluation(card, { greet: 'maybe' as 'yes', empathy: 3, resolve: 4, verify: 'yes' }), isCode(ErrorCode.InvalidArgument));
  assert.throws(() => scoreEvaluation(card, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes', extra: 'yes' }), isCode(ErrorCode.InvalidArgument));
  assert.throws(() => scoreEvaluation({ ...card, criteria: [{ id: 'x', label: 'x', kind: 'yes-no', weight: 0 }] }, { x: 'yes' }), isCode(ErrorCode.InvalidArgument));
  assert.equal(scoreEvaluation({ ...card, criteria: [{ id: 'x', label: 'x', kind: 'yes-no', weight: 1 }] }, { x: 'na' }).score, null);
});

/** Team t1 holds a1 and a2; t2 holds b1. */
const teams: Record<string, string[]> = { a1: ['t1'], a2: ['t1'], b1: ['t2'] };
const qaSession: Session = { userId: 'qa-1', role: 'qa', teamIds: ['t1'] };
const supSession: Session = { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] };
const agentSession: Session = { userId: 'a1', role: 'agent', agentId: 'a1', teamIds: ['t1'] };

function centre() {
  const backplane = createMemoryBackplane({ broadcast: false });
  const clock = createManualClock(T0);
  let n = 0;
  const make = (session: Session, policy?: PolicyOptions) => createEvaluations({ backplane, session, clock, teamsOf: (id) => teams[id] ?? [], newId: () => `id-${++n}`, ...(policy ? { policy } : {}) });
  return { clock, qa: make(qaSession), sup: make(supSession), agent: make(agentSession), other: make({ userId: 'a2', role: 'agent', teamIds: ['t1'] }), make };
}

test('every method of the service, called from JavaScript with arguments of any type, answers or fails with a FloorwalkError', async () => {
  const { qa } = centre();
  const methods = Object.keys(qa).filter((k) => typeof (qa as unknown as Record<string, unknown>)[k] === 'function' && k !== 'subscribe');
  assert.ok(methods.length >= 10, `the service's methods were found (${methods.length})`);
  assert.deepEqual(await untypedFailures(qa, methods), []);
});

test('a QA session scores an interaction; the agent sees it only once released, then acknowledges it', async () => {
  const { qa, agent, clock } = centre();
  await qa.defineScorecard(card);
  const heard: number[] = [];
  agent.subscribe(() => heard.push(clock.now()));
  const draft = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-1', agentId: 'a1', answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
  assert.equal(draft.state, 'draft');
  assert.ok(Math.abs((draft.score as number) - 89.375) < 1e-9);
  assert.deepEqual(await agent.getEvaluations(), [], 'drafts are the evaluator\'s');
  await assert.rejects(agent.acknowledge(draft.id), isCode(ErrorCode.UnknownEntity));
  clock.advance(60_000);
  const released = await qa.release(draft.id);
  assert.equal(released.releasedAt, T0 + 60_000);
  const mine = await agent.getEvaluations();
  assert.deepEqual(mine.map((e) => [e.id, e.state]), [[draft.id, 'released']]);
  const acked = await agent.acknowledge(draft.id, 'Thanks');
  assert.equal(acked.state, 'acknowledged');
  assert.equal(acked.agentComment, 'Thanks');
  assert.equal((await qa.getEvaluations({ agentId: 'a1' }))[0]?.state, 'acknowledged', 'the evaluator sees the answer');
  await assert.rejects(agent.dispute(draft.id, 'too late'), isCode(ErrorCode.Conflict), 'an answered evaluation is settled');
  assert.ok(heard.length >= 3, 'the agent heard the draft, the release and the answer');
});

test('a dispute needs a comment; the evaluator revises and re-releases it', async () => {
  const { qa, agent } = centre();
  await qa.defineScorecard(card);
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-2', agentId: 'a1', answers: { greet: 'yes', empathy: 4, resolve: 5, verify: 'no' } });
  assert.equal(e.score, 0, 'a critical failure');
  await qa.release(e.id);
  await assert.rejects(agent.dispute(e.id, '  '), isCode(ErrorCode.InvalidArgument));
  const disputed = await agent.dispute(e.id, 'I did verify: see 02:10 in the recording');
  assert.equal(disputed.state, 'disputed');
  const revised = await qa.revise(e.id, { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' });
  assert.equal(revised.score, 100);
  assert.equal((await qa.release(e.id)).state, 'released');
});

test('permissions: agents answer only their own, evaluators stay within their teams', async () => {
  const { qa, sup, agent, other } = centre();
  await assert.rejects(sup.defineScorecard(card), isCode(ErrorCode.Forbidden), 'supervisors use scorecards, QA defines them');
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  await assert.rejects(agent.evaluate({ scorecardId: 'calls', interactionId: 'i-3', agentId: 'a1', answers }), isCode(ErrorCode.Forbidden));
  await assert.rejects(qa.evaluate({ scorecardId: 'calls', interactionId: 'i-3', agentId: 'b1', answers }), isCode(ErrorCode.OutOfScope));
  await assert.rejects(qa.evaluate({ scorecardId: 'nope', interactionId: 'i-3', agentId: 'a1', answers }), isCode(ErrorCode.UnknownEntity));
  const bySup = await sup.evaluate({ scorecardId: 'calls', interactionId: 'i-3', agentId: 'a2', answers });
  await sup.release(bySup.id);
  assert.deepEqual(await agent.getEvaluations(), [], 'a1 does not see a2\'s');
  await assert.rejects(agent.acknowledge(bySup.id), isCode(ErrorCode.UnknownEntity));
  assert.equal((await other.acknowledge(bySup.id)).state, 'acknowledged');
  await assert.rejects(qa.revise(bySup.id, answers), isCode(ErrorCode.Forbidden), 'only its evaluator revises');
});

test('a one-to-one review gathers released evaluations, notes and figures; both sides see it and work the actions', async () => {
  const { qa, sup, agent, other, clock } = centre();
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const released = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-4', agentId: 'a1', answers });
  await qa.release(released.id);
  await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-5', agentId: 'a1', answers }); // still a draft
  clock.advance(3_600_000);
  await assert.rejects(agent.startReview({ agentId: 'a1', from: T0, to: clock.now() }), isCode(ErrorCode.Forbidden));
  const review = await sup.startReview({ agentId: 'a1', from: T0, to: clock.now(), figures: { handled: 12, avgHandleMs: 240_000 }, notes: ['Good call control'] });
  assert.deepEqual(review.evaluationIds, [released.id], 'released evaluations only');
  assert.deepEqual(review.figures, { handled: 12, avgHandleMs: 240_000 });
  const withAction = await sup.addAction(review.id, 'Shadow a senior agent on billing calls', 'agent');
  const action = withAction.actions[0]!;
  assert.deepEqual((await agent.getReviews()).map((r) => r.id), [review.id], 'the agent sees the same review');
  assert.deepEqual(await other.getReviews(), [], 'other agents do not');
  await assert.rejects(agent.addAction(review.id, 'x', 'agent'), isCode(ErrorCode.Forbidden));
  const done = await agent.completeAction(review.id, action.id);
  assert.equal(done.actions[0]?.done, true, 'the agent completes their own action');
  const closed = await sup.closeReview(review.id);
  assert.equal(closed.state, 'closed');
  await assert.rejects(sup.addAction(review.id, 'late', 'reviewer'), isCode(ErrorCode.Conflict));
});

test("who reads a one-to-one review (docs/security.md): the agent, and every supervisor, analyst and admin of the agent's teams, not only its reviewer", async () => {
  const { sup, qa, agent, other, make } = centre();
  const review = await sup.startReview({ agentId: 'a1', from: T0, to: T0 + 1, notes: ['Good call control'] });
  const reads = async (e: ReturnType<typeof make>): Promise<string[]> => (await e.getReviews()).map((r) => r.id);
  assert.deepEqual(await reads(agent), [review.id], 'the agent it is about');
  assert.deepEqual(await reads(qa), [review.id], "an analyst of the agent's team");
  assert.deepEqual(await reads(make({ userId: 'sup-2', role: 'supervisor', teamIds: ['t1'] })), [review.id], "another supervisor of the agent's team");
  assert.deepEqual(await reads(make({ userId: 'admin-1', role: 'admin', teamIds: 'all' })), [review.id], 'an admin of every team');
  assert.deepEqual(await reads(make({ userId: 'sup-3', role: 'supervisor', teamIds: ['t2'] })), [], "not a supervisor of another team");
  assert.deepEqual(await reads(other), [], 'not another agent of the team');
  // Reading is not writing: only the reviewer records and closes.
  await assert.rejects(qa.addAction(review.id, 'x', 'agent'), isCode(ErrorCode.Forbidden));
  await assert.rejects(make({ userId: 'sup-2', role: 'supervisor', teamIds: ['t1'] }).closeReview(review.id), isCode(ErrorCode.Forbidden));
  // Scope is read at each call: the agent moves to t2, and the review goes with them.
  teams['a1'] = ['t2'];
  try {
    assert.deepEqual(await reads(sup), [], 'the reviewer no longer reads it');
    await assert.rejects(sup.closeReview(review.id), isCode(ErrorCode.UnknownEntity));
    assert.deepEqual(await reads(make({ userId: 'sup-3', role: 'supervisor', teamIds: ['t2'] })), [review.id], "the agent's new team's supervisor does");
  } finally {
    teams['a1'] = ['t1'];
  }
});

test('the session is exposed for views, and a throwing listener neither fails the write nor silences the others', async () => {
  const backplane = createMemoryBackplane({ broadcast: false });
  const errors: unknown[] = [];
  const qa = createEvaluations({ backplane, session: qaSession, teamsOf: (id) => teams[id] ?? [], onError: (e) => errors.push(e) });
  assert.equal(qa.session, qaSession);
  await qa.defineScorecard(card);
  let heard = 0;
  qa.subscribe(() => {
    throw new Error('a broken view');
  });
  qa.subscribe(() => heard++);
  const draft = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-9', agentId: 'a1', answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
  assert.equal(draft.state, 'draft', 'the write resolved');
  assert.equal(heard, 1);
  assert.equal(errors.length, 1);
  assert.equal((await qa.getEvaluations())[0]?.id, draft.id);
});

test('what a caller reads is a copy: editing it does not change the stored record', async () => {
  const { qa } = centre();
  await qa.defineScorecard(card);
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-10', agentId: 'a1', answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
  const [read] = await qa.getEvaluations();
  (read!.answers as Record<string, unknown>)['greet'] = 'no';
  (read as { state: string }).state = 'released';
  const [again] = await qa.getEvaluations();
  assert.equal(again?.answers['greet'], 'yes');
  assert.equal(again?.state, 'draft');
  assert.equal(again?.id, e.id);
});

test('two people changing one evaluation at once: the second is told (Conflict), the first change stands', async () => {
  const { qa, sup } = centre();
  await qa.defineScorecard(card);
  const draft = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-11', agentId: 'a1', answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
  // The supervisor releases while the evaluator revises: both read the draft, then both write.
  const [revised, released] = await Promise.allSettled([qa.revise(draft.id, { greet: 'no', empathy: 3, resolve: 4, verify: 'yes' }), sup.release(draft.id)]);
  assert.equal(released.status, 'fulfilled');
  assert.equal(revised.status, 'rejected');
  assert.ok(isCode(ErrorCode.Conflict)((revised as PromiseRejectedResult).reason), 'the revision was refused, not written over the release');
  const [now] = await qa.getEvaluations();
  assert.equal(now?.state, 'released', 'the release was not undone');
  assert.equal(now?.answers['greet'], 'yes');
});

test('a disputed evaluation being revised: the agent keeps seeing what was released until it is released again', async () => {
  const { qa, agent } = centre();
  await qa.defineScorecard(card);
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-12', agentId: 'a1', answers: { greet: 'yes', empathy: 4, resolve: 5, verify: 'no' }, comment: 'Identity not checked' });
  await qa.release(e.id);
  await agent.dispute(e.id, 'I did verify');
  await qa.revise(e.id, { greet: 'no', empathy: 1, resolve: 2, verify: 'yes' }, 'Half-finished second look');
  const [seen] = await agent.getEvaluations();
  assert.equal(seen?.state, 'disputed');
  assert.equal(seen?.score, 0, 'the released score, not the unreleased revision');
  assert.equal(seen?.answers['greet'], 'yes');
  assert.equal(seen?.comment, 'Identity not checked');
  assert.ok(!('shown' in (seen ?? {})), 'nothing of the revision reaches the agent');
  const [mine] = await qa.getEvaluations();
  assert.equal(mine?.answers['greet'], 'no', 'the evaluator sees the revision');
  await qa.release(e.id);
  const [after] = await agent.getEvaluations();
  assert.equal(after?.state, 'released');
  assert.equal(after?.answers['greet'], 'no', 'released: now the agent sees it');
  assert.equal(after?.comment, 'Half-finished second look');
  // Released without a comment, revised with one: the comment waits for the release too.
  const quiet = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-16', agentId: 'a1', answers: { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' } });
  await qa.release(quiet.id);
  await agent.dispute(quiet.id, 'Why?');
  await qa.revise(quiet.id, { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' }, 'Draft note');
  assert.equal((await agent.getEvaluations()).find((x) => x.id === quiet.id)?.comment, undefined);
});

test('a scorecard changed after an evaluation: the evaluation keeps the form it was made with, and is revised against it', async () => {
  const { qa, agent } = centre();
  await qa.defineScorecard(card);
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-13', agentId: 'a1', answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
  await qa.release(e.id);
  // Version 2 drops empathy, reweighs resolve and adds a critical criterion.
  await qa.defineScorecard({
    ...card,
    criteria: [card.criteria[0]!, { ...card.criteria[2]!, weight: 10 }, card.criteria[3]!, { id: 'close', label: 'Closed the call', kind: 'yes-no', weight: 1, critical: true }],
  });
  const [seen] = await agent.getEvaluations();
  assert.deepEqual(seen?.scorecard?.criteria.map((c) => c.id), ['greet', 'empathy', 'resolve', 'verify'], 'the agent reads it against the form it was scored on');
  await agent.dispute(e.id, 'Empathy was better than that');
  const revised = await qa.revise(e.id, { greet: 'yes', empathy: 4, resolve: 4, verify: 'yes' });
  // 2 + 1 + 2.4 + 2 = 7.4 of 8 on version 1; version 2 would refuse the answers (no empathy, no close).
  assert.ok(Math.abs((revised.score as number) - 92.5) < 1e-9, `${revised.score}`);
  const fresh = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-14', agentId: 'a1', answers: { greet: 'yes', resolve: 5, verify: 'yes', close: 'yes' } });
  assert.equal(fresh.score, 100, 'a new evaluation uses the new form');
});

test('every step of an evaluation is kept on it, with who and when, and the dispute survives the re-release', async () => {
  const { qa, sup, agent, clock } = centre();
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-15', agentId: 'a1', answers });
  clock.advance(1_000);
  await qa.revise(e.id, { ...answers, greet: 'no' });
  clock.advance(1_000);
  await sup.release(e.id);
  clock.advance(1_000);
  await agent.dispute(e.id, 'I greeted them');
  clock.advance(1_000);
  await qa.revise(e.id, answers);
  clock.advance(1_000);
  await qa.release(e.id);
  clock.advance(1_000);
  await agent.acknowledge(e.id, 'Thanks');
  const [done] = await qa.getEvaluations();
  assert.deepEqual(done?.history, [
    { action: 'evaluate', by: 'qa-1', at: T0 },
    { action: 'revise', by: 'qa-1', at: T0 + 1_000 },
    { action: 'release', by: 'sup-1', at: T0 + 2_000 },
    { action: 'dispute', by: 'a1', at: T0 + 3_000, comment: 'I greeted them' },
    { action: 'revise', by: 'qa-1', at: T0 + 4_000 },
    { action: 'release', by: 'qa-1', at: T0 + 5_000 },
    { action: 'acknowledge', by: 'a1', at: T0 + 6_000, comment: 'Thanks' },
  ]);
  const [theirs] = await agent.getEvaluations();
  assert.deepEqual(theirs?.history?.map((s) => s.action), ['evaluate', 'release', 'dispute', 'release', 'acknowledge'], 'an agent is not shown the evaluator\'s unreleased revisions');
});

test('revising with an empty comment removes the comment; leaving it out keeps it', async () => {
  const { qa } = centre();
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-17', agentId: 'a1', answers, comment: 'Rude at the close' });
  assert.equal((await qa.revise(e.id, answers)).comment, 'Rude at the close', 'no comment given: unchanged');
  const cleared = await qa.revise(e.id, answers, '  ');
  assert.ok(!('comment' in cleared), 'an empty comment clears it');
  assert.ok(!('comment' in (await qa.getEvaluations())[0]!));
});

test('wholeScore: the percentage to show is rounded down, never up to a perfect 100, and a float a hair under a whole number is that number', () => {
  assert.equal(wholeScore(99.6), 99);
  assert.equal(wholeScore(99.999), 99);
  assert.equal(wholeScore(100), 100);
  assert.equal(wholeScore(89.375), 89);
  assert.equal(wholeScore(0), 0);
  assert.equal(wholeScore(79.99999999999999), 80);
  const r = scoreEvaluation({ id: 'n', name: 'n', criteria: [{ id: 'a', label: 'a', kind: 'yes-no', weight: 99 }, { id: 'b', label: 'b', kind: 'scale', weight: 1 }] }, { a: 'yes', b: 3 });
  assert.equal(wholeScore(r.score as number), 99);
});

test('one evaluator revising a draft in two tabs: a revision based on what was read before the other tab saved is refused (Conflict), not written over it', async () => {
  const { qa, make } = centre();
  const tab = make(qaSession);
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const draft = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-18', agentId: 'a1', answers });
  // Both tabs open the draft in their form.
  const [here] = await qa.getEvaluations();
  const [there] = await tab.getEvaluations();
  await qa.revise(draft.id, { ...answers, greet: 'no' }, 'First tab', here);
  await assert.rejects(tab.revise(draft.id, { ...answers, resolve: 1 }, 'Second tab', there), isCode(ErrorCode.Conflict));
  const [now] = await qa.getEvaluations();
  assert.equal(now?.answers['greet'], 'no', 'the first revision stands');
  assert.equal(now?.comment, 'First tab');
  // Read again, the second tab may revise.
  const [fresh] = await tab.getEvaluations();
  assert.equal((await tab.revise(draft.id, { ...answers, resolve: 1 }, 'Second tab', fresh)).answers['resolve'], 1);
});

test('subscribers hear a scorecard redefined, so an open form shows the card a save will be scored on', async () => {
  const { qa, sup } = centre();
  await qa.defineScorecard(card);
  let heard = 0;
  sup.subscribe(() => heard++);
  await qa.defineScorecard({ ...card, criteria: card.criteria.map((c) => ({ ...c, weight: 1 })) });
  assert.equal(heard, 1);
});

test('an evaluator who is also an agent cannot evaluate themselves', async () => {
  const backplane = createMemoryBackplane({ broadcast: false });
  const lead = createEvaluations({ backplane, session: { userId: 'a2', role: 'supervisor', agentId: 'a2', teamIds: ['t1'] }, teamsOf: (id) => teams[id] ?? [] });
  const qa = createEvaluations({ backplane, session: qaSession, teamsOf: (id) => teams[id] ?? [] });
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' } as const;
  await assert.rejects(lead.evaluate({ scorecardId: 'calls', interactionId: 'i-19', agentId: 'a2', answers }), isCode(ErrorCode.Forbidden));
  assert.equal((await lead.evaluate({ scorecardId: 'calls', interactionId: 'i-20', agentId: 'a1', answers })).state, 'draft', 'others in the team, yes');
});

test('comments are text: trimmed, and anything else is refused', async () => {
  const { qa, agent } = centre();
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' } as const;
  await assert.rejects(qa.evaluate({ scorecardId: 'calls', interactionId: 'i-21', agentId: 'a1', answers, comment: 42 as unknown as string }), isCode(ErrorCode.InvalidArgument));
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-21', agentId: 'a1', answers, comment: '  Good  ' });
  assert.equal(e.comment, 'Good');
  await qa.release(e.id);
  await assert.rejects(agent.acknowledge(e.id, { text: 'hi' } as unknown as string), isCode(ErrorCode.InvalidArgument));
  assert.equal((await agent.acknowledge(e.id, ' Thanks ')).agentComment, 'Thanks');
});

test("a review's notes are read as coaching notes are: the reviewer, the agent with coaching:read:self, sessions in scope with coaching:read:team; others read the review without them", async () => {
  const { sup, agent, make } = centre();
  const review = await sup.startReview({ agentId: 'a1', from: T0, to: T0 + 1, notes: ['Talk about the long holds'] });
  const action = (await sup.addAction(review.id, 'Shorter holds', 'agent')).actions[0]!;
  const notesOf = async (e: ReturnType<typeof make>) => (await e.getReviews()).map((r) => [r.id, r.notes, r.notesWithheld]);
  const full = [[review.id, ['Talk about the long holds'], undefined]];
  const withheld = [[review.id, [], true]];
  assert.deepEqual(await notesOf(sup), full, 'the reviewer, who put them in');
  assert.deepEqual(await notesOf(agent), full, 'the agent (coaching:read:self)');
  assert.deepEqual(await notesOf(make(qaSession)), full, "an analyst of the agent's team (coaching:read:team by default)");
  assert.deepEqual(await notesOf(make({ userId: 'sup-2', role: 'supervisor', teamIds: ['t1'] })), full, 'another supervisor of the team');
  // A tenant whose QA role may not read coaching notes.
  const qaRoles: PolicyOptions = { roles: { qa: DEFAULT_ROLE_PERMISSIONS.qa.filter((p) => p !== 'coaching:read:team') } };
  const qa = make(qaSession, qaRoles);
  assert.deepEqual(await notesOf(qa), withheld, 'an analyst whose role does not read coaching notes');
  assert.equal((await qa.getReviews({ agentId: 'a1' }))[0]?.actions.length, 1, 'still reads the rest of the review');
  assert.deepEqual(await notesOf(make(supSession, qaRoles)), full, "the tenant's other roles keep theirs");
  // Admins read no coaching notes but their own (DEFAULT_ROLE_PERMISSIONS): the review, yes.
  assert.ok(!DEFAULT_ROLE_PERMISSIONS.admin.some((p) => p.startsWith('coaching:read')));
  assert.deepEqual(await notesOf(make({ userId: 'admin-1', role: 'admin', teamIds: 'all' })), withheld, 'an admin of every team');
  // A tenant whose agents do not read the notes about them: nor in a review, nor in what completing an action returns.
  const quiet = make(agentSession, { roles: { agent: DEFAULT_ROLE_PERMISSIONS.agent.filter((p) => p !== 'coaching:read:self') } });
  assert.deepEqual(await notesOf(quiet), withheld);
  const done = await quiet.completeAction(review.id, action.id);
  assert.deepEqual([done.notes, done.notesWithheld, done.actions[0]?.done], [[], true, true]);
  assert.deepEqual(await notesOf(sup), full, 'the record keeps its notes: a write by a reader without them does not drop them');
  // An admin who held the review reads the notes they put in.
  const admin = make({ userId: 'admin-2', role: 'admin', teamIds: 'all' });
  const own = await admin.startReview({ agentId: 'a2', from: T0, to: T0 + 1, notes: ['Ask about the new rota'] });
  assert.deepEqual((await admin.getReviews({ agentId: 'a2' })).map((r) => r.notes), [['Ask about the new rota']]);
  assert.deepEqual((await make({ userId: 'admin-1', role: 'admin', teamIds: 'all' }).getReviews({ agentId: 'a2' })).map((r) => [r.id, r.notes]), [[own.id, []]]);
  // A policy whose role is not a list is the host's mistake, told as such.
  assert.throws(() => make(qaSession, { roles: { qa: 'coaching:read:team' as never } }), isCode(ErrorCode.InvalidArgument));
});

test("without a tenant policy, who reads a review's notes follows DEFAULT_ROLE_PERMISSIONS, as with it given", async () => {
  const { sup, make } = centre();
  await sup.startReview({ agentId: 'a1', from: T0, to: T0 + 1, notes: ['Well handled'] });
  const readers: Session[] = [agentSession, qaSession, { userId: 'sup-2', role: 'supervisor', teamIds: ['t1'] }, { userId: 'admin-1', role: 'admin', teamIds: 'all' }];
  for (const session of readers) {
    const notes = async (policy?: PolicyOptions) => (await make(session, policy).getReviews()).map((r) => r.notes.length);
    assert.deepEqual(await notes(), await notes({ roles: DEFAULT_ROLE_PERMISSIONS }), session.role);
  }
});

test('a review keeps the trail of its steps; closing a closed review is refused (Conflict)', async () => {
  const { sup, agent, clock } = centre();
  const review = await sup.startReview({ agentId: 'a1', from: T0, to: T0 + 1 });
  clock.advance(1_000);
  const action = (await sup.addAction(review.id, 'Shadow a senior agent', 'agent')).actions[0]!;
  clock.advance(1_000);
  await agent.completeAction(review.id, action.id);
  clock.advance(1_000);
  const closed = await sup.closeReview(review.id);
  assert.deepEqual(closed.history, [
    { action: 'start', by: 'sup-1', at: T0 },
    { action: 'add-action', by: 'sup-1', at: T0 + 1_000, actionId: action.id },
    { action: 'complete-action', by: 'a1', at: T0 + 2_000, actionId: action.id },
    { action: 'close', by: 'sup-1', at: T0 + 3_000 },
  ]);
  await assert.rejects(sup.closeReview(review.id), isCode(ErrorCode.Conflict));
  assert.equal((await agent.getReviews())[0]?.history?.length, 4, 'the agent reads the same trail');
});

test('a supervisor who also takes interactions reads evaluations of themselves as an agent does: no drafts, no release of their own', async () => {
  const backplane = createMemoryBackplane({ broadcast: false });
  const make = (session: Session) => createEvaluations({ backplane, session, teamsOf: (id) => teams[id] ?? [] });
  const qa = make(qaSession);
  const lead = make({ userId: 'a2', role: 'supervisor', agentId: 'a2', teamIds: ['t1'] });
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 4, resolve: 5, verify: 'no' } as const;
  const draft = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-22', agentId: 'a2', answers, comment: 'Draft thoughts' });
  assert.deepEqual(await lead.getEvaluations({ agentId: 'a2' }), [], 'a draft about them is not theirs to read');
  await assert.rejects(lead.release(draft.id), isCode(ErrorCode.UnknownEntity));
  await qa.release(draft.id);
  await lead.dispute(draft.id, 'I verified');
  await qa.revise(draft.id, { ...answers, verify: 'yes' });
  const [seen] = await lead.getEvaluations({ agentId: 'a2' });
  assert.equal(seen?.score, 0, 'the released score, not the unreleased revision');
  await assert.rejects(lead.release(draft.id), isCode(ErrorCode.Forbidden), 'nor do they release the revision of their own');
});

test('no one holds a one-to-one review of themselves', async () => {
  const backplane = createMemoryBackplane({ broadcast: false });
  const lead = createEvaluations({ backplane, session: { userId: 'a2', role: 'supervisor', agentId: 'a2', teamIds: ['t1'] }, teamsOf: (id) => teams[id] ?? [] });
  await assert.rejects(lead.startReview({ agentId: 'a2', from: T0, to: T0 + 1 }), isCode(ErrorCode.Forbidden));
  assert.equal((await lead.startReview({ agentId: 'a1', from: T0, to: T0 + 1 })).state, 'open');
});

/** A backplane whose next `failures` writes are stored but answered with a timeout, as over a flaky network. */
function flaky() {
  const inner = createMemoryBackplane({ broadcast: false });
  let failures = 0;
  const backplane = {
    ...inner,
    get: inner.get.bind(inner),
    list: inner.list.bind(inner),
    watch: inner.watch.bind(inner),
    put: async (write: Parameters<typeof inner.put>[0]) => {
      const record = await inner.put(write);
      if (failures > 0) {
        failures--;
        throw new TypeError('Failed to fetch');
      }
      return record;
    },
  } as typeof inner;
  return { backplane, timeOutNext: (n = 1) => void (failures = n) };
}

test('a save that timed out and is retried with the same key finds its own draft: one draft, not two', async () => {
  const { backplane, timeOutNext } = flaky();
  const qa = createEvaluations({ backplane, session: qaSession, clock: createManualClock(T0), teamsOf: (id) => teams[id] ?? [] });
  await qa.defineScorecard(card);
  const input = { scorecardId: 'calls', interactionId: 'i-30', agentId: 'a1', answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const, key: 'form-1' };
  timeOutNext();
  await assert.rejects(qa.evaluate(input), isCode(ErrorCode.Internal), 'the save failed as far as the evaluator can tell');
  const retried = await qa.evaluate(input);
  const all = await qa.getEvaluations();
  assert.deepEqual(all.map((e) => e.id), [retried.id], 'the retry found the draft the first save made');
  assert.deepEqual(retried.history?.map((s) => s.action), ['evaluate']);
  // Two saves at once with one key (a second click while the first is in flight): still one.
  const twice = { ...input, interactionId: 'i-31', key: 'form-2' };
  const [a, b] = await Promise.all([qa.evaluate(twice), qa.evaluate(twice)]);
  assert.equal(a.id, b.id);
  assert.equal((await qa.getEvaluations()).length, 2);
  // Without a key, each call is a new evaluation, as before.
  const { key: _k, ...keyless } = input;
  assert.notEqual((await qa.evaluate(keyless)).id, (await qa.evaluate(keyless)).id);
});

test('a retry with the same key and other answers revises its draft; a key another evaluator or interaction used is refused', async () => {
  const { qa, sup } = centre();
  await qa.defineScorecard(card);
  const input = { scorecardId: 'calls', interactionId: 'i-32', agentId: 'a1', answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const, key: 'form-3' };
  const first = await qa.evaluate(input);
  const changed = await qa.evaluate({ ...input, answers: { ...input.answers, greet: 'no' }, comment: 'Changed my mind' });
  assert.equal(changed.id, first.id);
  assert.equal(changed.answers['greet'], 'no');
  assert.equal(changed.comment, 'Changed my mind');
  assert.deepEqual(changed.history?.map((s) => s.action), ['evaluate', 'revise']);
  await assert.rejects(sup.evaluate(input), isCode(ErrorCode.Conflict), 'another evaluator');
  await assert.rejects(qa.evaluate({ ...input, interactionId: 'i-33' }), isCode(ErrorCode.Conflict), 'another interaction');
  await qa.release(first.id);
  await assert.rejects(qa.evaluate({ ...input, answers: { ...input.answers, resolve: 1 } }), isCode(ErrorCode.Conflict), 'released: no longer a draft to revise');
  assert.equal((await qa.evaluate({ ...input, answers: { ...input.answers, greet: 'no' }, comment: 'Changed my mind' })).state, 'released', 'the very same request again is answered with what it made');
  assert.equal((await qa.getEvaluations()).length, 1);
});

test('ids, keys and comments of absurd length are refused (InvalidArgument) without echoing the text', async () => {
  const { qa, sup } = centre();
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const long = 'x'.repeat(100_000);
  const refused = async (p: Promise<unknown>, what: string) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    assert.ok(isCode(ErrorCode.InvalidArgument)(err), `${what}: ${String(err)}`);
    assert.ok(!JSON.stringify({ m: (err as Error).message, d: (err as FloorwalkError).details }).includes('x'.repeat(100)), `${what}: the text is not echoed`);
  };
  await refused(qa.evaluate({ scorecardId: 'calls', interactionId: long, agentId: 'a1', answers }), 'interaction id');
  await refused(qa.evaluate({ scorecardId: 'calls', interactionId: 'i-40', agentId: 'a1', answers, key: long }), 'key');
  await refused(qa.evaluate({ scorecardId: 'calls', interactionId: 'i-40', agentId: 'a1', answers, comment: long }), 'comment');
  const e = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-40', agentId: 'a1', answers });
  await refused(qa.revise(e.id, answers, long), 'revised comment');
  await refused(qa.release(long), 'evaluation id');
  await qa.release(e.id);
  const r = await sup.startReview({ agentId: 'a1', from: 0, to: T0 + 1 });
  await refused(sup.addAction(r.id, long, 'agent'), 'action');
  assert.deepEqual((await qa.getEvaluations()).map((x) => x.comment), [undefined], 'nothing long was stored');
});

test('a revision whose reply was lost, retried on the same basis, is done already: not refused as changed since', async () => {
  const { backplane, timeOutNext } = flaky();
  const qa = createEvaluations({ backplane, session: qaSession, clock: createManualClock(T0), teamsOf: (id) => teams[id] ?? [] });
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const draft = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-60', agentId: 'a1', answers });
  timeOutNext();
  await assert.rejects(qa.revise(draft.id, { ...answers, greet: 'no' }, 'Second look', draft));
  const again = await qa.revise(draft.id, { ...answers, greet: 'no' }, 'Second look', draft);
  assert.equal(again.answers['greet'], 'no');
  assert.deepEqual(again.history?.map((s) => s.action), ['evaluate', 'revise'], 'one revision, not two');
  // Other answers on that basis are still a change it did not see.
  await assert.rejects(qa.revise(draft.id, { ...answers, resolve: 1 }, 'Second look', draft), isCode(ErrorCode.Conflict));
});

test('a release whose reply was lost, retried, is done already; a release of one someone else released is still Conflict', async () => {
  const { backplane, timeOutNext } = flaky();
  const make = (session: Session) => createEvaluations({ backplane, session, clock: createManualClock(T0), teamsOf: (id) => teams[id] ?? [] });
  const qa = make(qaSession);
  const sup = make(supSession);
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const draft = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-61', agentId: 'a1', answers });
  timeOutNext();
  await assert.rejects(qa.release(draft.id));
  const again = await qa.release(draft.id);
  assert.equal(again.state, 'released');
  assert.deepEqual(again.history?.map((s) => s.action), ['evaluate', 'release']);
  await assert.rejects(sup.release(draft.id), isCode(ErrorCode.Conflict));
});

test('an acknowledgement or a dispute whose reply was lost, retried, is done already; another answer after it is still Conflict', async () => {
  const { backplane, timeOutNext } = flaky();
  const make = (session: Session) => createEvaluations({ backplane, session, clock: createManualClock(T0), teamsOf: (id) => teams[id] ?? [] });
  const qa = make(qaSession);
  const agent = make(agentSession);
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  for (const [n, answer] of [[1, 'acknowledge'], [2, 'dispute']] as const) {
    const e = await qa.evaluate({ scorecardId: 'calls', interactionId: `i-7${n}`, agentId: 'a1', answers });
    await qa.release(e.id);
    const give = () => (answer === 'acknowledge' ? agent.acknowledge(e.id, 'Seen') : agent.dispute(e.id, 'Not so'));
    timeOutNext();
    await assert.rejects(give());
    const again = await give();
    assert.equal(again.state, answer === 'acknowledge' ? 'acknowledged' : 'disputed');
    assert.equal(again.history?.filter((s) => s.action === answer).length, 1, `one ${answer}`);
    await assert.rejects(answer === 'acknowledge' ? agent.dispute(e.id, 'Changed my mind') : agent.acknowledge(e.id), isCode(ErrorCode.Conflict));
  }
});

test('an agreed action completed twice (a retry after a lost reply, or both sides at once) is completed once: one step in the trail', async () => {
  const { qa, sup, agent } = centre();
  await qa.defineScorecard(card);
  const review = await sup.startReview({ agentId: 'a1', from: 0, to: T0 + 1 });
  const withAction = await sup.addAction(review.id, 'Slow down on greetings', 'agent');
  const action = withAction.actions[0]!;
  await agent.completeAction(review.id, action.id);
  const again = await agent.completeAction(review.id, action.id);
  await sup.completeAction(review.id, action.id);
  const [now] = await sup.getReviews();
  assert.equal(again.actions[0]?.done, true);
  assert.deepEqual(now?.history?.map((s) => s.action), ['start', 'add-action', 'complete-action']);
});

test('a release based on what was read before another tab revised the draft is refused (Conflict): nothing is released unseen', async () => {
  const { qa, make } = centre();
  const tab = make(qaSession);
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-80', agentId: 'a1', answers });
  const [here] = await qa.getEvaluations();
  await tab.revise(here!.id, { ...answers, verify: 'no' });
  await assert.rejects(qa.release(here!.id, here), isCode(ErrorCode.Conflict));
  assert.equal((await qa.getEvaluations())[0]?.state, 'draft');
  const [fresh] = await qa.getEvaluations();
  assert.equal((await qa.release(fresh!.id, fresh)).state, 'released');
});

test('without crypto.randomUUID (a page on plain http) a draft still gets an id of its own', async (t) => {
  withoutRandomUUID(t);
  const backplane = createMemoryBackplane({ broadcast: false });
  const qa = createEvaluations({ backplane, session: qaSession, clock: createManualClock(T0), teamsOf: (id) => teams[id] ?? [] });
  await qa.defineScorecard(card);
  const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
  const one = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-1', agentId: 'a1', answers });
  const two = await qa.evaluate({ scorecardId: 'calls', interactionId: 'i-2', agentId: 'a1', answers });
  assert.notEqual(one.id, two.id);
  assert.deepEqual((await qa.getEvaluations({ agentId: 'a1' })).map((e) => e.interactionId).sort(), ['i-1', 'i-2']);
});
