import { ErrorCode, FloorwalkError } from '../errors.js';
import { importOnce } from '../load.js';
import { kit, type Kit } from './kit.js';

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
  /** IndexedDB for `createIndexedDbStorage`, at a storage's first use. */
  idb: () => import('../outbox/idb.js'),
};

/**
 * A part of the core loaded on first need, once per page and shared by every client on it, and
 * handed the up-front code it uses (at each call, which changes nothing once handed: a retry
 * may load the part under another URL, see {@link importOnce}, and that module needs it too).
 * A failed load is forgotten, so the next call fetches again, and rejects with a retryable
 * `LoadFailed` naming the part: a host can tell "try again" from a refusal.
 */
const part = <T extends { use(given: Kit): void }>(name: string, load: () => Promise<T>): (() => Promise<T>) => {
  const get = importOnce(load);
  return () =>
    get().then(
      (loaded) => (loaded.use(kit), loaded),
      (err: unknown) => {
        throw new FloorwalkError(ErrorCode.LoadFailed, `The ${name} code could not be loaded; check the connection and try again.`, { cause: err, details: { part: name } });
      },
    );
};

/** Each part, loaded once per page. @internal */
export const parts = {
  stepUp: part('step-up', () => importers.stepUp()),
  webAuthn: part('WebAuthn', () => importers.webAuthn()),
  reveal: part('reveal', () => importers.reveal()),
  outbox: part('outbox replay', () => importers.outbox()),
  idb: part('IndexedDB storage', () => importers.idb()),
};
