import { ErrorCode, FloorwalkError, isFloorwalkError, systemClock } from '@floorwalk/core';
import type { Answer, Criterion, Evaluation, Evaluations, EvaluationState, EvaluationStep, Scorecard } from '@floorwalk/core/evaluations';
import type { GenesysEvaluationsOptions } from './evaluations.js';
import type { isObj, str, time } from './map.js';

/*
 * Loaded by createGenesysEvaluations (evaluations.ts) when a host first creates the service.
 *
 * Floorwalk's evaluations over Genesys Cloud quality management (reference §4.3): published
 * evaluation forms are the scorecards, Genesys evaluations are the evaluations, and
 * v2.quality.evaluations keeps them live. What Genesys has no API for (an agent's dispute, the
 * one-to-one reviews) stays in Floorwalk's own backplane. docs/guides/genesys.md lists every
 * difference.
 */

/** A yes/no criterion's Genesys answer options, or a scale criterion's option per value. */
interface FormQuestion {
  readonly groupId: string;
  readonly criterion: Criterion;
  /** Answer option id by Floorwalk answer (`yes`, `no`, or a scale value). */
  readonly options: ReadonlyMap<Answer, string>;
  /** Floorwalk answer by answer option id. */
  readonly answers: ReadonlyMap<string, Answer>;
}

/** Floorwalk's own record of an evaluation's disputes (see `kept` in createQualityMethods). */
interface Kept {
  readonly comment?: string;
  readonly at?: number;
  /** When the agent's sign-off was sent to Genesys (so a dispute from another tab is refused meanwhile). */
  readonly ack?: number;
  readonly earlier?: readonly EvaluationStep[];
}

interface FormMap {
  readonly card: Scorecard;
  readonly questions: ReadonlyMap<string, FormQuestion>;
}

const bad = (message: string, details: Record<string, unknown> = {}): FloorwalkError => new FloorwalkError(ErrorCode.InvalidArgument, message, { details });
const enc = encodeURIComponent;

/**
 * Refuses an id (or key) over 1,000 characters and a comment over 4,000, as the core's service
 * does, before anything reaches a URL, Genesys or the backplane; neither is echoed in the error.
 */
function sane(...[id, comment, ...more]: unknown[]): void {
  for (const v of [id, ...more]) if (v !== undefined && !(typeof v === 'string' && v !== '' && v.length <= 1000)) throw bad('An id is a text of 1 to 1000 characters.');
  if (comment !== undefined && !(typeof comment === 'string' && comment.length <= 4000)) throw bad('A comment is text of at most 4000 characters.', { field: 'comment', limit: 4000 });
}

/** Genesys' REST status (upper case) and the topic's (`InProgress`) folded together. */
const STATUS: Readonly<Record<string, string>> = { PENDING: 'PENDING', INPROGRESS: 'INPROGRESS', FINISHED: 'FINISHED', INREVIEW: 'INREVIEW', RETRACTED: 'RETRACTED' };
const status = (v: unknown): string | undefined => (typeof v === 'string' ? STATUS[v.toUpperCase()] : undefined);

/** What Genesys does for the evaluations service; the rest is Floorwalk's own (see evaluations.ts). */
export type QualityMethods = Pick<Evaluations, 'defineScorecard' | 'getScorecards' | 'evaluate' | 'revise' | 'release' | 'acknowledge' | 'dispute' | 'getEvaluations'> & {
  /** Takes one v2.quality.evaluations notification body. */
  onBody(body: unknown): void;
};

/**
 * The adapter's JSON readers, passed rather than imported: an import would put the file they come
 * from in a chunk of its own, loaded up front beside the adapter.
 */
export interface QualityKit {
  readonly isObj: typeof isObj;
  readonly str: typeof str;
  readonly time: typeof time;
}

