import type { Clock, TimerHandle } from '../clock.js';
import type { Store } from '../store/store.js';

/**
 * Keeps the leases of the supervisor's own active monitoring sessions alive while the client is
 * live: a renewal every third of the lease, so two may be lost before the session lapses. When
 * the client goes away nothing renews, and the platform ends the sessions after the lease; nor
 * does it renew a listen or whisper on an agent who left the session's teams.
 *
 * @internal
 */
export class LeaseRenewer {
  private timer: TimerHandle | undefined;
  private live = false;
  /** Between a renewal and the task that arms the next one. */
  private hopping = false;

  constructor(
    private readonly store: Store,
    private readonly userId: string,
    private leaseMs: number,
    private readonly clock: Clock,
    private readonly renew: (sessionId: string) => void,
    private readonly inScope: (agentId: string) => boolean,
  ) {}

  /** A new lease length (a live policy change): the next renewal keeps to it. */
  setLeaseMs(leaseMs: number): void {
    if (leaseMs === this.leaseMs) return;
    this.leaseMs = leaseMs;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.sync(this.live);
  }

  /** Call after the store changed or the link went up or down. */
  sync(live: boolean): void {
    this.live = live;
    const wanted = live && this.leaseMs > 0 && this.ownActive().length > 0;
    if (wanted && this.timer === undefined && !this.hopping) this.arm();
    else if (!wanted && this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private ownActive(): string[] {
    const out: string[] = [];
    // A screen view is the platform's to report, never leased: renewing one is refused every time.
    // One on an agent who left the session's teams lapses (least privilege), unless a barge: the
    // customer hears that supervisor, who is not cut off mid-sentence by a roster change.
    for (const s of this.store.monitoring.values()) {
      if (s.endedAt === undefined && s.supervisorId === this.userId && s.mode !== 'screen' && (s.mode === 'barge' || this.inScope(s.agentId))) out.push(s.id);
    }
    return out;
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.live) return;
      const ids = this.ownActive();
      for (const id of ids) this.renew(id);
      if (ids.length === 0) return;
      if (this.clock.inOwnTask === undefined) return this.arm();
      this.hopping = true;
      this.clock.inOwnTask(() => {
        this.hopping = false;
        this.sync(this.live);
      });
    }, Math.max(250, Math.floor(this.leaseMs / 3)));
  }
}
