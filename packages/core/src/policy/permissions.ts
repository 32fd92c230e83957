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
  'check-in:propose',
  'check-in:answer',
  'audit:read',
  'policy:write',
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
    'check-in:propose',
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
}
