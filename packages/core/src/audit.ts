/** Audited actions. */
export const AUDIT_ACTIONS = [
  'monitoring.start',
  'monitoring.change-mode',
  'monitoring.stop',
  'policy.monitoring-notice-off',
  'command.denied',
  'customer.reveal',
  'step-up',
  'monitoring.end',
  'monitoring.lease-expired',
  'check-in.propose',
  'check-in.answer',
  'check-in.respond',
  'check-in.accept',
  'check-in.decline',
  'check-in.counter',
  'check-in.counter-accept',
  'check-in.counter-refuse',
  'check-in.start',
  'check-in.confirm',
  'check-in.end',
  'check-in.cancel',
  'help.escalate',
  'help.withdrawn',
  'help.reaim',
  'help.unseen',
  'help.seen',
  'help.released',
  'policy.set',
  'coaching.note',
  'coaching.schedule',
  'coaching.reschedule',
  'coaching.cancel',
  'presence.set',
] as const;
/** What an audit entry records. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How the audited attempt turned out. */
export type AuditOutcome = 'requested' | 'succeeded' | 'failed' | 'denied';

/**
 * One line of the audit trail. Entries are append-only. The client writes its own (requests,
 * denials, policy values at start); the platform's shared trail arrives as `audit` events.
 */
export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  /** The user id that acted. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /** What was acted on: agent, interaction, monitoring session, command. */
  readonly target: Readonly<Record<string, string>>;
  /**
   * The agent the action concerns (the monitored agent, the check-in's agent), so the agent can
   * read the entries about them.
   */
  readonly subject?: string;
  /** The idempotency key of the command, tying `requested` to its outcome. */
  readonly commandKey?: string;
  /** A person-readable reason for `failed` and `denied`. */
  readonly reason?: string;
}
