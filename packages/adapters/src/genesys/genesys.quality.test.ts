import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DEFAULT_ROLE_PERMISSIONS, ErrorCode, type FloorwalkError } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import type { Answer } from '@floorwalk/core/evaluations';
import { createGenesysAdapter, createGenesysEvaluations, type GenesysAdapter, type GenesysAdapterOptions } from './index.js';
import { recorder, rejectsWith } from './test-support.js';
import { createGenesysMock, type GenesysMock } from './mocks/index.js';
import { CALL_FORM } from './mocks/wem.js';

/*
 * Genesys quality evaluations under a flaky desk: two tabs revising one draft (Genesys'
 * `version` and its 409), the steps of an evaluation rebuilt from what Genesys returns, and a
 * re-release Genesys refuses.
 */

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const opened: GenesysAdapter[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const a of opened.splice(0)) await a.disconnect();
});

async function connect(mock: GenesysMock, patch: Partial<GenesysAdapterOptions> = {}): Promise<GenesysAdapter> {
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), ...patch });
  opened.push(adapter);
  await adapter.connect(recorder());
  await adapter.snapshot();
  return adapter;
}

/** A fetch whose next write (`lossy.next`: POST or PUT) of an evaluation reaches Genesys but whose reply is lost (a timeout after the write). */
const lossy: { next: string | false } = { next: false };
const lossyFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (lossy.next === init?.method && String(input).includes('/evaluations')) {
    lossy.next = false;
    throw new TypeError('Failed to fetch');
  }
  return res;
};

async function desk() {
  const mock = createGenesysMock({ agents: 6, teams: 2, queues: 1 });
  server.resetHandlers(...mock.handlers);
  lossy.next = false;
  const [a1] = mock.directory.agentIds as [string];
  const team = mock.directory.teamIds[0] as string;
  const backplane = createMemoryBackplane({ broadcast: false });
  const teamsOf = (): readonly string[] => [team];
  const errors: FloorwalkError[] = [];
  const sup = await connect(mock, { qualityEvaluations: true, fetch: lossyFetch });
  const session = { userId: mock.directory.supervisorId, role: 'supervisor', teamIds: 'all' } as const;
  const tab = () => {
    const s = createGenesysEvaluations({ genesys: sup, session, teamsOf, backplane, onError: (e) => void errors.push(e) });
    closers.push(s.close);
    return s;
  };
  const agentLink = await connect(mock, { userId: a1, getAccessToken: () => mock.tokenFor(a1), watch: { userIds: [a1] }, qualityEvaluations: true, fetch: lossyFetch });
  const agent = createGenesysEvaluations({ genesys: agentLink, session: { userId: a1, role: 'agent', teamIds: [team] }, teamsOf, backplane });
  closers.push(agent.close);
  const [call] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: a1 }]);
  const qa = tab();
  const [card] = await qa.getScorecards();
  const [greet, verify, resolve] = (card?.criteria ?? []).map((c) => c.id) as [string, string, string];
  const answers = (g: Answer, r: Answer): Record<string, Answer> => ({ [greet]: g, [verify]: 'yes', [resolve]: r });
  const draft = await qa.evaluate({ scorecardId: card?.id as string, interactionId: call as string, agentId: a1, answers: answers('yes', 4) });
  return { mock, qa, tab, agent, a1, draft, answers, errors, sup: session.userId, card: card?.id as string, call: call as string };
}

test('a revision based on an older Genesys version is refused (Conflict) and changes nothing in Genesys', async () => {
  const d = await desk();
  assert.equal(d.draft.version, 1, 'the evaluation carries Genesys’ version');
  const other = d.tab();
  const [here] = await d.qa.getEvaluations();
  const [there] = await other.getEvaluations();
  const first = await d.qa.revise(d.draft.id, d.answers('no', 4), undefined, here);
  assert.equal(first.version, 2);
  await rejectsWith(other.revise(d.draft.id, d.answers('yes', 1), undefined, there), ErrorCode.Conflict);
  const stored = d.mock.evaluation(d.draft.id) as { version: number; answers: { questionGroupScores: { questionScores: { score?: number }[] }[] } };
  assert.equal(stored.version, 2, 'the stale revision did not reach Genesys');
  // Read again, the other tab may revise.
  const [fresh] = await other.getEvaluations();
  assert.equal((await other.revise(d.draft.id, d.answers('yes', 1), undefined, fresh)).version, 3);
});

