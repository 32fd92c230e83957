import { parts } from '../internal/parts.js';
import type { StepUpRequest, VerifyUser } from './step-up.js';

/**
 * What the host's challenge endpoint answers: a fresh, single-use challenge it remembers for
 * the signed-in user, and optionally which credentials may answer it.
 */
export interface WebAuthnChallenge {
  /** The challenge, base64url. */
  readonly challenge: string;
  /** Relying-party id; the browser's default (the page's host) when absent. */
  readonly rpId?: string;
  /** Credential ids (base64url) registered for the user; any discoverable credential when absent. */
  readonly allowCredentials?: readonly string[];
  /** Milliseconds the person has to answer. */
  readonly timeout?: number;
}

/** Options of {@link createWebAuthnVerifier}. */
export interface WebAuthnVerifierOptions {
  /**
   * The host's endpoint that issues a challenge: POSTed `{ userId, action, target }` as JSON,
   * answers a {@link WebAuthnChallenge}.
   */
  readonly challengeUrl: string;
  /**
   * The host's endpoint that checks the assertion (signature, challenge, user-verified flag)
   * against the registered public key: POSTed `{ userId, action, challenge, credential }`,
   * answers 2xx when verified and anything else when not.
   */
  readonly verifyUrl: string;
  /**
   * Headers for both calls, asked for on every verification (the host's bearer token, a CSRF
   * token). Called each time so Floorwalk never holds a credential longer than one request.
   */
  readonly headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** `fetch` to use; defaults to the global one. */
  readonly fetch?: typeof fetch;
  /** The credentials container; defaults to `navigator.credentials`. */
  readonly credentials?: Pick<CredentialsContainer, 'get'>;
}

/**
 * A {@link VerifyUser} that runs WebAuthn with user verification required (Windows Hello, Touch
 * ID, a security key with a PIN) against the host's relying-party endpoints: fetch a challenge,
 * `navigator.credentials.get` with `userVerification: 'required'`, post the assertion back. The
 * host's server decides; the browser-side check of the user-verified flag only spares a round
 * trip for an assertion the server would refuse anyway.
 *
 * @example
 * ```ts
 * createFloorwalk({
 *   adapter, session,
 *   policy: { stepUp: { commands: ['start-monitoring'], modes: ['barge'] } },
 *   verifyUser: createWebAuthnVerifier({ challengeUrl: '/webauthn/challenge', verifyUrl: '/webauthn/verify' }),
 * });
 * ```
 */
export function createWebAuthnVerifier(options: WebAuthnVerifierOptions): VerifyUser {
  // The ceremony is fetched now, while nothing waits for it: fetched at the first verification
  // instead, its round trip would come between the person's click and the authenticator's
  // prompt, and browsers allow that prompt only shortly after a click. A failure here is
  // forgotten and the load tried again at the verification.
  parts.webAuthn().catch(() => {});
  return async (request: StepUpRequest) => (await parts.webAuthn()).assertUser(options, request);
}
