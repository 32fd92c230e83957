import type { Backplane } from '../backplane/port.js';
import { systemClock, type Clock } from '../clock.js';
import { ErrorCode, FloorwalkError, isFloorwalkError } from '../errors.js';
import type { Permission, PolicyOptions, Role, Session } from '../policy/permissions.js';
import { checkScorecard, scoreEvaluation, type Answer, type Scorecard } from './scoring.js';

/**
 * The part of the {@link Backplane} port evaluations use: its keyed store (read, compare-and-set
 * write, list by key prefix) and its change feed. `createMemoryBackplane` from
 * `@floorwalk/core/backplane` is the in-memory one for tests and the demo; a host backs the port
 * with its own shared store, and a vendor adapter with evaluations of its own (Genesys quality
 * evaluations, say) maps onto it.
 */
export type EvaluationsBackplane = Pick<Backplane, 'get' | 'put' | 'list' | 'watch'>;

export const EVALUATION_STATES = ['draft', 'released', 'acknowledged', 'disputed'] as const;
/** One of {@link EVALUATION_STATES}. */
export type EvaluationState = (typeof EVALUATION_STATES)[number];

/** One step of an evaluation's life: who did what, and when. */
export interface EvaluationStep {
  readonly action: 'evaluate' | 'revise' | 'release' | 'acknowledge' | 'dispute';
  /** The user id that acted. */
  readonly by: string;
  /** When (epoch ms). */
  readonly at: number;
  /** The agent's comment with an acknowledgement or a dispute. */
  readonly comment?: string;
}

/** An evaluation of one interaction against a scorecard. */
export interface Evaluation {
  readonly id: string;
  readonly scorecardId: string;
  readonly interactionId: string;
  readonly agentId: string;
  readonly evaluatorId: string;
  readonly answers: Readonly<Record<string, Answer>>;
  /** 0..100, or null when nothing applied; 0 after a critical failure. */
  readonly score: number | null;
  readonly criticalFailed: readonly string[];
  readonly comment?: string;
  readonly state: EvaluationState;
  readonly createdAt: number;
  readonly releasedAt?: number;
  /** When the agent acknowledged or disputed it, and what they said. */
  readonly respondedAt?: number;
  readonly agentComment?: string;
  /**
   * The scorecard as it was when the evaluation was made: its answers are read, and revisions
   * scored, against this form, whatever the card has become since. Absent on older records.
   */
  readonly scorecard?: Scorecard;
  /** Every step, oldest first: the evaluation's audit trail. An agent is not shown revisions. */
  readonly history?: readonly EvaluationStep[];
  /**
   * The platform's own version of the record, where it keeps one (Genesys' `version`, one more
   * on every write): a revision whose basis carries another version is refused (`Conflict`).
   */
  readonly version?: number;
  /**
   * Evaluators' view only: what the agent was released, while a revision of a disputed
   * evaluation waits to be released. The agent keeps reading these until then.
   */
  readonly shown?: Pick<Evaluation, 'answers' | 'score' | 'criticalFailed' | 'comment'>;
}

/** An action agreed in a one-to-one review. */
export interface ReviewAction {
  readonly id: string;
  readonly text: string;
  readonly owner: 'agent' | 'reviewer';
  readonly done: boolean;
}

/** A one-to-one review of an agent's period: figures, released evaluations, coaching notes, actions. */
export interface Review {
  readonly id: string;
  readonly agentId: string;
  readonly reviewerId: string;
  readonly from: number;
  readonly to: number;
  /** Whatever figures the reviewer gathered (e.g. `metrics.agent(id, { from, to })`), stored as they were. */
  readonly figures?: Readonly<Record<string, unknown>>;
  /** Released evaluations of the agent's interactions in the period when the review started. */
  readonly evaluationIds: readonly string[];
  /**
   * The coaching notes the reviewer put in. Read as coaching notes are: by the reviewer, by the
   * agent with `coaching:read:self`, by others in scope with `coaching:read:team`. For any other
   * session this is empty and {@link Review.notesWithheld} is set.
   */
  readonly notes: readonly string[];
  /** Set when this session may not read the review's notes, which `notes` then leaves out. */
  readonly notesWithheld?: true;
  readonly actions: readonly ReviewAction[];
  readonly state: 'open' | 'closed';
  readonly createdAt: number;
  /** Every step, oldest first: the review's audit trail, the same for both sides. */
  readonly history?: readonly ReviewStep[];
}