test('two revisions at once: Genesys refuses the one based on a version it no longer has (its 409), which reads as Conflict', async () => {
  const d = await desk();
  const other = d.tab();
  const results = await Promise.allSettled([d.qa.revise(d.draft.id, d.answers('no', 4)), other.revise(d.draft.id, d.answers('yes', 1))]);
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(refused.length, 1, `one of the two stands: ${results.map((r) => r.status).join(', ')}`);
  assert.equal((refused[0]?.reason as FloorwalkError).code, ErrorCode.Conflict);
  assert.ok(d.mock.requests.some((r) => r.method === 'PUT' && r.status === 409), 'Genesys said 409');
  assert.equal((d.mock.evaluation(d.draft.id) as { version: number }).version, 2);
});

test('the steps of an evaluation are rebuilt from Genesys and Floorwalk’s dispute record; a dispute’s reason outlives the re-release', async () => {
  const d = await desk();
  assert.deepEqual(d.draft.history?.map((s) => [s.action, s.by]), [['evaluate', d.sup]]);
  await d.qa.release(d.draft.id);
  await d.agent.dispute(d.draft.id, 'I did greet them');
  await d.qa.revise(d.draft.id, d.answers('yes', 5));
  const again = await d.qa.release(d.draft.id);
  assert.deepEqual(again.history?.map((s) => [s.action, s.by, s.comment ?? null]), [
    ['evaluate', d.sup, null],
    ['release', d.sup, null],
    ['dispute', d.a1, 'I did greet them'],
    ['release', d.sup, null],
  ]);
  const acked = await d.agent.acknowledge(d.draft.id, 'Thanks');
  assert.deepEqual(acked.history?.map((s) => [s.action, s.by, s.comment ?? null]).slice(-2), [
    ['release', d.sup, null],
    ['acknowledge', d.a1, 'Thanks'],
  ]);
  const at = acked.history?.map((s) => s.at) ?? [];
  assert.deepEqual(at, [...at].sort((x, y) => x - y), 'oldest first');
});

