import type { Catalog } from '../../internal/localize.js';

const en = {
  /** Above the queue while the link is down: the hands last known, with no actions. */
  stale: 'Not connected: these requests may be out of date. You can act on them once the connection is back.',
  /** Why a request offers no whisper, or what is going on, in place of the button. */
  whispering: 'You are whispering on this interaction.',
  whisperNotOffered: 'Whisper is not offered by this platform.',
  /** The platform offers whisper but would not show the agent a session, and the tenant's monitoring notices are on. */
  whisperUntold: 'Whisper is unavailable: this platform would not tell the agent they are being monitored.',
  whisperNotAllowed: 'Whisper is not allowed for your role here.',
  whisperEnded: 'The interaction has ended.',
};

/**
 * What only the supervisor's queue says, in the `help-request` namespace, so translations of it
 * reach these too. It travels with the queue code (`queue.ts`, loaded when the queue is first
 * shown), as `actions.strings.ts` does with the actions, and adds nothing an agent's page loads.
 */
export const helpRequestQueueCatalog: Catalog<typeof en> = { namespace: 'help-request', en };
