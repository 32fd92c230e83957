/** Audited actions. */
export const AUDIT_ACTIONS = [
  'monitoring.start',
  'monitoring.change-mode',
  'monitoring.stop',
  'policy.monitoring-notice-off',
  'command.denied',
  'customer.reveal',
  'step-up',
] as const;
/** What an audit entry records. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How the audited attempt turned out. */
export type AuditOutcome = 'requested' | 'succeeded' | 'failed' | 'denied';

/** One line of the audit trail. Entries are append-only. */
export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  /** The user id that acted. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /** What was acted on: agent, interaction, monitoring session, command. */
  readonly target: Readonly<Record<string, string>>;
  /** The idempotency key of the command, tying `requested` to its outcome. */
  readonly commandKey?: string;
  /** A person-readable reason for `failed` and `denied`. */
  readonly reason?: string;
}