test('a re-release Genesys refuses leaves the dispute open; the agent’s answer and a dispute from two tabs: the second is told', async () => {
  const d = await desk();
  await d.qa.release(d.draft.id);
  await d.agent.dispute(d.draft.id, 'Check the recording');
  d.mock.failNext(/\/quality\/conversations\/.*\/evaluations\//, 503);
  await assert.rejects(d.qa.release(d.draft.id));
  const [held] = await d.qa.getEvaluations({ agentId: d.a1 });
  assert.equal(held?.state, 'disputed', 'still disputed: nothing answered it');
  assert.equal(held?.agentComment, 'Check the recording');
  await d.qa.release(d.draft.id);
  // The agent acknowledges in one tab and disputes in another at once: one answer stands.
  const results = await Promise.allSettled([d.agent.acknowledge(d.draft.id), d.agent.dispute(d.draft.id, 'No')]);
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const [now] = await d.qa.getEvaluations({ agentId: d.a1 });
  assert.equal(refused.length, 1, `one answer stands, the other is told; the evaluation reads ${now?.state}`);
  assert.equal((refused[0]?.reason as FloorwalkError).code, ErrorCode.Conflict);
  assert.equal(now?.state, results[0].status === 'fulfilled' ? 'acknowledged' : 'disputed');
});

test('a save with a key whose reply was lost, retried, finds the evaluation Genesys made: one, not two', async () => {
  const d = await desk();
  const input = { scorecardId: d.card, interactionId: d.call, agentId: d.a1, answers: d.answers('no', 3), key: 'form-1' };
  const posts = () => d.mock.requests.filter((r) => r.method === 'POST' && r.path.includes('/evaluations')).length;
  const before = posts();
  lossy.next = 'POST';
  await assert.rejects(d.qa.evaluate(input));
  assert.equal(posts(), before + 1, 'Genesys made it');
  const retried = await d.qa.evaluate(input);
  assert.equal(posts(), before + 1, 'the retry made none');
  assert.notEqual(retried.id, d.draft.id, 'not the draft the evaluator had before');
  assert.equal(retried.answers[Object.keys(input.answers)[0] as string], 'no');
  // Again, with other answers: that draft is revised; without a key, a new one is made.
  const changed = await d.qa.evaluate({ ...input, answers: d.answers('yes', 3) });
  assert.equal(changed.id, retried.id);
  assert.equal(posts(), before + 1);
  const { key: _k, ...keyless } = input;
  assert.notEqual((await d.qa.evaluate(keyless)).id, retried.id);
});

test('a revision whose reply was lost, retried on the same basis, is done already: not refused as changed since', async () => {
  const d = await desk();
  const [basis] = await d.qa.getEvaluations();
  lossy.next = 'PUT';
  await assert.rejects(d.qa.revise(d.draft.id, d.answers('no', 2), undefined, basis));
  assert.equal((d.mock.evaluation(d.draft.id) as { version: number }).version, 2, 'Genesys took it');
  const again = await d.qa.revise(d.draft.id, d.answers('no', 2), undefined, basis);
  assert.equal(again.answers[Object.keys(d.answers('no', 2))[0] as string], 'no');
  await rejectsWith(d.qa.revise(d.draft.id, d.answers('yes', 1), undefined, basis), ErrorCode.Conflict);
});

test('a release whose reply was lost, retried, is done already', async () => {
  const d = await desk();
  lossy.next = 'PUT';
  await assert.rejects(d.qa.release(d.draft.id));
  assert.equal((d.mock.evaluation(d.draft.id) as { status: string }).status, 'FINISHED', 'Genesys took it');
  assert.equal((await d.qa.release(d.draft.id)).state, 'released');
});

test('an acknowledgement whose reply was lost, retried, is done already; the same dispute again too', async () => {
  const d = await desk();
  await d.qa.release(d.draft.id);
  lossy.next = 'PUT';
  await assert.rejects(d.agent.acknowledge(d.draft.id, 'Seen'));
  assert.equal((d.mock.evaluation(d.draft.id) as { agentHasRead: boolean }).agentHasRead, true, 'Genesys took it');
  assert.equal((await d.agent.acknowledge(d.draft.id, 'Seen')).state, 'acknowledged');
  await rejectsWith(d.agent.dispute(d.draft.id, 'Changed my mind'), ErrorCode.Conflict);

  const [card] = await d.qa.getScorecards();
  const other = await d.qa.evaluate({ scorecardId: card?.id as string, interactionId: d.call, agentId: d.a1, answers: d.answers('no', 2) });
  await d.qa.release(other.id);
  await d.agent.dispute(other.id, 'Not so');
  assert.equal((await d.agent.dispute(other.id, 'Not so')).state, 'disputed');
  await rejectsWith(d.agent.acknowledge(other.id), ErrorCode.Conflict);
});

test('an evaluation with nothing applicable (every answer N/A) has no score, not Genesys’ total of 0', async () => {
  const d = await desk();
  const raw = d.mock.evaluation(d.draft.id) as { answers: { totalScore: number; questionGroupScores: { questionScores: Record<string, unknown>[] }[] } };
  const allNa = {
    ...raw,
    answers: { ...raw.answers, totalScore: 0, questionGroupScores: raw.answers.questionGroupScores.map((g) => ({ ...g, markedNA: true, totalScore: 0, questionScores: g.questionScores.map((q) => ({ questionId: q.questionId, markedNA: true })) })) },
  };
  server.use(http.get('*/api/v2/quality/evaluations/query', () => HttpResponse.json({ entities: [allNa], pageSize: 100, pageNumber: 1, total: 1, pageCount: 1 })));
  const [e] = await d.qa.getEvaluations({ agentId: d.a1 });
  assert.ok(e !== undefined && Object.values(e.answers).every((a) => a === 'na'));
  assert.equal(e?.score, null);
});

test('a form question whose id is `__proto__` keeps its answer: the evaluation\'s answers hold it as an own key', async () => {
  const d = await desk();
  // Another published form (so no form read earlier is reused) whose first question has that id.
  const first = CALL_FORM.questionGroups[0].questions[0].id;
  const renamed = (id: string): string => (id === first ? '__proto__' : id);
  const form = { ...CALL_FORM, id: 'proto-form', questionGroups: CALL_FORM.questionGroups.map((g) => ({ ...g, questions: g.questions.map((q) => ({ ...q, id: renamed(q.id) })) })) };
  const raw = d.mock.evaluation(d.draft.id) as { evaluationForm: object; answers: { questionGroupScores: { questionScores: { questionId: string }[] }[] } };
  const onForm = {
    ...raw,
    evaluationForm: { ...raw.evaluationForm, id: form.id },
    answers: { ...raw.answers, questionGroupScores: raw.answers.questionGroupScores.map((g) => ({ ...g, questionScores: g.questionScores.map((q) => ({ ...q, questionId: renamed(q.questionId) })) })) },
  };
  server.use(
    http.get(`*/api/v2/quality/publishedforms/evaluations/${form.id}`, () => HttpResponse.json(form)),
    http.get('*/api/v2/quality/evaluations/query', () => HttpResponse.json({ entities: [onForm], pageSize: 100, pageNumber: 1, total: 1, pageCount: 1 })),
  );
  const [e] = await d.qa.getEvaluations({ agentId: d.a1 });
  assert.ok(e !== undefined);
  assert.equal(Object.getPrototypeOf(e.answers), Object.prototype, 'the answers keep an ordinary prototype');
  assert.ok(Object.hasOwn(e.answers, '__proto__'), 'the answer to question __proto__ is kept');
  assert.equal(e.answers['__proto__'], d.draft.answers[first]);
  assert.equal(Object.keys(e.answers).length, Object.keys(d.draft.answers).length);
});

test('ids, keys and comments of absurd length are refused (InvalidArgument) before anything reaches Genesys, and not echoed', async () => {
  const d = await desk();
  const long = 'x'.repeat(100_000);
  const sent = d.mock.requests.length;
  const refused = async (p: Promise<unknown>, what: string) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    assert.equal((err as FloorwalkError)?.code, ErrorCode.InvalidArgument, `${what}: ${String(err).slice(0, 200)}`);
    assert.ok(!JSON.stringify({ m: (err as Error).message, d: (err as FloorwalkError).details }).includes('x'.repeat(100)), `${what}: not echoed`);
  };
  const base = { scorecardId: d.card, interactionId: d.call, agentId: d.a1, answers: d.answers('yes', 3) };
  await refused(d.qa.evaluate({ ...base, interactionId: long }), 'interaction id');
  await refused(d.qa.evaluate({ ...base, key: long }), 'key');
  await refused(d.qa.evaluate({ ...base, comment: long }), 'comment');
  await refused(d.qa.revise(d.draft.id, base.answers, long), 'revised comment');
  await refused(d.qa.release(long), 'evaluation id');
  await refused(d.agent.dispute(d.draft.id, long), 'dispute');
  assert.equal(d.mock.requests.filter((r) => r.path.length > 5000).length, 0, 'no absurd URL reached Genesys');
  assert.ok(d.mock.requests.length - sent <= 2, 'at most the reads of the draft before its comment was checked');
});

