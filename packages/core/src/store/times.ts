import type { InteractionTimes } from '../client.js';
import type { Interaction } from '../model/types.js';
import type { InteractionData } from './interactions.js';

/**
 * Hold time of `i` up to `at`: the finished holds (`holdMs` leaves out a current one), and one
 * still open. A `heldAt` kept on an interaction that wrapped up or ended is a hold that ran
 * until then (the customer hung up on hold); kept on a connected one it is stale.
 *
 * @internal
 */
export const holdOf = (i: InteractionData, at: number): number => {
  const heldAt = i.heldAt;
  return (i.holdMs ?? 0) + (heldAt === undefined || i.state === 'connected' ? 0 : Math.max(0, Math.min(at, i.wrapUpAt ?? at) - heldAt));
};

/**
 * Durations of an interaction at `now`, from its timestamps alone: those of the current agent's
 * part. After a hand-over a vendor may keep the first agent's `connectedAt` and run `holdMs` on
 * (Amazon Connect's contact does both), so the part starts at `from` when that is later than
 * `connectedAt`, its hold is what the hold grew by after `holdBase`, and a wrap-up begun before
 * it was the other agent's.
 *
 * @internal
 */
export function timesOf(i: InteractionData, now: number, from = 0, holdBase = 0): InteractionTimes {
  const end = i.endedAt ?? now;
  const connected = i.connectedAt;
  const waitMs = Math.max(0, (connected ?? (i.state === 'queued' || i.state === 'offered' ? now : end)) - i.createdAt);
  if (connected === undefined) return { waitMs, talkMs: 0, holdMs: 0, wrapUpMs: 0, handleMs: 0 };
  if (from < connected) from = connected;
  const holdMs = Math.max(0, holdOf(i, end) - holdBase);
  const w = i.wrapUpAt;
  const talkEnd = w !== undefined && w >= from ? w : end;
  const talkMs = Math.max(0, talkEnd - from - holdMs);
  const wrapUpMs = Math.max(0, end - talkEnd);
  return { waitMs, talkMs, holdMs, wrapUpMs, handleMs: talkMs + holdMs + wrapUpMs };
}

/** Durations of an interaction at `now`, from its timestamps alone. */
export const interactionTimes = (i: Interaction, now: number): InteractionTimes => timesOf(i, now);
