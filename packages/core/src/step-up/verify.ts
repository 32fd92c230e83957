import { ErrorCode, FloorwalkError, isFloorwalkError } from '../errors.js';
import type { StepUpRequest, VerifyUser } from './step-up.js';

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
    if (isFloorwalkError(err) && err.code === ErrorCode.LoadFailed) throw err;
    throw new FloorwalkError(ErrorCode.StepUpFailed, `User verification for ${request.action} failed: ${isFloorwalkError(err) || err instanceof Error ? err.message : String(err)}`, {
      cause: err,
      details: { action: request.action },
    });
  }
  if (result === false) {
    throw new FloorwalkError(ErrorCode.StepUpFailed, `User verification for ${request.action} was refused.`, { details: { action: request.action } });
  }
}