test('a release based on an older Genesys version (another tab revised since) is refused (Conflict)', async () => {
  const d = await desk();
  const [basis] = await d.qa.getEvaluations();
  await d.tab().revise(d.draft.id, d.answers('no', 1));
  await rejectsWith(d.qa.release(d.draft.id, basis), ErrorCode.Conflict);
  assert.equal((d.mock.evaluation(d.draft.id) as { status: string }).status, 'INPROGRESS');
});

// ---- rate limits ------------------------------------------------------------------------------

/** A create's path; a write to one evaluation's ends in its id. */
const CREATE = /^\/api\/v2\/quality\/conversations\/[^/]+\/evaluations$/;
const ONE = /^\/api\/v2\/quality\/conversations\/[^/]+\/evaluations\/[^/?]+$/;

test('an evaluation create that meets 429s is rejected at once, RateLimited with Genesys’ Retry-After, after one POST; pressed again with its key, one evaluation is made', async () => {
  const d = await desk();
  const posts = () => d.mock.requests.filter((r) => r.method === 'POST' && CREATE.test(r.path)).map((r) => r.status);
  const before = posts().length;
  // Aimed at the create: the queue polls and reads that go first must not take it.
  d.mock.throttle(2, 1, { method: 'POST', path: CREATE });
  const input = { scorecardId: d.card, interactionId: d.call, agentId: d.a1, answers: d.answers('no', 2), key: 'save-1' };
  const err = await rejectsWith(d.qa.evaluate(input), ErrorCode.RateLimited);
  assert.equal(err.details?.retryAfterMs, 1_000);
  assert.equal(err.details?.status, 429);
  assert.equal(err.retryable, true);
  // Not waited out inside: a caller that stops waiting and sends again would make a second.
  assert.deepEqual(posts().slice(before), [429], 'one POST, answered 429');
  // Pressed again: held until Genesys' wait has passed, then told once more.
  await rejectsWith(d.qa.evaluate(input), ErrorCode.RateLimited);
  assert.deepEqual(posts().slice(before), [429, 429]);
  const made = await d.qa.evaluate(input);
  assert.deepEqual(posts().slice(before), [429, 429, 200]);
  const mine = (await d.qa.getEvaluations({ agentId: d.a1 })).filter((e) => e.interactionId === d.call).map((e) => e.id);
  assert.deepEqual(mine.sort(), [d.draft.id, made.id].sort(), 'the desk’s draft and this one: no second');
});

