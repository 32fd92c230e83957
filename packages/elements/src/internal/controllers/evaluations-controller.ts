import { ErrorCode, FloorwalkError, isFloorwalkError } from '@floorwalk/core';
import type { Evaluations } from '@floorwalk/core/evaluations';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A host handed an evaluations service (`createEvaluations(...)`) as a property. */
export interface EvaluationsHost extends ReactiveControllerHost, HTMLElement {
  evaluations?: Evaluations | undefined;
}

/**
 * Keeps what an element reads from its evaluations service current: loads it when the service
 * is set or the host asks, and again after every write any session makes on the backplane. Loads
 * are asynchronous; an older load finishing late never overwrites a newer one.
 */
export class EvaluationsController<T> implements ReactiveController {
  private readonly host: EvaluationsHost;
  private readonly load: (service: Evaluations) => Promise<T>;
  private watched: Evaluations | undefined;
  private unsubscribe: (() => void) | undefined;
  private seq = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** The latest loaded value; undefined until the first load finishes. */
  value: T | undefined;
  /** Why the latest load failed, or undefined. */
  error: FloorwalkError | undefined;
  /** In how many ms the failed load is tried again by itself; undefined when it is not (a refusal). */
  retryIn: number | undefined;

  constructor(host: EvaluationsHost, load: (service: Evaluations) => Promise<T>) {
    this.host = host;
    this.load = load;
    host.addController(this);
  }

  /** Resolves when the load in flight (if any) has settled and the host has rendered it. */
  loaded: Promise<void> = Promise.resolve();

  /** The host's `evaluations` when it is a service: anything else set from script (null too) is none. */
  get service(): Evaluations | undefined {
    const given = this.host.evaluations;
    return typeof given?.subscribe === 'function' ? given : undefined;
  }

  hostUpdate(): void {
    const service = this.host.isConnected ? this.service : undefined;
    if (service === this.watched) return;
    this.unsubscribe?.();
    this.watched = service;
    this.value = undefined;
    this.error = undefined;
    this.unsubscribe = service?.subscribe(() => this.reload());
    if (service !== undefined) this.reload();
  }

  hostDisconnected(): void {
    clearTimeout(this.retry);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.watched = undefined;
    this.seq++;
  }

  /** Loads again now, e.g. after a property that filters the load changed. */
  reload(): void {
    const service = this.watched;
    if (service === undefined) return;
    const seq = ++this.seq;
    clearTimeout(this.retry);
    // A service that throws rather than rejects is reported the same way.
    this.loaded = Promise.resolve(service).then((s) => this.load(s)).then(
      (value) => {
        if (seq !== this.seq) return;
        this.value = value;
        this.error = undefined;
        this.host.requestUpdate();
      },
      (err: unknown) => {
        if (seq !== this.seq) return;
        this.error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, String(err), { cause: err });
        // A load the service may answer later (busy, the network down) is tried again by itself:
        // after the wait the platform gave, else (none, or 0: no spinning) in 10 s;
        // nothing else would load it before a write.
        this.retryIn = this.error.retryable ? Number(this.error.details?.['retryAfterMs']) || 1e4 : undefined;
        if (this.retryIn) this.retry = setTimeout(() => this.reload(), this.retryIn);
        this.host.requestUpdate();
      },
    );
  }
}
