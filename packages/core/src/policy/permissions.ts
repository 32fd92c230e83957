import type { StepUpPolicy } from '../step-up/step-up.js';

/** Roles a session can have. */
export const ROLES = ['agent', 'supervisor', 'qa', 'admin'] as const;
/** A session's role. */
export type Role = (typeof ROLES)[number];

/**
 * Every permission. `:self` permissions concern the session's own agent; `:team` ones the agents
 * in the teams the session may see (every team for `admin`).
 */
export const PERMISSIONS = [
  'presence:read',
  'presence:write:self',
  'presence:write:team',
  'interaction:read:self',
  'interaction:read:team',
  'customer:read:self',
  'customer:read:team',
  'customer:reveal',
  'queue:read',
  'monitor:listen',
  'monitor:whisper',
  'monitor:barge',
  'monitoring:read:team',
  'help:raise',
  'help:read:team',
  'help:respond',
  'chat:send',
  'coaching:read:self',
  'coaching:read:team',
  'coaching:write',
  'coaching:manage:team',
  'check-in:propose',
  'check-in:answer',
  'audit:read',
  'policy:write',
  'call:colleague',
  'activity:report:self',
  'activity:read:team',
] as const;
/** One permission. */
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The default permission table. Least privilege: nobody but the agent handling an interaction
 * reads its customer's data unmasked unless a tenant grants `customer:read:team` explicitly;
 * admins configure and audit but do not monitor.
 */
export const DEFAULT_ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  agent: [
    'presence:read',
    'presence:write:self',
    'interaction:read:self',
    'customer:read:self',
    'queue:read',
    'help:raise',
    'chat:send',
    'coaching:read:self',
    'check-in:answer',
    'call:colleague',
    'activity:report:self',
  ],
  supervisor: [
    'presence:read',
    'presence:write:self',
    'presence:write:team',
    'interaction:read:team',
    'queue:read',
    'monitor:listen',
    'monitor:whisper',
    'monitor:barge',
    'monitoring:read:team',
    'help:read:team',
    'help:respond',
    'customer:reveal',
    'chat:send',
    'coaching:read:team',
    'coaching:write',
    'coaching:manage:team',
    'check-in:propose',
    'call:colleague',
    'activity:read:team',
  ],
  qa: [
    'presence:read',
    'interaction:read:team',
    'queue:read',
    'monitor:listen',
    'monitoring:read:team',
    'chat:send',
    'coaching:read:team',
    'coaching:write',
    'call:colleague',
  ],
  admin: [
    'presence:read',
    'presence:write:self',
    'presence:write:team',
    'interaction:read:team',
    'queue:read',
    'monitoring:read:team',
    'help:read:team',
    'chat:send',
    'audit:read',
    'policy:write',
  ],
};

/**
 * Who is using this client, as the host's identity provider established it. Floorwalk trusts
 * the host for identity and enforces everything else.
 */
export interface Session {
  /** The signed-in person. */
  readonly userId: string;
  readonly role: Role;
  /** The agent record of this person, if they are one. Defaults to `userId` for role `agent`. */
  readonly agentId?: string;
  /** Teams this session may see and act on; `all` for every team. Agents: their own team(s). */
  readonly teamIds: readonly string[] | 'all';
  /** Display name, used in audit entries and chat. */
  readonly name?: string;
}

/**
 * A tenant's policy. Every field is optional: omitted fields keep Floorwalk's defaults.
 *
 * @example
 * ```ts
 * createFloorwalk({ adapter, session, policy: { roles: { supervisor: [...DEFAULT_ROLE_PERMISSIONS.supervisor, 'customer:read:team'] } } });
 * ```
 */
export interface PolicyOptions {
  /** Replaces the permission list of the roles given. */
  readonly roles?: Partial<Record<Role, readonly Permission[]>>;
  /**
   * Whether a monitored agent is told. Defaults to `true`. Setting it to `false` is a deliberate
   * tenant decision: it is written to the audit trail when the client starts.
   */
  readonly monitoringNotice?: boolean;
  /**
   * Actions held until the person proves presence again (WebAuthn user verification through
   * the host's `verifyUser`): barge, revealing customer data, whatever the tenant lists.
   */
  readonly stepUp?: StepUpPolicy;
  /**
   * How long a monitoring session lives without a renewal from the supervisor's client, in ms.
   * The client renews at a third of it while live; if the client vanishes, the platform ends the
   * session after the lease and the agent is told. Default 30 s.
   */
  readonly monitoringLeaseMs?: number;
  /** Escalate an unacknowledged help request to the team's next supervisor after this many ms. Default 2 min. */
  readonly helpEscalationMs?: number;
  /**
   * Allow supervisors to mark coaching notes private (never delivered to the agent's client).
   * Default `false`: every note about an agent is visible to them. Turning it on is audited.
   */
  readonly privateCoachingNotes?: boolean;
  /** Least notice for a proposed check-in, in ms. Default 24 h. */
  readonly checkInNoticeMs?: number;
  /** How long before or after its time an accepted check-in may be started, in ms. Default 10 min. */
  readonly checkInWindowMs?: number;
  /**
   * The activity signal: off unless `enabled`. When on, the agent's device turns counts of input
   * events into a coarse bucket (active, idle, away) and shares a change at most once per
   * `granularityMs` (default 60 s). Turning it on is audited.
   */
  readonly activitySignal?: { readonly enabled: boolean; readonly granularityMs?: number };
}

/** Defaults of the {@link PolicyOptions} time values, in ms. */
export const POLICY_DEFAULTS = {
  monitoringLeaseMs: 30_000,
  helpEscalationMs: 120_000,
  checkInNoticeMs: 24 * 3_600_000,
  checkInWindowMs: 10 * 60_000,
  activityGranularityMs: 60_000,
} as const;
