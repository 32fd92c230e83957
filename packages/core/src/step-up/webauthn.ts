import { ErrorCode, FloorwalkError } from '../errors.js';
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

const toBase64Url = (buffer: ArrayBuffer): string => {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
};

/** Bit 2 of the authenticator data's flags byte (offset 32): the user was verified. */
const USER_VERIFIED = 0x04;

const failed = (message: string, cause?: unknown): FloorwalkError =>
  new FloorwalkError(ErrorCode.StepUpFailed, message, cause === undefined ? {} : { cause });

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
  return async (request: StepUpRequest) => {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const credentials = options.credentials ?? globalThis.navigator?.credentials;
    if (credentials === undefined) throw failed('This browser offers no WebAuthn (navigator.credentials is missing).');
    const post = async (url: string, body: unknown): Promise<Response> => {
      const headers = { 'content-type': 'application/json', ...(options.headers === undefined ? {} : await options.headers()) };
      return doFetch(url, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
    };

    const challengeResponse = await post(options.challengeUrl, request);
    if (!challengeResponse.ok) throw failed(`The relying party refused a challenge (HTTP ${challengeResponse.status}).`);
    const issued = (await challengeResponse.json()) as WebAuthnChallenge;
    if (typeof issued?.challenge !== 'string' || issued.challenge === '') throw failed('The relying party answered without a challenge.');

    let credential: Credential | null;
    try {
      credential = await credentials.get({
        publicKey: {
          challenge: fromBase64Url(issued.challenge),
          userVerification: 'required',
          ...(issued.rpId === undefined ? {} : { rpId: issued.rpId }),
          ...(issued.timeout === undefined ? {} : { timeout: issued.timeout }),
          ...(issued.allowCredentials === undefined
            ? {}
            : { allowCredentials: issued.allowCredentials.map((id) => ({ type: 'public-key' as const, id: fromBase64Url(id) })) }),
        },
      });
    } catch (err) {
      // NotAllowedError: cancelled, timed out, or the authenticator could not verify the user.
      throw failed(`The authenticator did not verify the user (${err instanceof Error ? err.name : 'error'}).`, err);
    }
    const assertion = credential as PublicKeyCredential | null;
    const response = assertion?.response as AuthenticatorAssertionResponse | undefined;
    if (assertion === null || response === undefined || !('signature' in response)) throw failed('The authenticator returned no assertion.');
    const flags = new Uint8Array(response.authenticatorData)[32] ?? 0;
    if ((flags & USER_VERIFIED) === 0) throw failed('The authenticator answered without verifying the user.');

    const verdict = await post(options.verifyUrl, {
      ...request,
      challenge: issued.challenge,
      credential: {
        id: assertion.id,
        type: assertion.type,
        response: {
          clientDataJSON: toBase64Url(response.clientDataJSON),
          authenticatorData: toBase64Url(response.authenticatorData),
          signature: toBase64Url(response.signature),
          ...(response.userHandle === null ? {} : { userHandle: toBase64Url(response.userHandle) }),
        },
      },
    });
    if (!verdict.ok) throw failed(`The relying party rejected the assertion (HTTP ${verdict.status}).`);
    return true;
  };
}