test('a release and a sign-off that meet a 429 are rejected at once after one PUT, and change nothing; the claim on the answer is given back', async () => {
  const d = await desk();
  const puts = () => d.mock.requests.filter((r) => r.method === 'PUT' && ONE.test(r.path)).map((r) => r.status);
  d.mock.throttle(1, 1, { method: 'PUT', path: ONE });
  let before = puts().length;
  const err = await rejectsWith(d.qa.release(d.draft.id), ErrorCode.RateLimited);
  assert.equal(err.details?.retryAfterMs, 1_000);
  assert.deepEqual(puts().slice(before), [429], 'one PUT, answered 429');
  assert.equal((d.mock.evaluation(d.draft.id) as { status: string }).status, 'INPROGRESS');
  // Sent again (after Genesys' wait, which holds every call): released.
  assert.equal((await d.qa.release(d.draft.id)).state, 'released');
  d.mock.throttle(1, 1, { method: 'PUT', path: ONE });
  before = puts().length;
  await rejectsWith(d.agent.acknowledge(d.draft.id, 'Seen'), ErrorCode.RateLimited);
  assert.deepEqual(puts().slice(before), [429]);
  assert.equal((d.mock.evaluation(d.draft.id) as { agentHasRead?: boolean }).agentHasRead ?? false, false);
  // Given back: the same answer again is taken, not refused as answered already.
  assert.equal((await d.agent.acknowledge(d.draft.id, 'Seen')).state, 'acknowledged');
});

test('a read through the adapter’s request still waits out a 429 and asks again: the scorecards come', async () => {
  const d = await desk();
  const forms = /^\/api\/v2\/quality\/publishedforms\/evaluations\?/;
  d.mock.throttle(1, 1, { method: 'GET', path: forms });
  const cards = await d.tab().getScorecards();
  assert.equal(cards.length, 1);
  assert.deepEqual(d.mock.requests.filter((r) => r.method === 'GET' && forms.test(r.path)).map((r) => r.status).slice(-2), [429, 200]);
});

test("the tenant's policy reaches the reviews: an agent whose role does not read coaching notes reads a review about them without its notes", async () => {
  const { mock, a1, sup } = await desk();
  const team = mock.directory.teamIds[0] as string;
  const backplane = createMemoryBackplane({ broadcast: false });
  const link = await connect(mock, { userId: a1, getAccessToken: () => mock.tokenFor(a1), watch: { userIds: [a1] } });
  const teamsOf = (): readonly string[] => [team];
  const lead = createGenesysEvaluations({ genesys: link, session: { userId: sup, role: 'supervisor', teamIds: 'all' }, teamsOf, backplane });
  const roles = { agent: DEFAULT_ROLE_PERMISSIONS.agent.filter((p) => p !== 'coaching:read:self') };
  const quiet = createGenesysEvaluations({ genesys: link, session: { userId: a1, role: 'agent', teamIds: [team] }, teamsOf, backplane, policy: { roles } });
  const told = createGenesysEvaluations({ genesys: link, session: { userId: a1, role: 'agent', teamIds: [team] }, teamsOf, backplane });
  closers.push(lead.close, quiet.close, told.close);
  const review = await lead.startReview({ agentId: a1, from: 0, to: 1, notes: ['Talk about the long holds'] });
  assert.deepEqual((await quiet.getReviews()).map((r) => [r.id, r.notes, r.notesWithheld]), [[review.id, [], true]]);
  assert.deepEqual((await told.getReviews()).map((r) => [r.id, r.notes]), [[review.id, ['Talk about the long holds']]]);
});
