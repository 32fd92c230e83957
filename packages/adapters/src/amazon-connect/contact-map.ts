import type { Channel, Direction, EndReason, InteractionState } from '@floorwalk/core';
import type { Obj } from './map.js';

/*
 * Vendor → canonical mappings of contacts, agent ARNs and timestamps, which only the parts loaded
 * on first need read (the Streams side, the polls, the agent event records). They import this
 * file, so it loads with them and the adapter's entry does not carry it. Tables are plain objects
 * so the README's mapping table can be checked against them.
 */

/** The user id in an agent ARN (`arn:aws:connect:…:instance/<i>/agent/<userId>`), or undefined. */
export function userIdOf(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const m = /\/agent\/([^/]+)$/.exec(arn);
  return m?.[1];
}

/** Channel names of Streams (`getType()`), GetCurrentUserData and agent event streams. */
export const CHANNEL_MAP: Readonly<Record<string, Channel>> = {
  voice: 'voice',
  queue_callback: 'voice',
  chat: 'chat',
  task: 'task',
  email: 'email',
  VOICE: 'voice',
  CHAT: 'chat',
  TASK: 'task',
  // The agent event stream model spells the task channel TASKS.
  TASKS: 'task',
  EMAIL: 'email',
};

/** A mapped contact state. */
export interface MappedState {
  readonly state: InteractionState;
  readonly endReason?: EndReason;
}

/**
 * Contact states. Upper case: GetCurrentUserData `AgentContactState` and agent event stream
 * `State`. Lower case: Streams `contact.getState().type`. In both, `ended` is after-contact work:
 * the contact leaves the agent's list only when it is cleared.
 */
export const CONTACT_STATE_MAP: Readonly<Record<string, MappedState | null>> = {
  INCOMING: { state: 'offered' },
  PENDING: { state: 'offered' },
  CONNECTING: { state: 'offered' },
  CONNECTED: { state: 'connected' },
  CONNECTED_ONHOLD: { state: 'held' },
  ENDED: { state: 'wrap-up' },
  MISSED: { state: 'ended', endReason: 'missed' },
  REJECTED: { state: 'ended', endReason: 'rejected' },
  ERROR: { state: 'ended', endReason: 'error' },
  // Streams: `init` is a contact not yet described; it is skipped until it has a state.
  init: null,
  incoming: { state: 'offered' },
  pending: { state: 'offered' },
  connecting: { state: 'offered' },
  connected: { state: 'connected' },
  // A paused task is parked by the agent, as a held call is.
  paused: { state: 'held' },
  ended: { state: 'wrap-up' },
  missed: { state: 'ended', endReason: 'missed' },
  rejected: { state: 'ended', endReason: 'rejected' },
  error: { state: 'ended', endReason: 'error' },
};

/** Initiation methods where the agent's side places the call (callbacks included). */
const OUTBOUND = new Set(['OUTBOUND', 'EXTERNAL_OUTBOUND', 'AGENT_REPLY', 'CALLBACK', 'outbound', 'external_outbound', 'agent_reply', 'callback', 'campaign_preview']);

/** The direction of a contact from its initiation method. */
export function directionOf(initiationMethod: unknown): Direction {
  return typeof initiationMethod === 'string' && OUTBOUND.has(initiationMethod) ? 'outbound' : 'inbound';
}

/** An ISO 8601 timestamp (agent event streams) to epoch ms; undefined if absent or invalid. */
export function isoToMs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * A Connect timestamp of the metrics APIs to epoch ms: epoch seconds with a fraction on the
 * REST-JSON wire, or the `Date` an AWS SDK v3 client makes of them (a backend may hand its `send`
 * results over as they are). Undefined for anything else.
 */
export function secondsToMs(v: unknown): number | undefined {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v * 1000 : NaN;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
