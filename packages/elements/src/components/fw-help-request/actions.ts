import { ErrorCode, FloorwalkError, isFloorwalkError, type Floorwalk, type HelpRequest, type IntentSettled, type Interaction, type MonitoringSession, type StoredIntent } from '@floorwalk/core';
import { FwHelpFailedEvent, type HelpAction } from '../../events/fw-help-failed.js';
import { FwHelpRaiseRequestEvent } from '../../events/fw-help-raise-request.js';
import type { Politeness } from '../../events/fw-internal-announce.js';
import { FwMonitoringRequestEvent } from '../../events/fw-monitoring-request.js';
import type { Catalog, LocalizeController, Strings } from '../../internal/localize.js';
import { helpRequestActionCatalog } from './actions.strings.js';
import type { helpRequestCatalog } from './fw-help-request.strings.js';
import { busySeconds } from '../../internal/busy-lazy.js';

/*
 * The element's actions (raise and lower a hand, acknowledge, resolve, whisper): ask → pending →
 * confirmed | failed. Only a press needs any of it, so the element loads this module on the first
 * one, and a page where no one acts never does. What it shares with the element (the localize
 * controller, the liveness rules) comes through the ActionHost, not imports: a module both import
 * would become a third file the element loads up front.
 */

/** Something asked and not yet confirmed, per request (or `raise` for the agent's new one). @internal */
export interface Op {
  readonly seq: number;
  readonly action: HelpAction;
  readonly requestId: string | undefined;
  readonly agentId: string;
  readonly interactionId: string | undefined;
  /** The agent's requests before a raise, to tell the new one apart. */
  readonly before: ReadonlySet<string>;
  /** None while the core holds it for the link: the platform is not asked until it is back. */
  readonly timer: ReturnType<typeof setTimeout> | undefined;
  /** Lowered while on its way, too late to withdraw: lowered as soon as it is up. */
  readonly lower?: boolean;
}

/** An action that did not happen, kept until the next one on the same key. @internal */
export interface Failure {
  readonly action: HelpAction;
  readonly error: FloorwalkError;
  /** The request the core's own lower failed on (see {@link watchLower}): no press of this element's. */
  readonly request?: string;
}

/** What the element lends this module. @internal */
export interface ActionHost {
  readonly ops: Map<string, Op>;
  readonly failures: Map<string, Failure>;
  /** The next sequence number, so a late answer to an earlier attempt is told apart. */
  next(): number;
  client(): Floorwalk | undefined;
  strings(): typeof helpRequestCatalog.en;
  /** A localize controller on the element for `catalog`. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T>;
  /** The confirmation timeout in force, in ms. */
  timeout(): number;
  dispatch<E extends Event>(event: E): E;
  announce(text: string, politeness: Politeness): void;
  update(): void;
  who(userId: string): string;
  agentName(client: Floorwalk, agentId: string): string;
  ownSession(client: Floorwalk, agentId: string, interactionId: string): MonitoringSession | undefined;
  isLive(interaction: Interaction | undefined): boolean;
  isOpen(request: HelpRequest): boolean;
}

/** The key of the agent's own raise (and lower); the element writes the same literal. */
const RAISE = 'raise';

const words = new WeakMap<ActionHost, LocalizeController<typeof helpRequestActionCatalog.en>>();

/** The strings only an action needs, in the element's locale. */
function said(host: ActionHost): typeof helpRequestActionCatalog.en {
  let controller = words.get(host);
  if (controller === undefined) {
    controller = host.localize(helpRequestActionCatalog);
    words.set(host, controller);
  }
  return controller.strings;
}

