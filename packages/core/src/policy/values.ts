import { POLICY_DEFAULTS, type PolicyOptions } from './permissions.js';

/**
 * The tenant policy values that may change while clients run (`client.setPolicy`). Roles and
 * step-up stay what the host configured: widening a role at run time would bypass the host's own
 * review of its configuration.
 */
export const POLICY_FIELDS = [
  'monitoringNotice',
  'privateCoachingNotes',
  'activitySignal',
  'checkInNoticeMs',
  'checkInWindowMs',
  'helpEscalationMs',
  'monitoringLeaseMs',
] as const;
/** One of {@link POLICY_FIELDS}. */
export type PolicyField = (typeof POLICY_FIELDS)[number];

/** A change of tenant policy values: the fields given change, the others stay. */
export type PolicyChanges = Pick<PolicyOptions, PolicyField>;

/** The policy values in force on a client, defaults filled in. */
export interface PolicyValues {
  readonly monitoringNotice: boolean;
  readonly privateCoachingNotes: boolean;
  /** Whether the activity signal is on, and how often a change may be shared (ms). */
  readonly activitySignal: { readonly enabled: boolean; readonly granularityMs: number };
  readonly checkInNoticeMs: number;
  readonly checkInWindowMs: number;
  readonly helpEscalationMs: number;
  readonly monitoringLeaseMs: number;
}

const BOOLEANS: ReadonlySet<string> = new Set(['monitoringNotice', 'privateCoachingNotes']);
const DURATIONS: ReadonlySet<string> = new Set(['checkInNoticeMs', 'checkInWindowMs', 'helpEscalationMs', 'monitoringLeaseMs']);
/** A year: longer durations are typing mistakes, and they would overflow timers. */
const MAX_MS = 366 * 86_400_000;

const isMs = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_MS;

/**
 * The first problem of a policy change, as a sentence fragment naming the field, or null. Used
 * for the `set-policy` command (host input) and the `policy` event (platform input) alike.
 *
 * @internal
 */
export function policyChangesProblem(changes: unknown): string | null {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return 'changes must be an object of policy values';
  const keys = Object.keys(changes);
  if (keys.length === 0) return 'changes must name at least one policy value';
  const c = changes as Record<string, unknown>;
  for (const key of keys) {
    const value = c[key];
    if (BOOLEANS.has(key)) {
      if (typeof value !== 'boolean') return `changes.${key} must be a boolean`;
    } else if (DURATIONS.has(key)) {
      if (!isMs(value)) return `changes.${key} must be a number of milliseconds from 0 to a year`;
    } else if (key === 'activitySignal') {
      const s = value as Record<string, unknown> | null;
      if (typeof s !== 'object' || s === null || typeof s.enabled !== 'boolean') return 'changes.activitySignal must be { enabled: boolean, granularityMs? }';
      if (s.granularityMs !== undefined && !(isMs(s.granularityMs) && (s.granularityMs as number) >= 1000)) {
        return 'changes.activitySignal.granularityMs must be at least 1000 ms';
      }
    } else {
      return `changes.${key} cannot change at run time (only ${POLICY_FIELDS.join(', ')})`;
    }
  }
  return null;
}

/** A duration as given, or the fallback for anything but a finite, non-negative number. @internal */
export function ms(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * The values after a change, and the fields whose value differs. Fields absent from `changes`
 * keep their value; an activity signal given without a granularity keeps the current one.
 *
 * @internal
 */
export function applyPolicyChanges(values: PolicyValues, changes: PolicyChanges): { values: PolicyValues; changed: PolicyField[] } {
  const signal = changes.activitySignal;
  const next: PolicyValues = {
    monitoringNotice: typeof changes.monitoringNotice === 'boolean' ? changes.monitoringNotice : values.monitoringNotice,
    privateCoachingNotes: typeof changes.privateCoachingNotes === 'boolean' ? changes.privateCoachingNotes : values.privateCoachingNotes,
    activitySignal:
      signal === undefined || signal === null
        ? values.activitySignal
        : { enabled: signal.enabled === true, granularityMs: Math.max(1000, ms(signal.granularityMs, values.activitySignal.granularityMs)) },
    checkInNoticeMs: ms(changes.checkInNoticeMs, values.checkInNoticeMs),
    checkInWindowMs: ms(changes.checkInWindowMs, values.checkInWindowMs),
    helpEscalationMs: ms(changes.helpEscalationMs, values.helpEscalationMs),
    monitoringLeaseMs: ms(changes.monitoringLeaseMs, values.monitoringLeaseMs),
  };
  const changed = POLICY_FIELDS.filter((f) => (f === 'activitySignal' ? !sameSignal(values.activitySignal, next.activitySignal) : values[f] !== next[f]));
  return { values: changed.length === 0 ? values : Object.freeze(next), changed };
}

function sameSignal(a: PolicyValues['activitySignal'], b: PolicyValues['activitySignal']): boolean {
  // A granularity change while the signal is off shares nothing more: only a change in force counts.
  return a.enabled === b.enabled && (!a.enabled || a.granularityMs === b.granularityMs);
}

/**
 * The fields of a set of values as audit text, in the `field=value` form of the start-time
 * entries: `"monitoringNotice=false; activitySignal.enabled=true; activitySignal.granularityMs=60000"`.
 *
 * @internal
 */
export function describePolicy(values: PolicyValues | PolicyChanges, fields: readonly PolicyField[]): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (f === 'activitySignal') {
      const s = (values as PolicyValues).activitySignal;
      if (s === undefined) continue;
      parts.push(`activitySignal.enabled=${String(s.enabled)}`);
      if (s.granularityMs !== undefined) parts.push(`activitySignal.granularityMs=${String(s.granularityMs)}`);
    } else if ((values as Record<string, unknown>)[f] !== undefined) parts.push(`${f}=${String((values as Record<string, unknown>)[f])}`);
  }
  return parts.join('; ');
}

/** The fields a change names, in {@link POLICY_FIELDS} order. @internal */
export function fieldsOf(changes: PolicyChanges): PolicyField[] {
  return POLICY_FIELDS.filter((f) => (changes as Record<string, unknown>)[f] !== undefined);
}

/**
 * A change rebuilt from its known fields only, so nothing a host hung on the object (a token, a
 * customer record) travels to the platform or the outbox.
 *
 * @internal
 */
export function cleanChanges(changes: PolicyChanges): PolicyChanges {
  const out: { -readonly [K in PolicyField]?: PolicyChanges[K] } = {};
  for (const f of fieldsOf(changes)) {
    if (f === 'activitySignal') {
      const s = changes.activitySignal as NonNullable<PolicyChanges['activitySignal']>;
      out.activitySignal = s.granularityMs === undefined ? { enabled: s.enabled } : { enabled: s.enabled, granularityMs: s.granularityMs };
    } else (out as Record<string, unknown>)[f] = changes[f];
  }
  return out;
}

/** The values of the named fields, as a change would carry them. @internal */
export function pickPolicy(values: PolicyValues, fields: readonly PolicyField[]): PolicyChanges {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = values[f];
  return out as PolicyChanges;
}

/** The audit target of a policy change: the new values and, when known, those they replaced. @internal */
export function policyTarget(changes: PolicyChanges, previous: PolicyChanges | undefined): Record<string, string> {
  const fields = fieldsOf(changes);
  const target: Record<string, string> = { tenantPolicy: describePolicy(changes, fields) };
  if (previous !== undefined) target.previous = describePolicy(previous, fields);
  return target;
}