/** The Genesys side of {@link createGenesysEvaluations}, for one session. */
export function createQualityMethods(options: GenesysEvaluationsOptions, { isObj, str, time }: QualityKit): QualityMethods {
  const { genesys, session, teamsOf, backplane } = options;
  /**
   * A published Genesys evaluation form as a scorecard. Multiple-choice questions become criteria:
   * two options whose lower value is 0 make a yes/no criterion, more make a scale up to the highest
   * value. A question's weight is its group's weight shared among the group's scored questions.
   * Fatal (`isKill`) questions are critical, as in Floorwalk a failed one zeroes the score. Free-text,
   * NPS, read-only and multiple-select questions are not scored in Floorwalk and are left out.
   */
  function mapEvaluationForm(raw: unknown): FormMap | string {
    if (!isObj(raw)) return 'the evaluation form is not an object';
    const id = str(raw.id);
    if (id === undefined || !Array.isArray(raw.questionGroups)) return 'the evaluation form needs an id and questionGroups';
    const questions = new Map<string, FormQuestion>();
    const criteria: Criterion[] = [];
    for (const g of raw.questionGroups as unknown[]) {
      if (!isObj(g) || str(g.id) === undefined || !Array.isArray(g.questions)) return `form ${id}: a question group needs an id and questions`;
      const scored = (g.questions as unknown[]).filter((q) => isObj(q) && q.type === 'multipleChoiceQuestion' && Array.isArray(q.answerOptions) && q.answerOptions.length >= 2);
      const weight = typeof g.weight === 'number' && g.weight > 0 ? g.weight : 1;
      for (const q of scored as Record<string, unknown>[]) {
        const qid = str(q.id);
        const opts = (q.answerOptions as unknown[]).filter((o): o is Record<string, unknown> => isObj(o) && str(o.id) !== undefined && Number.isInteger(o.value));
        if (qid === undefined || opts.length < 2) return `form ${id}: question ${String(q.id)} needs an id and answer options with values`;
        const values = opts.map((o) => o.value as number);
        const top = Math.max(...values);
        const yesNo = opts.length === 2 && Math.min(...values) === 0 && top > 0;
        const options = new Map<Answer, string>();
        const answers = new Map<string, Answer>();
        for (const o of opts) {
          const answer: Answer = yesNo ? ((o.value as number) === top ? 'yes' : 'no') : (o.value as number);
          options.set(answer, o.id as string);
          answers.set(o.id as string, answer);
        }
        const criterion: Criterion = {
          id: qid,
          label: typeof q.text === 'string' ? q.text : qid,
          kind: yesNo ? 'yes-no' : 'scale',
          weight: weight / scored.length,
          ...(q.isKill === true && { critical: true }),
          ...(!yesNo && { scaleMax: top }),
          allowNa: q.naEnabled === true,
        };
        criteria.push(criterion);
        questions.set(qid, { groupId: g.id as string, criterion, options, answers });
      }
    }
    if (criteria.length === 0) return `form ${id}: no multiple-choice question to score`;
    return { card: { id, name: typeof raw.name === 'string' ? raw.name : id, criteria }, questions };
  }

  const clock = options.clock ?? systemClock;
  const me = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
  const forms = new Map<string, FormMap>();
  /** Where each evaluation lives in Genesys' paths. */
  const conversationOf = new Map<string, string>();

  const inScope = (agentId: string): boolean => session.teamIds === 'all' || teamsOf(agentId).some((t) => (session.teamIds as readonly string[]).includes(t));
  const maySee = (e: Evaluation): boolean => (session.role === 'agent' ? e.agentId === me && e.state !== 'draft' : inScope(e.agentId));

  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (isFloorwalkError(err)) throw err;
      throw new FloorwalkError(ErrorCode.Internal, 'Genesys evaluations failed.', { cause: err });
    }
  };

  const form = async (formId: string): Promise<FormMap> => {
    const held = forms.get(formId);
    if (held !== undefined) return held;
    const mapped = mapEvaluationForm(await genesys.request<unknown>('GET', `/api/v2/quality/publishedforms/evaluations/${enc(formId)}`));
    if (typeof mapped === 'string') throw new FloorwalkError(ErrorCode.VendorError, `Genesys: ${mapped}.`, { details: { formId } });
    forms.set(formId, mapped);
    return mapped;
  };

  /**
   * What Floorwalk keeps of an evaluation beside Genesys (which has no API for either): the
   * agent's open dispute (`comment`, `at`), and the steps Genesys forgets, a release and the
   * dispute answered by each re-release (`earlier`). Absent, or `null` from before `earlier`.
   */
  const kept = async (id: string): Promise<Kept> => ((await backplane.get(`genesys-dispute:${id}`))?.value as Kept | undefined) ?? {};

  /** A Genesys `Evaluation` (REST) as Floorwalk's, or a problem. */
  const fromRest = async (raw: unknown): Promise<Evaluation | string> => {
    if (!isObj(raw)) return 'the evaluation is not an object';
    const id = str(raw.id);
    const agentId = isObj(raw.agent) ? str(raw.agent.id) : undefined;
    const conversationId = isObj(raw.conversation) ? str(raw.conversation.id) : undefined;
    const formId = isObj(raw.evaluationForm) ? str(raw.evaluationForm.id) : undefined;
    const st = status(raw.status);
    if (id === undefined || agentId === undefined || conversationId === undefined || formId === undefined) return 'an evaluation needs id, agent, conversation and evaluationForm';
    if (st === undefined) return `evaluation ${id}: unknown status ${JSON.stringify(raw.status)}`;
    let f: FormMap | undefined;
    try {
      f = await form(formId);
    } catch (err) {
      // A form version Genesys no longer serves: the evaluation still shows, with its score and no answers.
      if (!isFloorwalkError(err) || err.code !== ErrorCode.UnknownEntity) throw err;
    }
    const set = isObj(raw.answers) ? raw.answers : undefined;
    const pairs: [string, Answer][] = [];
    const criticalFailed: string[] = [];
    for (const g of Array.isArray(set?.questionGroupScores) ? (set.questionGroupScores as unknown[]) : []) {
      for (const s of isObj(g) && Array.isArray(g.questionScores) ? (g.questionScores as unknown[]) : []) {
        if (!isObj(s)) continue;
        const q = f?.questions.get(s.questionId as string);
        if (q === undefined) continue;
        const answer = s.markedNA === true ? 'na' : q.answers.get(s.answerId as string);
        if (answer === undefined) return `evaluation ${id}: answer ${String(s.answerId)} is not an option of question ${q.criterion.id}`;
        pairs.push([q.criterion.id, answer]);
        if (s.failedKillQuestion === true) criticalFailed.push(q.criterion.id);
      }
    }
    // Built by fromEntries: a question id `__proto__` is a key like any other, where `answers[id] =` would drop it.
    const answers: Record<string, Answer> = Object.fromEntries(pairs);
    conversationOf.set(id, conversationId);
    const releasedAt = time(raw.releaseDate);
    const released = st === 'FINISHED' && releasedAt !== undefined && releasedAt <= clock.now();
    const k = await kept(id);
    const d = typeof k.comment === 'string' ? { comment: k.comment, at: k.at ?? clock.now() } : undefined;
    let state: EvaluationState = 'draft';
    if (st === 'INREVIEW' || (released && d !== undefined && raw.agentHasRead !== true)) state = 'disputed';
    else if (released) state = raw.agentHasRead === true ? 'acknowledged' : 'released';
    const createdAt = time(raw.assignedDate) ?? time(raw.createdDate) ?? time(raw.changedDate) ?? clock.now();
    // Nothing applicable (every answer N/A): Genesys totals 0, Floorwalk says there is no score.
    const score = typeof set?.totalScore === 'number' && !(Object.keys(answers).length > 0 && Object.values(answers).every((a) => a === 'na')) ? set.totalScore : null;
    const evaluatorId = (isObj(raw.evaluator) ? str(raw.evaluator.id) : undefined) ?? '';
    const respondedAt = state === 'acknowledged' ? (time(raw.changedDate) ?? clock.now()) : state === 'disputed' ? d?.at : undefined;
    const agentComment = state === 'disputed' && d !== undefined ? d.comment : typeof set?.agentComments === 'string' && set.agentComments !== '' ? set.agentComments : undefined;
    /*
     * The steps, from what Genesys returns and what Floorwalk keeps beside it. Genesys has no
     * revision log to read: an evaluation carries its latest state only (`version` counts the
     * writes, `changedDate` dates the last), so no `revise` step is shown; a release is dated by
     * `releaseDate` and credited to the evaluator (Genesys records no releaser); a sign-off by
     * `changedDate`, the last change, which it is; earlier releases and the disputes they
     * answered come from Floorwalk's record.
     */
    const earlier = Array.isArray(k.earlier) ? k.earlier : [];
    const history: EvaluationStep[] = [{ action: 'evaluate', by: evaluatorId, at: createdAt }, ...earlier];
    if (released && !earlier.some((s) => s.action === 'release' && s.at === releasedAt)) history.push({ action: 'release', by: evaluatorId, at: releasedAt });
    if (respondedAt !== undefined) history.push({ action: state === 'disputed' ? 'dispute' : 'acknowledge', by: agentId, at: respondedAt, ...(agentComment !== undefined && { comment: agentComment }) });
    return {
      id,
      scorecardId: formId,
      interactionId: conversationId,
      agentId,
      evaluatorId,
      answers,
      score,
      criticalFailed,
      ...(typeof set?.comments === 'string' && set.comments !== '' && { comment: set.comments }),
      state,
      createdAt,
      ...(released && { releasedAt }),
      ...(respondedAt !== undefined && { respondedAt }),
      ...(agentComment !== undefined && { agentComment }),
      history: history.sort((a, b) => a.at - b.at),
      ...(typeof raw.version === 'number' && { version: raw.version }),
    };
  };

  /**
   * Writes what Genesys says over whatever the backplane holds: Genesys is the record here, so
   * the latest word wins. One more try when another session wrote between the read and the write.
   */
  const overwrite = async (key: string, value: unknown, author: string, attempt = 0): Promise<void> => {
    const held = await backplane.get(key);
    try {
      await backplane.put({ key, value, author, at: clock.now(), expectedVersion: held?.version ?? 0 });
    } catch (err) {
      if (attempt > 0 || !isFloorwalkError(err) || err.code !== ErrorCode.Conflict) throw err;
      await overwrite(key, value, author, attempt + 1);
    }
  };

  /** Mirrors one evaluation into the backplane, where subscribers and reviews see it. */
  const mirror = async (e: Evaluation): Promise<Evaluation> => {
    await overwrite(`evaluation:${e.id}`, e, e.evaluatorId);
    return e;
  };

  const load = async (id: string): Promise<{ e: Evaluation; cid: string }> => {
    sane(id);
    const cid = conversationOf.get(id) ?? ((await backplane.get(`evaluation:${id}`))?.value as Evaluation | undefined)?.interactionId;
    if (cid === undefined) throw new FloorwalkError(ErrorCode.UnknownEntity, `No evaluation ${id} in view.`, { details: { evaluationId: id } });
    let e: Evaluation | string;
    try {
      e = await fromRest(await genesys.request<unknown>('GET', `/api/v2/quality/conversations/${enc(cid)}/evaluations/${enc(id)}`));
    } catch (err) {
      // Genesys says Forbidden to an agent asking for a draft: to them it does not exist yet.
      if (isFloorwalkError(err) && (err.code === ErrorCode.Forbidden || err.code === ErrorCode.UnknownEntity)) throw new FloorwalkError(ErrorCode.UnknownEntity, `No evaluation ${id} in view.`, { details: { evaluationId: id } });
      throw err;
    }
    if (typeof e === 'string') throw new FloorwalkError(ErrorCode.VendorError, `Genesys: ${e}.`, { details: { evaluationId: id } });
    if (!maySee(e)) throw new FloorwalkError(ErrorCode.UnknownEntity, `No evaluation ${id} in view.`, { details: { evaluationId: id } });
    return { e, cid };
  };

  /** Floorwalk answers as Genesys' `answers` (an EvaluationScoringSet). */
  const toAnswers = (f: FormMap, answers: Record<string, Answer>, comment: string | undefined) => {
    if (!isObj(answers)) throw bad('answers must map criterion ids to answers.');
    sane(undefined, comment);
    const groups = new Map<string, { questionId: string; answerId?: string; markedNA: boolean }[]>();
    for (const [qid, answer] of Object.entries(answers)) {
      const q = f.questions.get(qid);
      if (q === undefined) throw bad(`No criterion ${qid} on scorecard ${f.card.id}.`, { criterion: qid });
      const list = groups.get(q.groupId) ?? [];
      if (answer === 'na') {
        if (q.criterion.allowNa !== true) throw bad(`Criterion ${qid} cannot be answered "not applicable".`, { criterion: qid });
        list.push({ questionId: qid, markedNA: true });
      } else {
        const answerId = q.options.get(answer);
        if (answerId === undefined) throw bad(`Criterion ${qid} has no answer ${JSON.stringify(answer)} in Genesys.`, { criterion: qid, answer });
        list.push({ questionId: qid, answerId, markedNA: false });
      }
      groups.set(q.groupId, list);
    }
    for (const c of f.card.criteria) if (!Object.hasOwn(answers, c.id)) throw bad(`Criterion ${c.id} is not answered.`, { criterion: c.id });
    return { questionGroupScores: [...groups].map(([questionGroupId, questionScores]) => ({ questionGroupId, questionScores })), ...(comment !== undefined && { comments: comment }) };
  };

  /** The version a write is based on, which Genesys checks (409 when the evaluation changed since). */
  const versioned = (e: Evaluation) => (e.version === undefined ? {} : { version: e.version });

  const put = async (cid: string, id: string, body: Record<string, unknown>): Promise<Evaluation> => {
    const e = await fromRest(await genesys.request<unknown>('PUT', `/api/v2/quality/conversations/${enc(cid)}/evaluations/${enc(id)}`, body));
    if (typeof e === 'string') throw new FloorwalkError(ErrorCode.VendorError, `Genesys: ${e}.`, { details: { evaluationId: id } });
    return mirror(e);
  };

  const query = async (params: Record<string, string>): Promise<Evaluation[]> => {
    const out: Evaluation[] = [];
    let path: string | undefined = `/api/v2/quality/evaluations/query?${new URLSearchParams({ ...params, expandAnswerTotalScores: 'true', pageSize: '100' })}`;
    for (let guardPages = 0; path !== undefined && guardPages < 50; guardPages++) {
      const res: { entities?: unknown; nextUri?: unknown } = await genesys.request('GET', path);
      for (const raw of Array.isArray(res?.entities) ? res.entities : []) {
        const e = await fromRest(raw);
        if (typeof e === 'string') options.onError?.(new FloorwalkError(ErrorCode.MalformedEvent, `Genesys: ${e}.`));
        else if (maySee(e)) out.push(await mirror(e));
      }
      const next = str(res?.nextUri);
      path = next?.replace(/^https?:\/\/[^/]+/, '');
    }
    return out;
  };

  // Live updates: the topic body carries status, read flag, release date and total score, not
  // the answers, so an evaluation this session holds is merged and the rest are left for a read.
  const onBody = (body: unknown): void => {
    void (async () => {
      if (!isObj(body) || str(body.id) === undefined || status(body.status) === undefined || !isObj(body.agent) || str(body.agent.id) === undefined) {
        options.onError?.(new FloorwalkError(ErrorCode.MalformedEvent, 'Genesys: a v2.quality.evaluations body needs id, status and agent.id.', { details: { topic: 'v2.quality.evaluations' } }));
        return;
      }
      const id = body.id as string;
      const agentId = (body.agent as Record<string, unknown>).id as string;
      if (session.role === 'agent' ? agentId !== me : !inScope(agentId)) return;
      const cid = str(body.conversationId);
      if (cid !== undefined) conversationOf.set(id, cid);
      try {
        await mirror((await load(id)).e);
      } catch (err) {
        // Not (or no longer) visible to this session, say a retracted one: nothing to show.
        if (!(isFloorwalkError(err) && err.code === ErrorCode.UnknownEntity)) options.onError?.(isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, 'Genesys: reading an evaluation failed.', { cause: err }));
      }
    })();
  };

  /** Whether Genesys holds these answers and this comment (left out: any) already. */
  const holds = (e: Evaluation, answers: Record<string, Answer>, comment: string | undefined): boolean =>
    JSON.stringify(Object.entries(e.answers).sort()) === JSON.stringify(Object.entries(answers ?? {}).sort()) && (comment === undefined || (e.comment ?? '') === comment.trim());

  /** Only the evaluated agent answers, and only a released evaluation. */
  const answerable = (e: Evaluation, id: string): void => {
    if (e.agentId !== me) throw new FloorwalkError(ErrorCode.Forbidden, 'Only the evaluated agent answers an evaluation.', { details: { evaluationId: id } });
    if (e.state !== 'released') throw new FloorwalkError(ErrorCode.Conflict, `Evaluation ${id} is ${e.state}, not awaiting an answer.`, { details: { evaluationId: id } });
  };

  /**
   * Writes the agent's answer into Floorwalk's record of the evaluation, only if no answer got
   * there first: an acknowledgement (`ack`) and a dispute from two tabs at once cannot both be
   * taken (the backplane refuses the second write, `Conflict`). Returns the record as it was.
   */
  const claim = async (id: string, next: (k: Kept) => Kept): Promise<Kept> => {
    const key = `genesys-dispute:${id}`;
    const held = await backplane.get<Kept>(key);
    const k = held?.value ?? {};
    if (k.comment !== undefined || k.ack !== undefined) throw new FloorwalkError(ErrorCode.Conflict, `Evaluation ${id} is answered already.`, { details: { evaluationId: id } });
    await backplane.put({ key, value: next(k), author: session.userId, at: clock.now(), expectedVersion: held?.version ?? 0 });
    return k;
  };

  const evaluator = (): void => {
    if (session.role === 'agent') throw new FloorwalkError(ErrorCode.Forbidden, 'Only QA, supervisors and admins evaluate.');
  };

  const methods: QualityMethods = {
    onBody,
    defineScorecard: () => Promise.reject(new FloorwalkError(ErrorCode.Unsupported, 'Genesys evaluation forms are defined and published in Genesys Cloud, not through Floorwalk.')),
    getScorecards: () =>
      guard(async () => {
        const res = await genesys.request<{ entities?: unknown }>('GET', '/api/v2/quality/publishedforms/evaluations?pageSize=100');
        const cards: Scorecard[] = [];
        for (const f of Array.isArray(res?.entities) ? res.entities : []) {
          const fid = isObj(f) ? str(f.id) : undefined;
          if (fid === undefined) continue;
          try {
            cards.push((await form(fid)).card);
          } catch (err) {
            // A form with nothing Floorwalk can score is left out, and said.
            if (isFloorwalkError(err) && err.code === ErrorCode.VendorError) options.onError?.(err);
            else throw err;
          }
        }
        return cards;
      }),
    evaluate: (input) =>
      guard(async () => {
        evaluator();
        const { key, interactionId, agentId, scorecardId } = input;
        sane(interactionId, input.comment, agentId, scorecardId, key);
        if (!inScope(agentId)) throw new FloorwalkError(ErrorCode.OutOfScope, `Agent ${agentId} is outside your teams.`, { details: { agentId } });
        const f = await form(scorecardId);
        const answers = toAnswers(f, input.answers, input.comment);
        /*
         * Genesys takes no idempotency key, so Floorwalk's store says what a key made: before the
         * POST, the drafts this evaluator already had of the interaction; after it, the one made.
         * A retry whose first reply was lost finds, as its own, the draft of that agent and form
         * that was not there before, rather than making a second.
         */
        const mark = `genesys-key:${session.userId}:${key}`;
        const held = key === undefined ? undefined : ((await backplane.get(mark))?.value as { id?: string; before?: string[] } | undefined);
        const mine = () => query({ conversationId: interactionId, evaluatorUserId: session.userId }).then((l) => l.filter((e) => e.agentId === agentId && e.scorecardId === scorecardId));
        const id = held?.id ?? (held?.before === undefined ? undefined : (await mine()).find((e) => !held.before?.includes(e.id))?.id);
        if (id !== undefined) {
          const { e } = await load(id);
          if (e.evaluatorId !== session.userId || e.interactionId !== interactionId || e.agentId !== agentId || e.scorecardId !== scorecardId) throw new FloorwalkError(ErrorCode.Conflict, `Key ${key} is another evaluation's.`, { details: { evaluationId: id } });
          await overwrite(mark, { id }, session.userId);
          return holds(e, input.answers, input.comment ?? '') ? e : methods.revise(id, input.answers, input.comment ?? '');
        }
        if (key !== undefined) await overwrite(mark, { before: (await mine()).map((e) => e.id) }, session.userId);
        const raw = await genesys.request<unknown>('POST', `/api/v2/quality/conversations/${enc(interactionId)}/evaluations`, {
          evaluationForm: { id: scorecardId },
          agent: { id: agentId },
          evaluator: { id: session.userId },
          status: 'INPROGRESS',
          answers,
        });
        const e = await fromRest(raw);
        if (typeof e === 'string') throw new FloorwalkError(ErrorCode.VendorError, `Genesys: ${e}.`);
        if (key !== undefined) await overwrite(mark, { id: e.id }, session.userId);
        return mirror(e);
      }),
    revise: (id, answers, comment, basis) =>
      guard(async () => {
        evaluator();
        const { e, cid } = await load(id);
        if (e.evaluatorId !== session.userId) throw new FloorwalkError(ErrorCode.Forbidden, 'Only its evaluator revises an evaluation.', { details: { evaluationId: id } });
        // The editor's basis is Genesys' version as they read it: changed since, the revision
        // is refused here; changed between this read and the write, Genesys refuses it (409).
        const stale = basis?.version !== undefined && basis.version !== e.version;
        // Changed since only by this very revision, whose reply was lost: it is done already.
        if (stale && e.state === 'draft' && holds(e, answers, comment)) return e;
        if (stale || (e.state !== 'draft' && e.state !== 'disputed')) throw new FloorwalkError(ErrorCode.Conflict, `Evaluation ${id} is ${stale ? 'changed since' : e.state}.`, { details: { evaluationId: id } });
        return put(cid, id, { answers: toAnswers(await form(e.scorecardId), answers, comment), ...versioned(e) });
      }),
    release: (id, basis) =>
      guard(async () => {
        evaluator();
        const { e, cid } = await load(id);
        // Released, and by its evaluator (this session): a retry of a release whose reply was lost, done already.
        if (e.state === 'released' && e.evaluatorId === session.userId) return e;
        const stale = basis?.version !== undefined && basis.version !== e.version;
        if (stale || (e.state !== 'draft' && e.state !== 'disputed')) throw new FloorwalkError(ErrorCode.Conflict, `Evaluation ${id} is ${stale ? 'changed since' : e.state}.`, { details: { evaluationId: id } });
        // Genesys shows an evaluation to its agent once it is finished and its release date has come.
        const released = await put(cid, id, { status: 'FINISHED', releaseDate: new Date(clock.now()).toISOString(), ...versioned(e) });
        if (e.state !== 'disputed') return released;
        // A re-release answers the dispute: it is no longer open, and its step (with the release
        // it answered) is kept, as Genesys keeps neither. Only once Genesys took the release, so
        // a refused one leaves the dispute open.
        const k = await kept(id);
        const steps = (e.history ?? []).filter((s) => s.action === 'release' || s.action === 'dispute');
        await overwrite(`genesys-dispute:${id}`, { earlier: [...(k.earlier ?? []), ...steps.filter((s) => !(k.earlier ?? []).some((x) => x.action === s.action && x.at === s.at))] }, session.userId);
        return mirror((await load(id)).e);
      }),
    acknowledge: (id, comment) =>
      guard(async () => {
        sane(id, comment);
        const { e, cid } = await load(id);
        // This very answer, given already (a retry after its reply was lost): done.
        if (e.agentId === me && e.state === 'acknowledged' && (e.agentComment ?? '') === (comment ?? '')) return e;
        answerable(e, id);
        // Claimed in Floorwalk's record first, where a dispute from the agent's other tab would
        // be: of two answers at once, one is told (Conflict). Given back if Genesys refuses.
        const k = await claim(id, (k) => ({ ...k, ack: clock.now() }));
        try {
          // Genesys' agent sign-off: agentHasRead and the agent's comments (editAgentSignoff).
          return await put(cid, id, { agentHasRead: true, ...(comment ? { answers: { agentComments: comment } } : {}), ...versioned(e) });
        } catch (err) {
          await overwrite(`genesys-dispute:${id}`, k, session.userId).catch(() => undefined);
          throw err;
        }
      }),
    dispute: (id, comment) =>
      guard(async () => {
        if (typeof comment !== 'string' || comment.trim() === '') throw bad('A dispute needs a comment saying why.', { evaluationId: id });
        sane(id, comment);
        const { e } = await load(id);
        if (e.agentId === me && e.state === 'disputed' && e.agentComment === comment.trim()) return e;
        answerable(e, id);
        // The Platform API has no agent-side dispute: it is kept in Floorwalk's store, and the
        // evaluation stays unread in Genesys so the evaluator still sees it open there.
        await claim(id, (k) => ({ ...k, comment: comment.trim(), at: clock.now() }));
        return mirror((await load(id)).e);
      }),
    getEvaluations: (filter = {}) =>
      guard(async () => {
        if (session.role === 'agent') {
          if (me === undefined || (filter.agentId !== undefined && filter.agentId !== me)) return [];
          return (await query({ agentUserId: me })).sort((a, b) => a.createdAt - b.createdAt);
        }
        if (filter.agentId !== undefined && !inScope(filter.agentId)) return [];
        const found = await query(filter.agentId !== undefined ? { agentUserId: filter.agentId } : { evaluatorUserId: session.userId });
        // Without an agent, Genesys needs one of its filters: this session's own evaluations, plus
        // any others in scope that the quality topic brought in.
        const held = filter.agentId === undefined ? (await backplane.list('evaluation:')).map((r) => r.value as Evaluation).filter((e) => isObj(e) && maySee(e)) : [];
        const byId = new Map([...held, ...found].map((e) => [e.id, e]));
        return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
      }),
  };
  return methods;
}
