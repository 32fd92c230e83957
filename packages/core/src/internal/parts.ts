import { kit } from './kit.js';
import { loadOnce } from './load.js';

/**
 * Where each part of the core that loads on first need comes from. A table rather than inline
 * imports so the core's own tests can make a part's load fail in Node (the browser tests fail
 * the chunk's request instead); nothing outside the tests ever changes it.
 *
 * @internal
 */
export const importers = {
  /** The user verification of a step-up, when an action first needs one. */
  stepUp: () => import('../step-up/verify.js'),
  /** The WebAuthn ceremony of `createWebAuthnVerifier`, at its first verification. */
  webAuthn: () => import('../step-up/webauthn-assert.js'),
  /** `revealCustomerField`, at its first call. */
  reveal: () => import('../policy/reveal-field.js'),
  /** The outbox's read-back and replay check, at the first drain of a client with an outbox. */
  outbox: () => import('../outbox/replay.js'),
};

/** Each part, loaded once per page. @internal */
export const parts = {
  stepUp: loadOnce('step-up', () => importers.stepUp().then((part) => (part.use(kit), part))),
  webAuthn: loadOnce('WebAuthn', () => importers.webAuthn().then((part) => (part.use(kit), part))),
  reveal: loadOnce('reveal', () => importers.reveal().then((part) => (part.use(kit), part))),
  outbox: loadOnce('outbox replay', () => importers.outbox().then((part) => (part.use(kit), part))),
};
