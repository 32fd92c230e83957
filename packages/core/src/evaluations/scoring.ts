import { ErrorCode, FloorwalkError } from '../errors.js';

/** How a criterion is answered: yes or no, or a point on a scale from 0 to `scaleMax`. */
export type CriterionKind = 'yes-no' | 'scale';

/** One weighted question of a scorecard. */
export interface Criterion {
  readonly id: string;
  readonly label: string;
  readonly kind: CriterionKind;
  /** Relative weight, > 0. */
  readonly weight: number;
  /** A critical criterion failed (answered `no`, or 0 on a scale) zeroes the whole score. */
  readonly critical?: boolean;
  /** Top of the scale for `scale` criteria. Default 5. */
  readonly scaleMax?: number;
  /** Whether "not applicable" is a valid answer. Default true for non-critical criteria. */
  readonly allowNa?: boolean;
}

/** A form of weighted criteria used to evaluate one interaction. */
export interface Scorecard {
  readonly id: string;
  readonly name: string;
  readonly criteria: readonly Criterion[];
}

/** An answer to one criterion: `yes`, `no`, `na` (not applicable) or a scale value. */
export type Answer = 'yes' | 'no' | 'na' | number;

/** The outcome of scoring a set of answers against a scorecard. */
export interface ScoreResult {
  /** 0..100, or null when every criterion was not applicable. */
  readonly score: number | null;
  /** Weighted points earned and available, over the applicable criteria. */
  readonly points: number;
  readonly maxPoints: number;
  /** Critical criteria that failed; when any did, `score` is 0. */
  readonly criticalFailed: readonly string[];
}

const invalid = (message: string, details: Record<string, unknown>): FloorwalkError =>
  new FloorwalkError(ErrorCode.InvalidArgument, message, { details });

/** Checks a scorecard's shape; throws a typed error naming the first problem. */
export function checkScorecard(card: Scorecard): void {
  if (typeof card?.id !== 'string' || card.id === '' || typeof card.name !== 'string' || !Array.isArray(card.criteria) || card.criteria.length === 0) {
    throw invalid('A scorecard needs an id, a name and at least one criterion.', { scorecard: card?.id });
  }
  const ids = new Set<string>();
  for (const c of card.criteria) {
    if (typeof c?.id !== 'string' || c.id === '' || ids.has(c.id)) throw invalid('Each criterion needs a unique id.', { criterion: c?.id });
    ids.add(c.id);
    if (c.kind !== 'yes-no' && c.kind !== 'scale') throw invalid(`Criterion ${c.id}: kind is "yes-no" or "scale".`, { criterion: c.id });
    if (!(typeof c.weight === 'number' && Number.isFinite(c.weight) && c.weight > 0)) throw invalid(`Criterion ${c.id}: weight must be a positive number.`, { criterion: c.id });
    if (c.scaleMax !== undefined && !(Number.isInteger(c.scaleMax) && c.scaleMax > 0)) throw invalid(`Criterion ${c.id}: scaleMax must be a positive whole number.`, { criterion: c.id });
  }
}

/** Share of a criterion's weight an answer earns, or null for not applicable. */
function fraction(c: Criterion, answer: Answer): number | null {
  if (answer === 'na') {
    if (c.allowNa ?? c.critical !== true) return null;
    throw invalid(`Criterion ${c.id} cannot be answered "not applicable".`, { criterion: c.id });
  }
  if (c.kind === 'yes-no') {
    if (answer === 'yes') return 1;
    if (answer === 'no') return 0;
    throw invalid(`Criterion ${c.id} is answered yes or no.`, { criterion: c.id, answer });
  }
  const max = c.scaleMax ?? 5;
  if (typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer <= max) return answer / max;
  throw invalid(`Criterion ${c.id} is answered with a whole number from 0 to ${max}.`, { criterion: c.id, answer });
}

/**
 * A score (0..100) as the whole percentage to show: rounded down, so that 99.6 never reads as a
 * perfect 100 (nor 79.6 as a target of 80). The epsilon keeps a float a hair under a whole
 * number (79.99999999999999) on it.
 *
 * @example
 * ```ts
 * wholeScore(99.6); // 99
 * wholeScore(89.375); // 89
 * ```
 */
export const wholeScore = (score: number): number => Math.floor(score + 1e-9);

/**
 * Scores answers against a scorecard: each applicable criterion earns `weight × fraction`
 * (yes 1, no 0, scale value / scaleMax); the score is earned / available × 100; a failed critical
 * criterion makes it 0. Every criterion must be answered (`na` where not applicable).
 *
 * @example
 * ```ts
 * const card = { id: 'c', name: 'Calls', criteria: [
 *   { id: 'greet', label: 'Greeted', kind: 'yes-no', weight: 1 },
 *   { id: 'id', label: 'Verified identity', kind: 'yes-no', weight: 1, critical: true },
 * ] };
 * scoreEvaluation(card, { greet: 'yes', id: 'yes' }).score; // 100
 * scoreEvaluation(card, { greet: 'yes', id: 'no' }).score; // 0: a critical failure
 * ```
 */
export function scoreEvaluation(card: Scorecard, answers: Readonly<Record<string, Answer>>): ScoreResult {
  checkScorecard(card);
  const known = new Set(card.criteria.map((c) => c.id));
  for (const id of Object.keys(answers ?? {})) if (!known.has(id)) throw invalid(`No criterion ${id} on scorecard ${card.id}.`, { criterion: id });
  let points = 0;
  let maxPoints = 0;
  const criticalFailed: string[] = [];
  for (const c of card.criteria) {
    if (!Object.hasOwn(answers ?? {}, c.id)) throw invalid(`Criterion ${c.id} is not answered.`, { criterion: c.id });
    const f = fraction(c, answers[c.id] as Answer);
    if (f === null) continue;
    points += c.weight * f;
    maxPoints += c.weight;
    if (c.critical === true && f === 0) criticalFailed.push(c.id);
  }
  const score = maxPoints === 0 ? null : criticalFailed.length > 0 ? 0 : (points / maxPoints) * 100;
  return { score, points, maxPoints, criticalFailed };
}
