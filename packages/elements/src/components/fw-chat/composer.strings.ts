import { whyBusy } from '../../internal/busy-lazy.js';
import type { Catalog } from '../../internal/localize.js';

const en = {
  composerLabel: (name: string): string => `Message ${name}`,
  send: 'Send',
  retry: 'Retry',
  discard: 'Discard',
  /** Characters used of the limit: "12 of 4,000 characters". */
  count: (used: string, max: string): string => `${used} of ${max} characters`,
  keysHint: 'Enter sends; Shift+Enter starts a new line.',
  empty: 'Write something first.',
  tooLong: (max: string): string => `A message can be at most ${max} characters.`,
  failed: (why: string): string => `Not sent. ${why}`,
  whyForbidden: 'Your role cannot send messages here.',
  /** Refused though the role may chat: the person is no longer in the conversation (moved to another team, say). */
  whyNotMember: 'You can no longer post in this conversation.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyTimeout: 'The platform did not confirm in time.',
  whyInvalid: 'The message was not accepted.',
  whyRefused: 'The platform refused it.',
  /** The platform is limiting requests (RateLimited): \"The platform is busy: try again in 37 s.\" */
  whyBusy,
};

/**
 * What only the composer says (its labels, the draft's errors, a message not sent and why), in
 * the `chat` namespace, so translations of it reach these too. It travels with the composer
 * (`composer.ts`, loaded when an element first shows a conversation this session may write in):
 * a module that imports nothing at run time (hence the literal rather than `defineCatalog`), so
 * the bundler puts it in that chunk.
 */
export const chatComposerCatalog: Catalog<typeof en> = { namespace: 'chat', en };
