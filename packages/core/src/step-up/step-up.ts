import type { CommandType } from '../commands.js';
import { ErrorCode, FloorwalkError } from '../errors.js';
import { parts } from '../internal/parts.js';

/** Actions that are not commands but may need step-up: revealing a masked customer field. */
export type StepUpAction = CommandType | 'reveal-customer-field';

/**
 * Which actions need a fresh user verification (step-up) before they run, and how fresh.
 *
 * @example
 * ```ts
 * policy: { stepUp: { commands: ['start-monitoring', 'reveal-customer-field'], modes: ['barge'], maxAgeMs: 5 * 60_000 } }
 * ```
 */
export interface StepUpPolicy {
  /** The actions that need it. */
  readonly commands: readonly StepUpAction[];
  /**
   * For the monitoring commands: only these modes need it (say `['barge']`, as listening in is
   * routine). Default: every mode.
   */
  readonly modes?: readonly string[];
  /** How long one verification covers further sensitive actions, in milliseconds. Default 0: every time. */
  readonly maxAgeMs?: number;
}

/** What the host's verifier is asked to verify. */
export interface StepUpRequest {
  /** The action held until verification. */
  readonly action: StepUpAction;
  /** The signed-in user, as the session names them. */
  readonly userId: string;
  /** What the action is about: agent, interaction, session, field. */
  readonly target: Readonly<Record<string, string>>;
}

/**
 * The host's user verification: resolves once the person proved presence (a WebAuthn assertion
 * with user verification that the host's server accepted), rejects or resolves `false` otherwise.
 * {@link createWebAuthnVerifier} builds one for a relying-party endpoint.
 */
export type VerifyUser = (request: StepUpRequest) => Promise<boolean | void>;

/**
 * Holds sensitive actions until the user is verified. One verification in flight at a time:
 * actions issued meanwhile wait for the same answer rather than prompting twice.
 *
 * @internal
 */
export class StepUpGate {
  private verifiedAt: number | undefined;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly policy: StepUpPolicy | undefined,
    private readonly verify: VerifyUser | undefined,
    private readonly now: () => number,
  ) {
    // Fetched now, while nothing waits, on pages that will need it: fetched at the first held
    // action, its round trip would come between the click and the verifier's prompt (browsers
    // allow a WebAuthn prompt only shortly after a click). A failure is retried at that action.
    if (verify !== undefined && (policy?.commands?.length ?? 0) > 0) parts.stepUp().catch(() => {});
  }

  /** Whether the action needs a verification now. */
  needs(action: StepUpAction, mode?: string): boolean {
    const p = this.policy;
    if (p === undefined || !p.commands.includes(action)) return false;
    if (mode !== undefined && p.modes !== undefined && !p.modes.includes(mode)) return false;
    const maxAge = p.maxAgeMs ?? 0;
    return this.verifiedAt === undefined || maxAge <= 0 || this.now() - this.verifiedAt > maxAge;
  }

  /**
   * Verifies the user. Resolves when verified; rejects with `StepUpRequired` when the host gave
   * no verifier, `StepUpFailed` when the verifier refused, threw or was cancelled, and
   * `LoadFailed` (retryable) when the verification code could not be loaded.
   */
  run(request: StepUpRequest): Promise<void> {
    const verify = this.verify;
    if (verify === undefined) {
      return Promise.reject(
        new FloorwalkError(ErrorCode.StepUpRequired, `${request.action} needs a user verification: give createFloorwalk a verifyUser option.`, {
          details: { action: request.action },
        }),
      );
    }
    // A verification that covers every action (maxAgeMs > 0) is shared by those waiting on it.
    if (this.inFlight !== null && (this.policy?.maxAgeMs ?? 0) > 0) return this.inFlight;
    // Only a page whose policy holds an action for step-up ever loads the verification.
    const attempt = parts.stepUp()
      .then((part) => part.verifyUser(verify, request))
      .then(() => {
        this.verifiedAt = this.now();
      });
    this.inFlight = attempt;
    const clear = (): void => {
      if (this.inFlight === attempt) this.inFlight = null;
    };
    attempt.then(clear, clear);
    return attempt;
  }
}
