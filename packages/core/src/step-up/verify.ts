import type { FloorwalkError } from '../errors.js';
import type { Kit } from '../internal/kit.js';
import type { StepUpRequest, VerifyUser } from './step-up.js';

/** The up-front code this part uses, handed over as it loads (see `kit`). */
let k: Kit;
/** @internal */
export function use(given: Kit): void {
  k = given;
}

/**
 * Asks the host's verifier, loaded with the first action that needs a step-up. Resolves when
 * the user was verified; rejects with `StepUpFailed` when the verifier refused, threw or was
 * cancelled, and passes a `LoadFailed` through, so a verifier whose own code could not be
 * fetched reads as "try again" rather than as a refusal.
 *
 * @internal
 */
export async function verifyUser(verify: VerifyUser, request: StepUpRequest): Promise<void> {
  let result: boolean | void;
  try {
    result = await verify(request);
  } catch (err) {
    if (k.isFloorwalkError(err) && err.code === k.ErrorCode.LoadFailed) throw err;
    throw new k.FloorwalkError(k.ErrorCode.StepUpFailed, `User verification for ${request.action} failed: ${k.isFloorwalkError(err) || err instanceof Error ? err.message : String(err)}`, {
      cause: err,
      details: { action: request.action },
    });
  }
  if (result === false) {
    throw new k.FloorwalkError(k.ErrorCode.StepUpFailed, `User verification for ${request.action} was refused.`, { details: { action: request.action } });
  }
}