/** One step of a review: who started it, added or completed which action, or closed it, and when. */
export interface ReviewStep {
  readonly action: 'start' | 'add-action' | 'complete-action' | 'close';
  /** The user id that acted. */
  readonly by: string;
  /** When (epoch ms). */
  readonly at: number;
  /** The agreed action added or completed. */
  readonly actionId?: string;
}

/** Options for {@link createEvaluations}. */
export interface EvaluationsOptions {
  readonly backplane: EvaluationsBackplane;
  readonly session: Session;
  /** The teams an agent belongs to, for supervisors' and QA's scope (e.g. `id => client.getAgent(id)?.teamIds ?? []`). */
  readonly teamsOf: (agentId: string) => readonly string[];
  readonly clock?: Clock;
  /** Ids for new records. Default random UUIDs. */
  readonly newId?: () => string;
  /** Called when a {@link Evaluations.subscribe} listener throws; the other listeners still hear the write. */
  readonly onError?: (error: unknown) => void;
  /**
   * The tenant's policy, as given to `createFloorwalk`: its `roles` decide who reads the coaching
   * notes in a one-to-one review, as they decide who reads coaching notes in the client. Omitted,
   * Floorwalk's default permissions apply.
   */
  readonly policy?: Pick<PolicyOptions, 'roles'>;
}

/** Scorecards, evaluations and one-to-one reviews for one session. */
export interface Evaluations {
  /** The session these calls act as; views use it to offer only what the role may do. */
  readonly session: Session;
  defineScorecard(card: Scorecard): Promise<void>;
  getScorecards(): Promise<Scorecard[]>;
  /**
   * Drafts an evaluation of an interaction (roles `qa`, `supervisor`, `admin`). `key` makes it
   * idempotent: the draft's id is derived from it, so a save retried after a timeout (or sent
   * twice at once) finds the draft the first one made instead of making a second. Found still a
   * draft with other answers or comment, it is revised to these; a key another evaluator or
   * another interaction used is refused (`Conflict`). Use one key per form, not per click.
   */
  evaluate(input: { scorecardId: string; interactionId: string; agentId: string; answers: Record<string, Answer>; comment?: string; key?: string }): Promise<Evaluation>;
  /**
   * Changes a draft's answers (its evaluator only); `comment` left out keeps it, empty removes it.
   * `basis` is the evaluation as the editor read it: if it has changed since (the evaluator's
   * other tab saved, say), the revision is refused with `Conflict` rather than written over it
   * (told by its `history` here, by its `version` where the platform keeps one). Changed since
   * only by this same revision (a retry after its reply was lost), it returns the evaluation.
   */
  revise(evaluationId: string, answers: Record<string, Answer>, comment?: string, basis?: Evaluation): Promise<Evaluation>;
  /**
   * Shows a draft (or a disputed evaluation, revised) to the agent. Released last by this
   * evaluator already (a retry), it returns it. `basis`, as for {@link Evaluations.revise}: the
   * evaluation as the releaser read it; changed since (another tab revised it), the release is
   * refused with `Conflict` rather than releasing what they never saw.
   */
  release(evaluationId: string, basis?: Evaluation): Promise<Evaluation>;
  /** The agent accepts a released evaluation. The same answer again (a retry) returns it; another answer is `Conflict`. */
  acknowledge(evaluationId: string, comment?: string): Promise<Evaluation>;
  /** The agent disputes a released evaluation; a comment is required. The same dispute again (a retry) returns it. */
  dispute(evaluationId: string, comment: string): Promise<Evaluation>;
  /** Evaluations this session may see: an agent their own released ones, others those in scope. */
  getEvaluations(filter?: { agentId?: string }): Promise<Evaluation[]>;
  startReview(input: { agentId: string; from: number; to: number; figures?: Record<string, unknown>; notes?: readonly string[] }): Promise<Review>;
  addAction(reviewId: string, text: string, owner: 'agent' | 'reviewer'): Promise<Review>;
  /** Marks an action done: the reviewer, or the agent for their own actions. One done already stays as it is. */
  completeAction(reviewId: string, actionId: string): Promise<Review>;
  closeReview(reviewId: string): Promise<Review>;
  getReviews(filter?: { agentId?: string }): Promise<Review[]>;
  /**
   * Hears any scorecard, evaluation or review written by any session on the backplane (a form
   * open on a scorecard that changes must show the new one: that is the card a save is scored
   * on). A listener that throws is reported to `onError` and never fails the write that woke it.
   */
  subscribe(listener: () => void): () => void;
}

