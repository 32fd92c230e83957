import type { AuditAction, CheckInAnswer } from '@floorwalk/core';
import type { CheckInRecord, ContactCentre } from './model.js';
import { CHECK_IN } from './parameters.js';

/*
 * What the check-in commands do to the centre, and what its simulated agents do in answer. Only
 * commands start a check-in, so this loads with them, not in the entry.
 */

/** Until a simulated agent confirms a started check-in. */
const CONFIRM_MS = { mean: 15_000, sigma: 0.4 } as const;

/** Keeps a check-in as it changed, tells every client where it is, and writes the decision to the shared trail. */
function told(centre: ContactCentre, checkIn: CheckInRecord, action: AuditAction, by: string, target?: Record<string, string>): void {
  centre.checkIns.set(checkIn.id, centre.stamp(checkIn));
  const { personAgent: _, ...view } = checkIn;
  centre.emit?.({ type: 'check-in', checkIn: view });
  centre.audit(action, by, checkIn.agentId, { checkInId: checkIn.id, ...target });
}

/** Proposes a check-in; the simulated agent answers after a while, accepting mostly. */
export function proposeCheckIn(centre: ContactCentre, agentId: string, supervisorId: string, scheduledFor: number, topic?: string): CheckInRecord {
  const checkIn: CheckInRecord = {
    id: `checkin-${++centre.count.checkIn}`,
    agentId,
    supervisorId,
    scheduledFor,
    proposedAt: centre.now,
    noticeMs: Math.max(0, scheduledFor - centre.now),
    answer: 'pending',
    phase: 'scheduled',
    ...(topic === undefined ? {} : { topic }),
  };
  told(centre, checkIn, 'check-in.propose', supervisorId, { scheduledFor: new Date(scheduledFor).toISOString() });
  centre.later(centre.draw(CHECK_IN.answer), () => {
    if (checkIn.answer !== 'pending' || checkIn.personAgent === true || centre.persons.has(checkIn.agentId) || checkIn.counterFor !== undefined || checkIn.phase !== 'scheduled') return;
    const keen = checkIn.noticeMs >= CHECK_IN.shortNoticeMs ? CHECK_IN.acceptChance : CHECK_IN.acceptChanceShortNotice;
    answerCheckIn(centre, checkIn, centre.random.chance(keen) ? 'accepted' : 'declined');
  });
  return checkIn;
}

export function answerCheckIn(centre: ContactCentre, checkIn: CheckInRecord, answer: Exclude<CheckInAnswer, 'pending'>): void {
  checkIn.answer = answer;
  checkIn.answeredAt = centre.now;
  if (answer === 'declined') {
    checkIn.phase = 'cancelled';
    checkIn.cancelledBy = checkIn.agentId;
  }
  told(centre, checkIn, answer === 'accepted' ? 'check-in.accept' : 'check-in.decline', checkIn.agentId);
}

export function counterCheckIn(centre: ContactCentre, checkIn: CheckInRecord, scheduledFor: number): void {
  checkIn.counterFor = scheduledFor;
  checkIn.counteredAt = centre.now;
  told(centre, checkIn, 'check-in.counter', checkIn.agentId, { scheduledFor: new Date(scheduledFor).toISOString() });
}

/** The supervisor takes the agent's time (the agent agreed to it by proposing it) or cancels. */
export function respondToCounter(centre: ContactCentre, checkIn: CheckInRecord, accept: boolean, by: string): void {
  const time = checkIn.counterFor as number;
  delete checkIn.counterFor;
  if (accept) {
    checkIn.scheduledFor = time;
    checkIn.answer = 'accepted';
    checkIn.answeredAt = centre.now;
  } else {
    checkIn.phase = 'cancelled';
    checkIn.cancelledBy = by;
  }
  told(centre, checkIn, accept ? 'check-in.counter-accept' : 'check-in.counter-refuse', by);
}

/** The supervisor starts it; a simulated agent confirms a moment later, a person must confirm themselves. */
export function startCheckIn(centre: ContactCentre, checkIn: CheckInRecord, by: string): void {
  checkIn.phase = 'starting';
  checkIn.startedAt = centre.now;
  told(centre, checkIn, 'check-in.start', by);
  if (checkIn.personAgent === true || centre.persons.has(checkIn.agentId)) return;
  centre.later(centre.draw(CONFIRM_MS), () => {
    if (checkIn.phase === 'starting' && checkIn.personAgent !== true && !centre.persons.has(checkIn.agentId)) confirmCheckIn(centre, checkIn);
  });
}

export function confirmCheckIn(centre: ContactCentre, checkIn: CheckInRecord): void {
  checkIn.phase = 'live';
  checkIn.confirmedAt = centre.now;
  told(centre, checkIn, 'check-in.confirm', checkIn.agentId);
}

/** Ends or cancels it; `by` is `simulator` when it lapsed (`checkIn.lapsed` says why). */
export function closeCheckIn(centre: ContactCentre, checkIn: CheckInRecord, by: string, end: boolean): void {
  if (end) checkIn.endedAt = centre.now;
  else checkIn.cancelledBy = by;
  checkIn.phase = end ? 'ended' : 'cancelled';
  told(centre, checkIn, end ? 'check-in.end' : 'check-in.cancel', by, checkIn.lapsed && { reason: checkIn.lapsed });
}
