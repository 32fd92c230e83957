import type { FloorwalkError } from '../errors.js';
import type { Kit } from '../internal/kit.js';
import type { StepUpRequest } from './step-up.js';
import type { WebAuthnChallenge, WebAuthnVerifierOptions } from './webauthn.js';

/** The up-front code this part uses, handed over as it loads (see `kit`). */
let k: Kit;
/** @internal */
export function use(given: Kit): void {
  k = given;
}

// The WebAuthn ceremony itself, loaded with a verifier's first verification (or just after the
// verifier is made: see createWebAuthnVerifier).

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
  new k.FloorwalkError(k.ErrorCode.StepUpFailed, message, cause === undefined ? {} : { cause });

/**
 * One verification: fetch a challenge, `navigator.credentials.get` with user verification
 * required, post the assertion back. Resolves true when the relying party accepted it; throws
 * `StepUpFailed` otherwise.
 *
 * @internal
 */
export async function assertUser(options: WebAuthnVerifierOptions, request: StepUpRequest): Promise<boolean> {
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
}
