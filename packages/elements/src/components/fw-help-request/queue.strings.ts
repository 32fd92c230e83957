import type { Catalog } from '../../internal/localize.js';

const en = {
  /** Above the queue while the link is down: the hands last known, with no actions. */
  stale: 'Not connected: these requests may be out of date. You can act on them once the connection is back.',
};

/**
 * What only the supervisor's queue says, in the `help-request` namespace, so translations of it
 * reach these too. It travels with the queue code (`queue.ts`, loaded when the queue is first
 * shown), as `actions.strings.ts` does with the actions, and adds nothing an agent's page loads.
 */
export const helpRequestQueueCatalog: Catalog<typeof en> = { namespace: 'help-request', en };
