import { whyBusy } from '../../internal/busy-lazy.js';
import type { Catalog } from '../../internal/localize.js';

const en = {
  /** Announced politely when the platform confirms. */
  done: (action: 'raise' | 'cancel' | 'acknowledge' | 'resolve' | 'whisper', agent: string): string =>
    ({
      raise: 'Your hand is raised.',
      cancel: 'Hand lowered.',
      acknowledge: `You acknowledged ${agent}'s request.`,
      resolve: `${agent}'s request is resolved.`,
      whisper: `Whispering to ${agent}.`,
    })[action],
  /** Why an action failed, after `failed`. */
  whyFirst: (who: string): string => `${who} got there first.`,
  whyClosed: 'The request was already closed.',
  whyAlreadyOpen: 'You already have a request open.',
  whyEnded: 'The interaction has ended.',
  whyTimeout: 'The platform did not confirm in time.',
  whyForbidden: 'You do not have permission for this.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyRefused: 'The platform refused it.',
  /** The platform is limiting requests (RateLimited): \"The platform is busy: try again in 37 s.\" */
  whyBusy,
  /**
   * The agent's hand when no supervisor can see it (a team move or a supervisor leaving left their
   * teams with none), shown and announced assertively; these load with the action code.
   */
  unseen: 'No supervisor can see your hand right now. It stays up until one can; if it cannot wait, reach your team lead another way.',
  /** Announced politely, once, when a supervisor can see the hand again. */
  seenAgain: 'A supervisor can see your hand again.',
  /**
   * Announced politely, once, when the supervisor who took the hand can no longer see the agent (a
   * team move) and it waits for whoever can: the "… is on it." heard before no longer holds.
   */
  released: 'No one is on it any more. Your hand is waiting for a supervisor again.',
  /**
   * Under Lower, and announced politely, once, when the core's own lower of the hand (a raise
   * withdrawn after a reload that went up all the same) did not go through.
   */
  lowerFailed: 'Your hand could not be lowered. It is still up; you can lower it again.',
};

/**
 * What the element says only once an action was sent (its confirmation, why it failed), in the
 * `help-request` namespace, so translations of it reach these too. It travels with the action
 * code (`actions.ts`, loaded on the first action): a module of its own that imports nothing at
 * run time (hence the literal rather than `defineCatalog`), so the bundler puts it in that chunk
 * and adds no chunk the element must load up front.
 */
export const helpRequestActionCatalog: Catalog<typeof en> = { namespace: 'help-request', en, raw: ['done'] };
