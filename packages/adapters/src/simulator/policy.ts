import type { AuditAction, PolicyChanges } from '@floorwalk/core';
import type { ContactCentre } from './model.js';

/*
 * Tenant policy set at run time. Only a command changes it, so it loads with the commands and
 * costs the simulator's entry nothing.
 */

/**
 * An admin changed tenant policy values: kept, written to the shared audit trail (`policy.set`
 * with the old and new values, `policy.monitoring-notice-off` when notices go off) and sent to
 * every client. The old values are the platform's own where it has them, else the issuer's.
 */
export function setPolicy(centre: ContactCentre, changes: PolicyChanges, previous: PolicyChanges | undefined, by: string): void {
  const policy = centre.tenantPolicy;
  const from: Record<string, unknown> = { ...previous };
  for (const key of Object.keys(changes)) {
    const held = (policy as Record<string, unknown>)[key];
    if (held !== undefined) from[key] = held;
  }
  const signal = changes.activitySignal;
  const kept = policy.activitySignal;
  // Numbered as a change: what a client away meanwhile may now see of the rest is restated in full.
  centre.stamp(Object.assign(policy, changes));
  if (signal !== undefined && signal.granularityMs === undefined && kept?.granularityMs !== undefined) {
    policy.activitySignal = { enabled: signal.enabled, granularityMs: kept.granularityMs };
  }
  // The platform stops holding buckets once the signal is off; clients resync to drop theirs.
  if (signal !== undefined && !signal.enabled) for (const agent of centre.agents) agent.activity = undefined;
  centre.emit?.({ type: 'policy', changes: { ...changes }, changedBy: by });
  const target = { tenantPolicy: describeChange(changes), previous: describeChange(from, Object.keys(changes)) };
  const entry = (action: AuditAction) => ({ id: `audit-${++centre.count.audit}`, at: centre.now, actor: by, action, outcome: 'succeeded' as const, target });
  centre.emit?.({ type: 'audit', entry: entry('policy.set') });
  if (changes.monitoringNotice === false && from.monitoringNotice !== false) centre.emit?.({ type: 'audit', entry: entry('policy.monitoring-notice-off') });
}

/** Policy values as audit text, `field=value; …`, in the form the core's own entries use. */
function describeChange(values: Record<string, unknown>, keys: readonly string[] = Object.keys(values)): string {
  const parts: string[] = [];
  for (const key of keys) {
    const value = values[key];
    if (value === undefined) continue;
    if (key === 'activitySignal' && typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`activitySignal.${k}=${String(v)}`);
    } else parts.push(`${key}=${String(value)}`);
  }
  return parts.join('; ');
}
