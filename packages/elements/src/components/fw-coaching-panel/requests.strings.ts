import { whyBusy } from '../../internal/busy-lazy.js';
import type { Catalog } from '../../internal/localize.js';

const en = {
  /** Announced when the platform confirms. */
  confirmed: (action: 'start' | 'change' | 'stop', mode: string, agent: string): string =>
    ({
      start: `Monitoring ${agent} in ${mode.toLowerCase()} mode.`,
      change: `Switched to ${mode.toLowerCase()} mode.`,
      stop: `Stopped monitoring ${agent}.`,
    })[action],
  /**
   * One of this supervisor's sessions the platform did not take off when its call ended
   * (`outlivesCall`: Twilio refused at wrap-up), so the agent is told it runs: it runs until stopped.
   */
  kept: (agent: string, mode: string): string =>
    `You are still monitoring ${agent} (${mode}), whose call ended: the platform did not take you off. It goes on until you stop it.`,
  /** While a request waits for the platform. */
  pending: (what: string): string => `${what}… waiting for the platform to confirm.`,
  /** Why a request failed, after `failed`. */
  whyEnded: 'The interaction has ended.',
  whyTimeout: 'The platform did not confirm in time.',
  whyForbidden: 'You do not have permission for this.',
  whyConflict: 'The interaction or session changed meanwhile.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyRefused: 'The platform refused it.',
  /** The platform is limiting requests (RateLimited): \"The platform is busy: try again in 37 s.\" */
  whyBusy,
};

/**
 * What the panel says only once a request was sent (its confirmation, why it failed), in the
 * panel's namespace. It travels with the request code (`requests.ts`, loaded on the first click):
 * a module of its own that imports nothing at run time (hence the literal rather than
 * `defineCatalog`), so the bundler puts it in that chunk and adds no chunk the panel must load
 * up front.
 */
export const coachingPanelRequestCatalog: Catalog<typeof en> = { namespace: 'coaching-panel', en, raw: ['confirmed'] };
