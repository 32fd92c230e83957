import { defineCatalog } from '../../internal/localize.js';
import type { helpRequestActionCatalog } from './actions.strings.js';
import type { helpRequestQueueCatalog } from './queue.strings.js';

/** English strings of `fw-help-request`, namespace `help-request`; the translators' source. */
export const helpRequestCatalog = defineCatalog('help-request', {
  // ---- the agent's view ----
  /** The agent view's heading. */
  agentHeading: 'Ask for help',
  reasonLabel: 'What do you need help with?',
  /** The checkbox tying the request to the current interaction: "About my current Voice interaction". */
  aboutInteraction: (channel: string): string => `About my current ${channel} interaction`,
  raise: 'Raise hand',
  cancel: 'Lower hand',
  reasonMissing: 'Say what you need help with.',
  /** The agent's request, by state. */
  waiting: 'Your hand is raised. Waiting for a supervisor.',
  /** Raised while the link is down: the core sends it once the connection is back. */
  queued: 'Not sent yet: your hand will be raised when the connection is back.',
  acknowledged: (who: string): string => `${who} is on it.`,
  resolved: 'Your last request was resolved.',
  cancelled: 'You lowered your hand.',
  yourReason: (reason: string): string => `You asked: ${reason}`,
  // ---- the supervisor's queue ----
  queueHeading: 'Help requests',
  /** Between a request's agent (in bold) and their reason in the queue: "Ana Ruiz: refund over limit". */
  nameReason: ': ',
  /** The queue's count, for its heading. */
  count: (n: number): string => (n === 1 ? '1 open' : `${n} open`),
  empty: 'No one is asking for help.',
  waitingFor: (time: string): string => `Waiting ${time}`,
  open: 'Open',
  acknowledgedBy: (who: string): string => `Acknowledged by ${who}`,
  you: 'you',
  /** The queue's note of a request's interaction, beside its channel's icon: "Voice interaction". A label, not a sentence: "On a Email interaction" was one. */
  onInteraction: (channel: string): string => `${channel} interaction`,
  acknowledge: 'Acknowledge',
  resolve: 'Resolve',
  whisper: 'Whisper on this interaction',
  /** Announced politely to supervisors. */
  newRequest: (agent: string, reason: string): string => `${agent} asked for help: ${reason}`,
  // ---- pending, done, failed ----
  pendingMark: 'Pending',
  pending: (what: string): string => `${what}… waiting for the platform to confirm.`,
  doing: (action: 'raise' | 'cancel' | 'acknowledge' | 'resolve' | 'whisper'): string =>
    ({
      raise: 'Raising your hand',
      cancel: 'Lowering your hand',
      acknowledge: 'Acknowledging',
      resolve: 'Resolving',
      whisper: 'Starting whisper',
    })[action],
  failed: (what: string, why: string): string => `Could not complete: ${what}. ${why}`,
  /** Why, when the code a control needs could not be fetched (the browser's reason names a module URL). */
  partFailed: 'Part of the page could not be loaded. Check the connection, then reload the page.',
  // ---- unavailable ----
  notLive: (connection: string): string => `Help requests are unavailable: ${connection}`,
  roleCannot: 'Your role cannot raise a hand or see help requests.',
}, ['doing']);

/** The shape of the element's strings, all three catalogs (the others load with the actions and the queue), for translations. */
export type HelpRequestStrings = typeof helpRequestCatalog.en & typeof helpRequestActionCatalog.en & typeof helpRequestQueueCatalog.en;
