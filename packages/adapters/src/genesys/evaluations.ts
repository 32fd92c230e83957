import { ErrorCode, FloorwalkError, systemClock, type Clock, type Session } from '@floorwalk/core';
import { createEvaluations, type Evaluations, type EvaluationsBackplane, type EvaluationsOptions } from '@floorwalk/core/evaluations';
import { lazy } from './lazy.js';
import { isObj, str, time } from './map.js';
import type { QualityMethods } from './quality.js';

/*
 * Floorwalk's evaluations over Genesys Cloud quality management (reference §4.3). What talks to
 * Genesys (quality.ts: forms, evaluations, the quality topic's bodies) loads when a host first
 * creates the service, so a page with the adapter and no evaluations never loads it; reviews are
 * Floorwalk's own, done by the core service over the same backplane.
 */

/** What {@link createGenesysEvaluations} needs of the adapter: its REST client and the quality topic. */
export interface GenesysQualityLink {
  /** The adapter's: a write (`POST`, `PUT`) that meets a 429 rejects at once with `RateLimited`, never waits it out and sends again. */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  onEvaluation(listener: (body: unknown) => void): () => void;
}

/** Options of {@link createGenesysEvaluations}. */
export interface GenesysEvaluationsOptions {
  /** The Genesys adapter (created with `qualityEvaluations: true` for live updates). */
  readonly genesys: GenesysQualityLink;
  readonly session: Session;
  /** The teams an agent belongs to, for supervisors' and QA's scope. */
  readonly teamsOf: (agentId: string) => readonly string[];
  /** Where disputes, reviews and a copy of the evaluations seen are kept (Genesys has no API for the first two). */
  readonly backplane: EvaluationsBackplane;
  readonly clock?: Clock;
  /** The tenant's policy, as given to `createFloorwalk`: its `roles` decide who reads a review's coaching notes (see `createEvaluations`). */
  readonly policy?: EvaluationsOptions['policy'];
  /** Bad vendor payloads on the quality topic, as typed errors. */
  readonly onError?: (error: FloorwalkError) => void;
}

const loadQuality = lazy(() => import('./quality.js'), ErrorCode.VendorError, 'Genesys evaluations could not load.');

/**
 * Floorwalk's evaluations over Genesys Cloud quality management, for one session. Scorecards are
 * the org's published evaluation forms (defined in Genesys, so `defineScorecard` is `Unsupported`);
 * evaluations are created, revised, released and signed off in Genesys; an agent's dispute and the
 * one-to-one reviews stay in `backplane`. Permissions are Genesys' own and Floorwalk's: an agent
 * session sees only its own released evaluations, supervisors and QA their teams'. Every method
 * rejects with a typed FloorwalkError.
 *
 * @example
 * ```ts
 * const adapter = createGenesysAdapter({ ...options, qualityEvaluations: true });
 * const evaluations = createGenesysEvaluations({ genesys: adapter, session, backplane: createMemoryBackplane(), teamsOf: (id) => client.getAgent(id)?.teamIds ?? [] });
 * const [card] = await evaluations.getScorecards();
 * ```
 */
export function createGenesysEvaluations(options: GenesysEvaluationsOptions): Evaluations & { close(): void } {
  // onError is the host's, for typed errors of the Genesys part; the rest the core service takes.
  const { genesys, onError, ...shared } = options ?? ({} as GenesysEvaluationsOptions);
  // Reviews, and the state machine's checks on them, are Floorwalk's: the core service does them
  // over the same backplane, where the Genesys evaluations are mirrored for it to find.
  const local = createEvaluations({ ...shared, clock: shared.clock ?? systemClock });
  let methods: QualityMethods | undefined;
  let closed = false;
  /** Bodies heard before the Genesys part loaded, handed to it in order once it has. */
  let early: unknown[] = [];
  const ready = (): Promise<QualityMethods> =>
    loadQuality().then((m) => {
      if (methods === undefined) {
        methods = m.createQualityMethods(options, { isObj, str, time });
        const held = early;
        early = [];
        if (!closed) for (const body of held) methods.onBody(body);
      }
      return methods;
    });
  // The topic is heard from creation on: what arrives while the Genesys part loads is kept for it.
  const stopListening = genesys.onEvaluation((body) => {
    if (methods !== undefined) methods.onBody(body);
    else early.push(body);
  });
  ready().catch((err: unknown) => onError?.(err as FloorwalkError));
  /** A method of the Genesys part, every argument passed on (a revision's basis too). */
  const via = <K extends keyof Evaluations>(name: K): Evaluations[K] => ((...args: unknown[]) => ready().then((m) => (m[name as keyof QualityMethods] as (...a: unknown[]) => unknown)(...args))) as never;
  // The core service's session, reviews and subscribe as they are; every evaluation method below
  // replaces its local twin (a method Evaluations gains must be added here, or it stays local).
  return {
    ...local,
    defineScorecard: via('defineScorecard'),
    getScorecards: via('getScorecards'),
    evaluate: via('evaluate'),
    revise: via('revise'),
    release: via('release'),
    acknowledge: via('acknowledge'),
    dispute: via('dispute'),
    getEvaluations: via('getEvaluations'),
    close: () => {
      closed = true;
      early = [];
      stopListening();
    },
  };
}