function start(host: ActionHost, key: string, action: HelpAction, agentId: string, requestId: string | undefined, interactionId: string | undefined, send: () => Promise<void>): void {
  const client = host.client();
  if (client === undefined || host.ops.has(key)) return;
  const seq = host.next();
  const timeout = host.timeout();
  const arm = (): ReturnType<typeof setTimeout> =>
    setTimeout(() => {
      fail(host, key, seq, new FloorwalkError(ErrorCode.VendorError, `The platform did not confirm ${action} within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
    }, timeout);
  // The link is down: the core queues it and sends it once it is back, so the wait for the
  // platform starts when the core has sent it, not now.
  const queued = client.status !== 'live';
  const before = new Set(client.getHelpRequests({ agentId }).map((r) => r.id));
  host.failures.delete(key);
  host.ops.set(key, { seq, action, requestId, agentId, interactionId, before, timer: queued ? undefined : arm() });
  if (queued) host.announce(host.strings().queued, 'polite');
  host.update();
  send().then(
    () => {
      const op = host.ops.get(key);
      if (op?.seq === seq && op.timer === undefined) host.ops.set(key, { ...op, timer: arm() });
      check(host);
    },
    (err: unknown) => {
      const error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `${action} failed: ${String(err)}`, { cause: err });
      fail(host, key, seq, error);
    },
  );
}

/** The agent raises a hand, after the cancelable `fw-help-raise-request`. */
export function raise(host: ActionHost, agentId: string, reason: string, interactionId: string | undefined): void {
  const client = host.client();
  if (client === undefined || host.ops.has(RAISE)) return;
  const request = host.dispatch(new FwHelpRaiseRequestEvent(reason, interactionId));
  if (request.defaultPrevented) return;
  start(host, RAISE, 'raise', agentId, undefined, interactionId, () => client.raiseHand(reason, interactionId));
}

/** Lowers the agent's hand, or acknowledges or resolves a request in the queue. */
export function act(host: ActionHost, action: 'cancel' | 'acknowledge' | 'resolve', request: HelpRequest): void {
  const client = host.client();
  if (client === undefined) return;
  start(host, action === 'cancel' ? RAISE : request.id, action, request.agentId, request.id, request.interactionId, () =>
    action === 'acknowledge' ? client.acknowledgeHelp(request.id) : client.resolveHelp(request.id),
  );
}

/**
 * Lowers a hand the core still holds for the link: withdrawn, it is never sent. One already on
 * its way may be applied, so it is lowered as soon as it is up.
 */
export function withdraw(host: ActionHost, key: string): void {
  const client = host.client();
  if (client === undefined) return;
  const op = host.ops.get(RAISE);
  if (!client.dismissIntent(key)) {
    if (op?.action === 'raise') host.ops.set(RAISE, { ...op, lower: true });
    host.update();
    return;
  }
  // Its promise now rejects as cancelled: with the op gone, that is not told as a failure.
  clearTimeout(op?.timer);
  host.ops.delete(RAISE);
  host.failures.delete(RAISE);
  host.announce(said(host).done('cancel', ''), 'polite');
  host.update();
}

/** Starts whispering to the agent of a request (or switches this session's monitoring to it). */
export function whisper(host: ActionHost, request: HelpRequest): void {
  const client = host.client();
  const interactionId = request.interactionId;
  if (client === undefined || interactionId === undefined || host.ops.has(request.id)) return;
  const session = host.ownSession(client, request.agentId, interactionId);
  const action = session === undefined ? 'start' : 'change';
  const asked = host.dispatch(new FwMonitoringRequestEvent(action, request.agentId, interactionId, 'whisper', session?.id));
  if (asked.defaultPrevented) return;
  start(host, request.id, 'whisper', request.agentId, request.id, interactionId, () =>
    session === undefined ? client.startMonitoring(request.agentId, interactionId, 'whisper') : client.changeMonitoringMode(session.id, 'whisper'),
  );
}

/** Settles every pending action whose effect the store now shows, or that can no longer happen. */
export function check(host: ActionHost): void {
  const client = host.client();
  if (client === undefined) return;
  const me = client.session.userId;
  const request = host.failures.get(RAISE)?.request;
  // The core's lower failed and the hand went down since (a supervisor, another page): "it is still up" no longer holds.
  if (request !== undefined && !stillUp(host, client, request)) host.failures.delete(RAISE);
  for (const [key, op] of [...host.ops]) {
    const requests = client.getHelpRequests({ agentId: op.agentId });
    const request = requests.find((r) => r.id === op.requestId);
    let done = false;
    let raised: HelpRequest | undefined;
    switch (op.action) {
      case 'raise':
        raised = requests.find((r) => host.isOpen(r) && !op.before.has(r.id));
        done = raised !== undefined;
        break;
      case 'cancel':
      case 'resolve':
        done = request === undefined || !host.isOpen(request);
        break;
      case 'acknowledge':
        if (request !== undefined && request.acknowledgedBy !== undefined && request.acknowledgedBy !== me) {
          fail(host, key, op.seq, new FloorwalkError(ErrorCode.Conflict, `Help request ${request.id} was acknowledged by ${request.acknowledgedBy} first.`, {
            details: { acknowledgedBy: request.acknowledgedBy },
          }));
          continue;
        }
        done = request?.acknowledgedBy === me;
        if (!done && request !== undefined && !host.isOpen(request)) {
          fail(host, key, op.seq, new FloorwalkError(ErrorCode.Conflict, `Help request ${request.id} is already ${request.state}.`));
          continue;
        }
        break;
      case 'whisper': {
        const id = op.interactionId as string;
        done = host.ownSession(client, op.agentId, id)?.mode === 'whisper';
        if (!done && !host.isLive(client.getInteraction(id))) {
          fail(host, key, op.seq, new FloorwalkError(ErrorCode.Conflict, `Interaction ${id} ended before the whisper began.`, { details: { interactionEnded: true } }));
          continue;
        }
        break;
      }
    }
    if (!done) continue;
    clearTimeout(op.timer);
    host.ops.delete(key);
    if (op.lower && raised !== undefined) {
      act(host, 'cancel', raised);
      continue;
    }
    // A supervisor resolved it as the agent lowered it: what is true is that it was resolved,
    // which the element says as the status changes; "Hand lowered." would be a second, false word.
    if (!(op.action === 'cancel' && request?.state === 'resolved')) host.announce(said(host).done(op.action, host.agentName(client, op.agentId)), 'polite');
    host.update();
  }
}

function fail(host: ActionHost, key: string, seq: number, error: FloorwalkError): void {
  const op = host.ops.get(key);
  if (op === undefined || op.seq !== seq) return;
  clearTimeout(op.timer);
  host.ops.delete(key);
  const failure = { action: op.action, error };
  host.failures.set(key, failure);
  host.dispatch(new FwHelpFailedEvent(op.action, op.requestId, error));
  host.announce(failureText(host, failure, op.requestId), 'assertive');
  host.update();
}

function why(host: ActionHost, failure: Failure, requestId: string | undefined): string {
  const s = said(host);
  const { action, error } = failure;
  const client = host.client();
  if (action === 'acknowledge' && client !== undefined && requestId !== undefined) {
    const by = (error.details?.['acknowledgedBy'] as string | undefined) ??
      client.getHelpRequests().find((r) => r.id === requestId)?.acknowledgedBy;
    if (by !== undefined && by !== client.session.userId) return s.whyFirst(host.who(by));
  }
  if (error.details?.['interactionEnded'] === true || error.code === ErrorCode.UnknownInteraction) return s.whyEnded;
  if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
  switch (error.code) {
    case ErrorCode.Forbidden:
    case ErrorCode.OutOfScope:
    case ErrorCode.Unsupported:
      return s.whyForbidden;
    case ErrorCode.Conflict:
      if (action === 'raise') return s.whyAlreadyOpen;
      if (action === 'whisper') return s.whyEnded;
      return s.whyClosed;
    case ErrorCode.UnknownEntity:
      return s.whyClosed;
    case ErrorCode.NotConnected:
    case ErrorCode.Cancelled:
      return s.whyNotConnected;
    case ErrorCode.RateLimited:
      // Not refused: the platform asked for a wait (Genesys' Retry-After), and nothing changed.
      return s.whyBusy(busySeconds(error));
    default:
      return s.whyRefused;
  }
}

/** What the agent is told of their hand when no supervisor can see it (`blind`), or can again. */
export function unseenText(host: ActionHost, blind: boolean): string {
  const s = said(host);
  return blind ? s.unseen : s.seenAgain;
}

/** The agent's open request last told as one no supervisor can see, by id ('' for none). */
const told = new WeakMap<ActionHost, string>();

/**
 * Tells the agent, once, that no supervisor can see their hand (the platform flags it `unseen`: a
 * team move left their teams with none), and once that one can again, rather than leave them
 * waiting on nobody. Called at each live render of the agent's view from the first that needs it
 * (a page opened on such a hand says so too). `last`: their newest request; `released`: it was
 * taken until now (its taker lost sight of the agent), told once too.
 */
export function tellUnseen(host: ActionHost, last: HelpRequest | undefined, released?: boolean): void {
  const open = last !== undefined && host.isOpen(last) ? last : undefined;
  const blind = open?.unseen === true ? open.id : '';
  const was = told.get(host);
  told.set(host, blind);
  // Let go of by its taker, and someone can see it: nobody is coming until one of them takes it.
  if (released && blind === '') return host.announce(said(host).released, 'polite');
  if (blind === was || open === undefined || (blind === '' && was !== open.id)) return;
  host.announce(unseenText(host, blind !== ''), blind === '' ? 'polite' : 'assertive');
  host.update();
}

/** "Could not complete: Acknowledging. Sam got there first." */
export function failureText(host: ActionHost, failure: Failure, requestId: string | undefined): string {
  if (failure.request !== undefined) return said(host).lowerFailed;
  const s = host.strings();
  return s.failed(s.doing(failure.action), why(host, failure, requestId));
}

function stillUp(host: ActionHost, client: Floorwalk, requestId: string): boolean {
  return client.getHelpRequests().some((r) => r.id === requestId && host.isOpen(r));
}

/** The core's own lower each element watches, by intent key. */
const watched = new WeakMap<ActionHost, string>();

/**
 * Watches the core's own lower of the agent's hand (`lowering`: the `resolve-help` it issued for
 * a raise withdrawn after a reload that went up all the same), which the element shows as being
 * lowered, with no Lower. If it fails with the hand still up, the agent is told so, politely and
 * once, under the Lower that comes back, rather than finding the hand raised again without a word.
 */
export function watchLower(host: ActionHost, lowering: StoredIntent): void {
  const client = host.client();
  const key = lowering.key;
  if (client === undefined || watched.get(host) === key) return;
  watched.set(host, key);
  const done = (settled: IntentSettled): void => {
    const request = (settled.command as { requestId: string }).requestId;
    if ((settled.outcome === 'failed' || settled.outcome === 'conflict') && !host.ops.has(RAISE) && stillUp(host, client, request)) {
      host.failures.set(RAISE, { action: 'cancel', error: settled.error as FloorwalkError, request });
      host.announce(said(host).lowerFailed, 'polite');
    }
    host.update();
  };
  // It may have settled while this module loaded: its event is gone, its failure is kept.
  const failed = client.getFailedIntents().find((s) => s.key === key);
  if (failed !== undefined) return done(failed);
  if (!client.getPendingIntents().some((p) => p.key === key)) return host.update();
  const off = client.on('intent', (settled) => {
    if (settled.key !== key) return;
    off();
    done(settled);
  });
}

/**
 * Keeps focus in the element when the control that had it went (see the element's `updated`):
 * on the control that took its place (Lower once the hand is up, the reason field once it is
 * down), else on the heading, focusable only while it holds focus, rather than the page. Not when
 * focus has gone elsewhere meanwhile (this module may have been loading).
 */
export function refocus(root: ShadowRoot): void {
  const page = root.host.ownerDocument;
  if (page.activeElement !== null && page.activeElement !== page.body) return;
  const heading = root.getElementById('heading') as HTMLElement;
  const next = root.querySelector<HTMLElement>('[part="cancel"], #reason') ?? heading;
  if (next === heading) {
    heading.tabIndex = -1;
    heading.addEventListener('blur', () => heading.removeAttribute('tabindex'), { once: true });
  }
  next.focus();
}