const EVALUATORS = new Set(['qa', 'supervisor', 'admin']);
/**
 * Longest id or key, and longest comment, accepted: as for commands (`MAX_TEXT_LENGTH`), far
 * above real use and far below what would bloat the backplane. Not imported: that module would
 * bring the command checks' tables into this entry.
 */
const MAX_ID = 1000;
const MAX_TEXT = 4000;
const isId = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= MAX_ID;
const REVIEWERS = new Set(['supervisor', 'admin']);
/**
 * The coaching-note reads of each role in DEFAULT_ROLE_PERMISSIONS, for a session whose tenant
 * policy leaves its role out. Not imported, like the limits above: the whole table would add a
 * tenth to this entry. evaluations.test.ts holds the two to one another.
 */
const NOTE_READS: Readonly<Record<Role, readonly Permission[]>> = { agent: ['coaching:read:self'], supervisor: ['coaching:read:team'], qa: ['coaching:read:team'], admin: [] };

/**
 * Scorecards, evaluations and one-to-one reviews over a backplane, with Floorwalk's permissions:
 * `qa`, `supervisor` and `admin` evaluate agents in their teams; an agent sees only their own
 * released evaluations and reviews, and acknowledges or disputes them; the coaching notes in a
 * review go only to those who may read coaching notes under the tenant's `policy`. Every call returns a
 * promise that rejects with a typed {@link FloorwalkError} (`Forbidden`, `OutOfScope`,
 * `UnknownEntity`, `Conflict`, `InvalidArgument`).
 *
 * @example
 * ```ts
 * const evaluations = createEvaluations({ backplane, session, policy, teamsOf: (id) => client.getAgent(id)?.teamIds ?? [] });
 * const draft = await evaluations.evaluate({ scorecardId: 'calls', interactionId: 'i-1', agentId: 'a-7', answers });
 * await evaluations.release(draft.id);
 * ```
 */
