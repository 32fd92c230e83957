import type { Command } from '../commands.js';
import type { Policy } from '../policy/policy.js';
import { cleanChanges, fieldsOf, pickPolicy } from '../policy/values.js';

/**
 * Fills the policy's values into the commands the platform enforces them on (lease, escalation,
 * notice, window), unless the host gave its own, so the core and the platform apply one rule.
 *
 * @internal
 */
export function withPolicyValues(command: Command, policy: Policy): Command {
  switch (command.type) {
    case 'start-monitoring':
      return command.leaseMs === undefined && policy.monitoringLeaseMs > 0 ? { ...command, leaseMs: policy.monitoringLeaseMs } : command;
    case 'raise-hand':
      return command.escalateAfterMs === undefined ? { ...command, escalateAfterMs: policy.helpEscalationMs } : command;
    case 'propose-check-in':
      return command.minNoticeMs === undefined ? { ...command, minNoticeMs: policy.checkInNoticeMs } : command;
    case 'start-check-in':
      return command.windowMs === undefined ? { ...command, windowMs: policy.checkInWindowMs } : command;
    case 'set-policy': {
      // The audit's "from" is what this client had in force, whatever the host passed.
      const changes = cleanChanges(command.changes);
      return { type: 'set-policy', changes, previous: pickPolicy(policy.values(), fieldsOf(changes)) };
    }
    default:
      return command;
  }
}
