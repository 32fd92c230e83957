// The (role, command) matrix of least privilege, as data: security.walk.test.ts proves the core
// enforces every cell through a real client, and security.docs.test.ts holds the tables in
// docs/security.md and docs/privacy.md to it, so the documented table cannot drift from the code.
import { ErrorCode, type ErrorCodeValue, type Role } from '@floorwalk/core';

export const ALLOWED = 'allowed' as const;
export type Expectation = typeof ALLOWED | ErrorCodeValue;

/**
 * The whole (role, command) matrix, written out. A command added to COMMAND_TYPES without a row
 * here fails the walk: its expectation must be decided, not inherited.
 */
export const EXPECTED: Record<string, Record<Role, Expectation>> = {
  'set-presence': { agent: ALLOWED, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ALLOWED },
  'start-monitoring': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ALLOWED, admin: ErrorCode.Forbidden },
  // To whisper: QA may only listen.
  'change-monitoring-mode': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  // Agents and admins aim at the session another supervisor started on the agent.
  'stop-monitoring': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ALLOWED, admin: ErrorCode.Forbidden },
  'raise-hand': { agent: ALLOWED, supervisor: ErrorCode.Forbidden, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'acknowledge-help': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  // The agent withdraws their own request; the supervisor closes a team member's.
  'resolve-help': { agent: ALLOWED, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'send-message': { agent: ALLOWED, supervisor: ALLOWED, qa: ALLOWED, admin: ALLOWED },
  'add-coaching-note': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ALLOWED, admin: ErrorCode.Forbidden },
  'propose-check-in': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'answer-check-in': { agent: ALLOWED, supervisor: ErrorCode.Forbidden, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'mark-read': { agent: ALLOWED, supervisor: ALLOWED, qa: ALLOWED, admin: ALLOWED },
  'mark-delivered': { agent: ALLOWED, supervisor: ALLOWED, qa: ALLOWED, admin: ALLOWED },
  // Only the agent a check-in was proposed to answers it, counters it or confirms its start.
  'counter-check-in': { agent: ALLOWED, supervisor: ErrorCode.Forbidden, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'respond-check-in-counter': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'start-check-in': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'confirm-check-in': { agent: ALLOWED, supervisor: ErrorCode.Forbidden, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  // Either side of a check-in may end or cancel it; nobody else.
  'end-check-in': { agent: ALLOWED, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  'cancel-check-in': { agent: ALLOWED, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  // Renewing is controlling: only the supervisor who started the session.
  'renew-monitoring': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ALLOWED, admin: ErrorCode.Forbidden },
  'schedule-coaching-session': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ALLOWED, admin: ErrorCode.Forbidden },
  // A session another supervisor organised: its team's supervisor and an admin may move or cancel it;
  // the agent it is about may decline (cancel) it but not move it; QA only the sessions it organised.
  'reschedule-coaching-session': { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.UnknownEntity },
  'cancel-coaching-session': { agent: ALLOWED, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.UnknownEntity },
  'start-colleague-call': { agent: ALLOWED, supervisor: ALLOWED, qa: ALLOWED, admin: ErrorCode.Forbidden },
  'end-colleague-call': { agent: ALLOWED, supervisor: ALLOWED, qa: ALLOWED, admin: ErrorCode.Forbidden },
  // With the tenant's activity signal on: an agent reports their own bucket, nobody reports anyone's.
  'report-activity': { agent: ALLOWED, supervisor: ErrorCode.Forbidden, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden },
  // Tenant policy is the admin's: it changes what every other role is told and shares.
  'set-policy': { agent: ErrorCode.Forbidden, supervisor: ErrorCode.Forbidden, qa: ErrorCode.Forbidden, admin: ALLOWED },
};

/** Revealing a masked field is not an outbox command, but it is refused or allowed the same way. */
export const REVEAL: Record<Role, Expectation> = { agent: ErrorCode.Forbidden, supervisor: ALLOWED, qa: ErrorCode.Forbidden, admin: ErrorCode.Forbidden };