export function createEvaluations(options: EvaluationsOptions): Evaluations {
  const { backplane, session, teamsOf } = options ?? ({} as Partial<EvaluationsOptions>);
  if (typeof session?.userId !== 'string' || typeof backplane?.watch !== 'function' || typeof teamsOf !== 'function') {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'createEvaluations needs { backplane, session, teamsOf }.');
  }
  const granted: unknown = options.policy?.roles?.[session.role] ?? NOTE_READS[session.role] ?? [];
  if (!Array.isArray(granted)) throw new FloorwalkError(ErrorCode.InvalidArgument, `createEvaluations: policy.roles.${session.role} must be a list of permissions.`);
  const may = (permission: Permission): boolean => granted.includes(permission);
  const clock = options.clock ?? systemClock;
  // crypto.randomUUID is missing on a page served over plain http from another host.
  let seq = 0;
  const newId = options.newId ?? (() => globalThis.crypto?.randomUUID?.() ?? `${clock.now().toString(36)}-${Math.random().toString(36).slice(2)}-${(seq++).toString(36)}`);
  const me = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);

  const fail = (code: (typeof ErrorCode)[keyof typeof ErrorCode], message: string, details: Record<string, unknown> = {}): Promise<never> =>
    Promise.reject(new FloorwalkError(code, message, { details }));

  const inScope = (agentId: string): boolean => {
    if (session.teamIds === 'all') return true;
    const mine = session.teamIds;
    return teamsOf(agentId).some((t) => mine.includes(t));
  };
  /** Whether this session may see records about `agentId` at all. */
  const maySee = (agentId: string): boolean => (session.role === 'agent' ? agentId === me : inScope(agentId));

  // The version of each record as this service last read it: a write says which version it was
  // based on, so of two people changing one evaluation at once the second is told (Conflict)
  // rather than silently undoing the first.
  const versions = new Map<string, number>();
  const seen = <T>(record: { key: string; value: unknown; version: number }): T => {
    versions.set(record.key, record.version);
    return record.value as T;
  };
  const read = async <T>(key: string): Promise<T | undefined> => {
    const record = await backplane.get<T>(key);
    return record === undefined ? undefined : seen<T>(record);
  };
  const list = async <T>(prefix: string): Promise<T[]> => (await backplane.list<T>(prefix)).map((record) => seen<T>(record));
  /** Writes over the version last read, or (`fresh`) only where there is no record yet. */
  const write = async <T extends { id: string }>(prefix: string, value: T, fresh?: boolean): Promise<T> => {
    const key = `${prefix}${value.id}`;
    const record = await backplane.put({ key, value, author: session.userId, at: clock.now(), expectedVersion: fresh ? 0 : (versions.get(key) ?? 0) });
    versions.set(key, record.version);
    return value;
  };

  /**
   * Whether the evaluation is of this session's own work. Its subject reads it as an agent does,
   * whatever their role: a supervisor who also takes interactions is not shown drafts about them.
   */
  const mine = (e: Evaluation): boolean => e.agentId === me || e.agentId === session.userId;

  const badId = (): Promise<never> => fail(ErrorCode.InvalidArgument, `An id is a text of 1 to ${MAX_ID} characters.`);

  const loadEvaluation = async (id: string): Promise<Evaluation> => {
    if (!isId(id)) return badId();
    const e = await read<Evaluation>(`evaluation:${id}`);
    // An agent cannot tell a draft about them from no evaluation at all.
    if (e === undefined || !maySee(e.agentId) || (mine(e) && e.state === 'draft')) {
      return fail(ErrorCode.UnknownEntity, `No evaluation ${id} in view.`, { evaluationId: id });
    }
    return e;
  };

  /**
   * A review as this session reads it. Its notes are coaching notes, read as the client's policy
   * reads those: by who wrote them (the reviewer), by the agent they are about with
   * `coaching:read:self`, by a session in scope with `coaching:read:team`; anyone else who may
   * see the review (an admin by default, or an analyst whose tenant took the permission away)
   * reads it without them.
   */
  const view = (r: Review): Review =>
    r.reviewerId === session.userId || (r.agentId === me && may('coaching:read:self')) || (may('coaching:read:team') && inScope(r.agentId)) ? r : { ...r, notes: [], notesWithheld: true };

  const loadReview = async (id: string): Promise<Review> => {
    if (!isId(id)) return badId();
    const r = await read<Review>(`review:${id}`);
    if (r === undefined || !maySee(r.agentId)) return fail(ErrorCode.UnknownEntity, `No review ${id} in view.`, { reviewId: id });
    return r;
  };

  // Scored against the card an evaluation was made with, when it kept one, so that a card
  // changed since neither refuses nor silently rescales the revision of an older evaluation.
  const scored = async (scorecardId: string, answers: Record<string, Answer>, kept?: Scorecard): Promise<{ score: number | null; criticalFailed: readonly string[]; scorecard: Scorecard }> => {
    const card = kept ?? (await read<Scorecard>(`scorecard:${scorecardId}`));
    if (card === undefined) return fail(ErrorCode.UnknownEntity, `No scorecard ${scorecardId}.`, { scorecardId });
    const { score, criticalFailed } = scoreEvaluation(card, answers);
    return { score, criticalFailed, scorecard: card };
  };

  const step = (e: Evaluation | undefined, action: EvaluationStep['action'], comment?: string): EvaluationStep[] => [
    ...(e?.history ?? []),
    { action, by: session.userId, at: clock.now(), ...(comment ? { comment } : {}) },
  ];

  /** What the evaluated agent reads: the released content, never a revision waiting to be released. */
  const forAgent = (e: Evaluation): Evaluation => {
    if (!mine(e)) return e;
    const { shown, comment, history, ...rest } = e;
    const view = shown ?? (comment === undefined ? {} : { comment });
    return history === undefined ? { ...rest, ...view } : { ...rest, ...view, history: history.filter((s) => s.action !== 'revise') };
  };

  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof FloorwalkError) throw error;
      throw new FloorwalkError(ErrorCode.Internal, 'The evaluations backplane failed.', { cause: error });
    }
  };

  const reviewStep = (action: ReviewStep['action'], actionId?: string): ReviewStep => ({ action, by: session.userId, at: clock.now(), ...(actionId ? { actionId } : {}) });

  /** A comment as stored: trimmed text, '' for none. Anything but text, or text too long, is refused (and not echoed). */
  const text = (comment: unknown): string => {
    if (comment === undefined || (typeof comment === 'string' && comment.length <= MAX_TEXT)) return comment?.trim() ?? '';
    throw new FloorwalkError(ErrorCode.InvalidArgument, `A comment is text of at most ${MAX_TEXT} characters.`, { details: { field: 'comment', limit: MAX_TEXT } });
  };

  const respond = (id: string, state: 'acknowledged' | 'disputed', said: unknown) =>
    guard(async () => {
      const comment = text(said);
      const e = await loadEvaluation(id);
      if (e.agentId !== me) return fail(ErrorCode.Forbidden, 'Only the evaluated agent answers an evaluation.', { evaluationId: id });
      // This very answer, given already (a retry after its reply was lost): done.
      if (e.state === state && (e.agentComment ?? '') === comment) return forAgent(e);
      if (e.state !== 'released') return fail(ErrorCode.Conflict, `Evaluation ${id} is ${e.state}, not awaiting an answer.`, { evaluationId: id });
      return forAgent(await write('evaluation:', { ...e, state, respondedAt: clock.now(), ...(comment ? { agentComment: comment } : {}), history: step(e, state === 'disputed' ? 'dispute' : 'acknowledge', comment) }));
    });

  /** Whether the evaluation holds these answers and this comment ('' for none) already. */
  const holds = (e: Evaluation, answers: Record<string, Answer> | undefined, comment: string): boolean => {
    const a = answers ?? {};
    return Object.keys(a).length === Object.keys(e.answers).length && Object.keys(a).every((c) => a[c] === e.answers[c]) && comment === (e.comment ?? '');
  };

  /** A draft or disputed evaluation with new answers; `comment` left out keeps the one it has. */
  const amend = async (e: Evaluation, answers: Record<string, Answer>, comment: unknown): Promise<Evaluation> => {
    const { score, criticalFailed, scorecard } = await scored(e.scorecardId, answers, e.scorecard);
    // The agent who disputed it keeps reading what was released until the revision is.
    const shown = e.shown ?? (e.state === 'disputed' ? { answers: e.answers, score: e.score, criticalFailed: e.criticalFailed, ...(e.comment === undefined ? {} : { comment: e.comment }) } : undefined);
    const { comment: was, ...rest } = e;
    const now = comment === undefined ? was : text(comment);
    return write('evaluation:', { ...rest, answers: { ...answers }, score, criticalFailed, scorecard, ...(now ? { comment: now } : {}), ...(shown ? { shown } : {}), history: step(e, 'revise') });
  };

  const onError = options.onError;
  const hear = (listener: () => void) => () => {
    // A backplane delivers writes synchronously to its listeners: a throwing view would
    // otherwise reject the write of whoever saved, though the record was stored.
    try {
      listener();
    } catch (error) {
      onError?.(error);
    }
  };

  return {
    session,
    defineScorecard: (card) =>
      guard(async () => {
        if (session.role !== 'qa' && session.role !== 'admin') return fail(ErrorCode.Forbidden, 'Only QA and admins define scorecards.');
        checkScorecard(card);
        // Defining a card again replaces it: whatever version is there now is the one replaced.
        await read(`scorecard:${card.id}`);
        await write('scorecard:', structuredClone(card) as Scorecard);
      }),
    getScorecards: () => guard(() => list<Scorecard>('scorecard:')),
    evaluate: (input) =>
      guard(async () => {
        if (!EVALUATORS.has(session.role)) return fail(ErrorCode.Forbidden, 'Only QA, supervisors and admins evaluate.');
        const { scorecardId, interactionId, agentId, key } = input;
        // Ids and the key end up in keys and records others read: bounded, and not echoed back.
        if (![scorecardId, interactionId, agentId].every(isId) || !(key === undefined || isId(key))) return badId();
        if (!inScope(agentId)) return fail(ErrorCode.OutOfScope, `Agent ${agentId} is outside your teams.`, { agentId });
        // A supervisor or analyst who also takes interactions would otherwise score and release their own.
        if (agentId === me || agentId === session.userId) return fail(ErrorCode.Forbidden, 'No one evaluates their own interactions.', { agentId });
        const comment = text(input.comment);
        const id = key === undefined ? newId() : `ev-${key}`;
        /** The draft an earlier call with this key made: the same again, or revised to this call's answers. */
        const again = (e: Evaluation): Promise<Evaluation> => {
          if (e.evaluatorId !== session.userId || e.interactionId !== interactionId || e.agentId !== agentId || e.scorecardId !== scorecardId) {
            return fail(ErrorCode.Conflict, `Key ${key} is another evaluation's.`, { evaluationId: id });
          }
          if (holds(e, input.answers, comment)) return Promise.resolve(e);
          return e.state === 'draft' ? amend(e, input.answers ?? {}, comment) : fail(ErrorCode.Conflict, `Evaluation ${id} is ${e.state}.`, { evaluationId: id });
        };
        const held = key === undefined ? undefined : await read<Evaluation>(`evaluation:${id}`);
        if (held !== undefined) return again(held);
        const { score, criticalFailed, scorecard } = await scored(scorecardId, input.answers);
        try {
          return await write<Evaluation>(
            'evaluation:',
            {
              id,
              scorecardId,
              interactionId,
              agentId,
              evaluatorId: session.userId,
              answers: { ...input.answers },
              score,
              criticalFailed,
              ...(comment ? { comment } : {}),
              state: 'draft',
              createdAt: clock.now(),
              scorecard,
              history: step(undefined, 'evaluate'),
            },
            true,
          );
        } catch (error) {
          // The same key sent twice at once: the other call made the draft.
          const other = key === undefined || !isFloorwalkError(error) || error.code !== ErrorCode.Conflict ? undefined : await read<Evaluation>(`evaluation:${id}`);
          if (other === undefined) throw error;
          return again(other);
        }
      }),
    revise: (id, answers, comment, basis) =>
      guard(async () => {
        const e = await loadEvaluation(id);
        if (e.evaluatorId !== session.userId) return fail(ErrorCode.Forbidden, 'Only its evaluator revises an evaluation.', { evaluationId: id });
        // Every write adds a step to the history, so its length tells whether the basis is current.
        const stale = basis !== undefined && basis?.history?.length !== e.history?.length;
        // Changed since only by this very revision, whose reply was lost: it is done already.
        if (stale && e.history?.at(-1)?.action === 'revise' && e.history.at(-1)?.by === session.userId && holds(e, answers, comment === undefined ? e.comment ?? '' : text(comment))) return e;
        if (stale || (e.state !== 'draft' && e.state !== 'disputed')) return fail(ErrorCode.Conflict, `Evaluation ${id} is ${stale ? 'changed since' : e.state}.`, { evaluationId: id });
        return amend(e, answers, comment);
      }),
    release: (id, basis) =>
      guard(async () => {
        const e = await loadEvaluation(id);
        if (!EVALUATORS.has(session.role) || mine(e)) return fail(ErrorCode.Forbidden, 'Only evaluators release evaluations, and not of their own work.', { evaluationId: id });
        // Released last by this evaluator: a retry of a release whose reply was lost, done already.
        if (e.state === 'released' && e.history?.at(-1)?.action === 'release' && e.history.at(-1)?.by === session.userId) return e;
        const stale = basis !== undefined && basis?.history?.length !== e.history?.length;
        if (stale || (e.state !== 'draft' && e.state !== 'disputed')) return fail(ErrorCode.Conflict, `Evaluation ${id} is ${stale ? 'changed since' : e.state}.`, { evaluationId: id });
        const { respondedAt: _r, agentComment: _c, shown: _s, ...rest } = e;
        return write<Evaluation>('evaluation:', { ...rest, state: 'released', releasedAt: clock.now(), history: step(e, 'release') });
      }),
    acknowledge: (id, comment) => respond(id, 'acknowledged', comment),
    dispute: (id, comment) =>
      typeof comment === 'string' && comment.trim() !== '' ? respond(id, 'disputed', comment) : fail(ErrorCode.InvalidArgument, 'A dispute needs a comment saying why.', { evaluationId: id }),
    getEvaluations: (filter = {}) =>
      guard(async () =>
        (await list<Evaluation>('evaluation:'))
          .filter((e) => maySee(e.agentId) && !(mine(e) && e.state === 'draft'))
          .filter((e) => filter.agentId === undefined || e.agentId === filter.agentId)
          .sort((a, b) => a.createdAt - b.createdAt)
          .map(forAgent),
      ),
    startReview: (input) =>
      guard(async () => {
        if (!isId(input.agentId)) return badId();
        if (!REVIEWERS.has(session.role) || input.agentId === me || input.agentId === session.userId) return fail(ErrorCode.Forbidden, 'Only supervisors and admins hold reviews, and not of themselves.');
        if (!inScope(input.agentId)) return fail(ErrorCode.OutOfScope, `Agent ${input.agentId} is outside your teams.`, { agentId: input.agentId });
        if (!(Number.isFinite(input.from) && Number.isFinite(input.to) && input.from <= input.to)) {
          return fail(ErrorCode.InvalidArgument, 'A review period is { from, to } with from <= to.');
        }
        const evaluations = (await list<Evaluation>('evaluation:')).filter((e) => e.agentId === input.agentId && e.state !== 'draft' && e.releasedAt !== undefined && e.createdAt >= input.from && e.createdAt < input.to);
        return write<Review>('review:', {
          id: newId(),
          agentId: input.agentId,
          reviewerId: session.userId,
          from: input.from,
          to: input.to,
          ...(input.figures ? { figures: structuredClone(input.figures) } : {}),
          evaluationIds: evaluations.map((e) => e.id),
          notes: [...(input.notes ?? [])],
          actions: [],
          state: 'open',
          createdAt: clock.now(),
          history: [reviewStep('start')],
        });
      }),
    addAction: (reviewId, text, owner) =>
      guard(async () => {
        const r = await loadReview(reviewId);
        if (r.reviewerId !== session.userId) return fail(ErrorCode.Forbidden, 'Only the reviewer records agreed actions.', { reviewId });
        if (r.state !== 'open') return fail(ErrorCode.Conflict, `Review ${reviewId} is closed.`, { reviewId });
        if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT || (owner !== 'agent' && owner !== 'reviewer')) {
          return fail(ErrorCode.InvalidArgument, `An action needs text (at most ${MAX_TEXT} characters) and an owner, agent or reviewer.`, { reviewId });
        }
        const actionId = newId();
        return write('review:', { ...r, actions: [...r.actions, { id: actionId, text: text.trim(), owner, done: false }], history: [...(r.history ?? []), reviewStep('add-action', actionId)] });
      }),
    completeAction: (reviewId, actionId) =>
      guard(async () => {
        const r = await loadReview(reviewId);
        const action = r.actions.find((a) => a.id === actionId);
        if (action === undefined) return fail(ErrorCode.UnknownEntity, `No action ${actionId} in review ${reviewId}.`, { reviewId, actionId });
        const mayComplete = r.reviewerId === session.userId || (action.owner === 'agent' && r.agentId === me);
        if (!mayComplete) return fail(ErrorCode.Forbidden, 'Only the reviewer, or the agent for their own actions, completes an action.', { reviewId });
        // Done already (a retry after a lost reply, or the other side at the same moment): one step, not two.
        // The agent completes one too: what they are handed back is what they may read.
        if (action.done) return view(r);
        return view(await write('review:', { ...r, actions: r.actions.map((a) => (a.id === actionId ? { ...a, done: true } : a)), history: [...(r.history ?? []), reviewStep('complete-action', actionId)] }));
      }),
    closeReview: (reviewId) =>
      guard(async () => {
        const r = await loadReview(reviewId);
        if (r.reviewerId !== session.userId) return fail(ErrorCode.Forbidden, 'Only the reviewer closes a review.', { reviewId });
        if (r.state !== 'open') return fail(ErrorCode.Conflict, `Review ${reviewId} is closed.`, { reviewId });
        return write('review:', { ...r, state: 'closed' as const, history: [...(r.history ?? []), reviewStep('close')] });
      }),
    getReviews: (filter = {}) =>
      guard(async () =>
        (await list<Review>('review:'))
          .filter((r) => maySee(r.agentId) && (filter.agentId === undefined || r.agentId === filter.agentId))
          .sort((a, b) => a.createdAt - b.createdAt)
          .map(view),
      ),
    subscribe: (listener) =>
      backplane.watch((change) => {
        if (change.kind === 'record' && /^(evaluation|review|scorecard):/.test(change.record.key)) hear(listener)();
      }),
  };
}
