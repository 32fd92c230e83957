import { css } from 'lit';
import { ErrorCode, FloorwalkError, isFloorwalkError, type Floorwalk, type MonitoringMode, type MonitoringSession } from '@floorwalk/core';
import { FwMonitoringChangedEvent } from '../../events/fw-monitoring-changed.js';
import { FwMonitoringFailedEvent } from '../../events/fw-monitoring-failed.js';
import { FwMonitoringRequestEvent, type MonitoringAction } from '../../events/fw-monitoring-request.js';
import type { Politeness } from '../../events/fw-internal-announce.js';
import type { LocalizeController, Catalog, Strings } from '../../internal/localize.js';
import { monitoringFailure, monitoringOutcome } from '../../internal/monitoring-requests.js';
import { busySeconds } from '../../internal/busy-lazy.js';
import { adoptLater } from '../../internal/adopt.js';
import type { coachingPanelCatalog } from './fw-coaching-panel.strings.js';
import { coachingPanelRequestCatalog } from './requests.strings.js';

/*
 * The panel's requests (start, switch, stop): request → pending → confirmed | failed. Only a
 * click needs any of it, so the panel loads this module on the first click, and a page that
 * shows the panel without anyone pressing it never does, unless one of the supervisor's sessions
 * outlives its call (rare): its words are here, with the Stop it needs. What it shares with the panel (the
 * localize controller) comes through the RequestHost, not imports: a module both import would
 * become a third file the panel loads up front. The rules only a request needs are imported
 * (monitoring-requests.ts): no up-front module imports them.
 */

/** A request sent and not yet confirmed. @internal */
export interface Pending {
  readonly seq: number;
  readonly action: MonitoringAction;
  readonly mode: MonitoringMode;
  readonly agentId: string;
  readonly interactionId: string;
  readonly sessionId: string | undefined;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** A request that did not happen, kept until the next one so its reason stays readable. @internal */
export interface Failure {
  readonly action: MonitoringAction;
  readonly mode: MonitoringMode;
  readonly error: FloorwalkError;
}

/** What the last render offered, so a click acts on what the person saw. @internal */
export interface Shown {
  readonly agentId: string;
  readonly interactionId: string;
  readonly session: MonitoringSession | undefined;
  readonly modes: ReadonlySet<MonitoringMode>;
  readonly canStop: boolean;
}

/** The request state the panel renders from; this module changes it and asks for a render. @internal */
export interface Requests {
  pending?: Pending | undefined;
  failure?: Failure | undefined;
  seq: number;
}

/** What the panel lends this module. @internal */
export interface RequestHost {
  readonly requests: Requests;
  /** A localize controller on the panel for `catalog`. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T>;
  client(): Floorwalk | undefined;
  strings(): typeof coachingPanelCatalog.en;
  /** The confirmation timeout in force, in ms. */
  timeout(): number;
  dispatch<E extends Event>(event: E): E;
  announce(text: string, politeness: Politeness): void;
  update(): void;
  /** The panel's shadow root, which this module's styles join. */
  root(): ShadowRoot | null;
}

/** The pending mark's look: only a request this module sent is ever pending, so it comes with it. */
const pendingStyles = css`
  @layer fw {
    .pending {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      color: var(--fw-coaching-panel-pending-color, var(--_fw-accent));
    }
  }
`;

const words = new WeakMap<RequestHost, LocalizeController<typeof coachingPanelRequestCatalog.en>>();

/** The strings only a request needs, in the panel's locale. */
function said(host: RequestHost): typeof coachingPanelRequestCatalog.en {
  let controller = words.get(host);
  if (controller === undefined) {
    // First use on this panel, before any pending mark renders (the pending message asks first).
    adoptLater(host.root(), pendingStyles);
    controller = host.localize(coachingPanelRequestCatalog);
    words.set(host, controller);
  }
  return controller.strings;
}

/** Asks for `action` in `mode` on what the panel showed when clicked. */
export function ask(host: RequestHost, shown: Shown, action: MonitoringAction, mode: MonitoringMode): void {
  const client = host.client();
  const r = host.requests;
  if (client === undefined || r.pending !== undefined) return;
  const session = shown.session;
  if (action === 'stop' ? session === undefined || !shown.canStop : !shown.modes.has(mode)) return;
  // Asking for the mode one is already in sends nothing: the platform would report no change.
  if (action !== 'stop' && session?.mode === mode) return;
  const act: MonitoringAction = action === 'stop' ? 'stop' : session === undefined ? 'start' : 'change';
  const request = host.dispatch(new FwMonitoringRequestEvent(act, shown.agentId, shown.interactionId, mode, session?.id));
  if (request.defaultPrevented) return;

  const seq = ++r.seq;
  const timeout = host.timeout();
  const timer = setTimeout(() => {
    fail(host, seq, new FloorwalkError(ErrorCode.VendorError, `The platform did not confirm ${act} ${mode} within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
  }, timeout);
  r.failure = undefined;
  r.pending = { seq, action: act, mode, agentId: shown.agentId, interactionId: shown.interactionId, sessionId: session?.id, timer };
  host.update();
  const sent =
    act === 'start'
      ? client.startMonitoring(shown.agentId, shown.interactionId, mode)
      : act === 'change'
        ? client.changeMonitoringMode(session!.id, mode)
        : client.stopMonitoring(session!.id);
  sent.then(
    () => check(host),
    (err: unknown) => {
      const error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `Monitoring failed: ${String(err)}`, { cause: err });
      fail(host, seq, error);
    },
  );
}

/** Settles the pending request if the store now shows its effect, or shows it can no longer happen. */
export function check(host: RequestHost): void {
  const r = host.requests;
  const pending = r.pending;
  const client = host.client();
  if (pending === undefined || client === undefined) return;
  const outcome = monitoringOutcome(client, pending);
  if (outcome === 'ended') {
    fail(
      host,
      pending.seq,
      new FloorwalkError(ErrorCode.Conflict, `Interaction ${pending.interactionId} ended before the request took effect.`, {
        details: { interactionId: pending.interactionId, interactionEnded: true },
      }),
    );
    return;
  }
  if (outcome === undefined) return;
  clearTimeout(pending.timer);
  r.pending = undefined;
  host.update();
  host.dispatch(new FwMonitoringChangedEvent(pending.action, pending.agentId, pending.interactionId, pending.mode, outcome.done));
  const agent = client.getAgent(pending.agentId)?.name ?? pending.agentId;
  host.announce(said(host).confirmed(pending.action, host.strings().mode(pending.mode), agent), 'polite');
}

function fail(host: RequestHost, seq: number, error: FloorwalkError): void {
  const r = host.requests;
  const pending = r.pending;
  if (pending === undefined || pending.seq !== seq) return;
  clearTimeout(pending.timer);
  r.pending = undefined;
  r.failure = { action: pending.action, mode: pending.mode, error };
  host.update();
  host.dispatch(new FwMonitoringFailedEvent(pending.action, pending.agentId, pending.interactionId, pending.mode, error));
  host.announce(failureText(host, r.failure), 'assertive');
}

/** "Starting Listen… waiting for the platform to confirm." */
export function pendingText(host: RequestHost, pending: Pending): string {
  const s = host.strings();
  return said(host).pending(s.doing(pending.action, s.mode(pending.mode)));
}

/** "Could not complete: Starting Listen. The platform refused it." */
export function failureText(host: RequestHost, failure: Failure): string {
  const w = said(host);
  const s = host.strings();
  const why = {
    ended: w.whyEnded,
    timeout: w.whyTimeout,
    forbidden: w.whyForbidden,
    conflict: w.whyConflict,
    'not-connected': w.whyNotConnected,
    busy: w.whyBusy(busySeconds(failure.error)),
    refused: w.whyRefused,
  }[monitoringFailure(failure.error)];
  return s.failed(s.doing(failure.action, s.mode(failure.mode)), why);
}

/** The sessions announced as outliving their call, by client: said once on the page, however many panels list them (an announcer voices each). */
const told = new WeakMap<Floorwalk, Set<string>>();

/**
 * What the panel says of one of this supervisor's sessions the platform did not take off when
 * its call ended (`outlivesCall`: Twilio refused at wrap-up), while the agent is told it runs;
 * undefined for any other session, which the panel words itself. Announced politely the first
 * time a panel on the page lists it, as a confirmed change is: it changed without anyone
 * pressing anything here. `who` names an agent the client no longer holds.
 */
export function kept(host: RequestHost, session: MonitoringSession & { readonly mode: MonitoringMode }, who: string): string | undefined {
  if (!session.outlivesCall) return undefined;
  const client = host.client()!;
  const text = said(host).kept(client.getAgent(session.agentId)?.name ?? who, host.strings().mode(session.mode));
  let ids = told.get(client);
  if (ids === undefined) told.set(client, (ids = new Set()));
  if (!ids.has(session.id)) {
    ids.add(session.id);
    host.announce(text, 'polite');
  }
  return text;
}

/** Stops waiting for the pending request: the panel left the page. */
export function drop(host: RequestHost): void {
  clearTimeout(host.requests.pending?.timer);
  host.requests.pending = undefined;
}
