import { ErrorCode, type ConnectionStatus, type Floorwalk, type FloorwalkError, type StatusChange, type StoreChange } from '@floorwalk/core';
import { html, svg, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatNumber } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { connectionBannerCatalog } from './fw-connection-banner.strings.js';
import { connectionBannerStyles } from './fw-connection-banner.styles.js';

/** What the banner shows; `none` while live or before `connect()`. */
type Kind = 'none' | 'loading' | 'lost' | 'offline' | 'failed';

/** Whether a connection shown so waits on the platform's rate limit, when it sets one. */
const slows = (kind: Kind): boolean => kind === 'loading' || kind === 'lost';

/**
 * A non-blocking strip that tells the user what the connection is doing, and nothing while it is
 * fine. While the first snapshot loads it shows progress ("Loading your team… 120 agents so
 * far"); when the link drops it says what still works and counts down to the client's next
 * attempt, with a "Retry now" button that cuts the wait short (`client.retryNow()`); after the
 * client gave up it offers "Try again" (`client.connect()`). It never takes focus.
 *
 * Announcements are polite: the team having loaded, and the client giving up. The loss and the
 * return of the link are voiced by `fw-announcer` (debounced, so blips stay silent); on a page
 * without one the banner voices them itself.
 *
 * Progress comes from the connection status and the store's agent count: the core has no
 * "N of M" signal, because no platform says how big a team is before sending it. Adapters that
 * page through a large team deliver agents page by page, and the count grows with them.
 *
 * The countdown runs on the page's clock (the client's retry timer runs on the client's; they
 * are the same unless a test or the simulator injected another).
 *
 * @tagname fw-connection-banner
 * @summary Shows initial-sync progress and a lost connection with its retry countdown.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @csspart base - The strip (hidden while there is nothing to say).
 * @csspart icon - The status mark.
 * @csspart message - The main line: progress, loss with countdown, offline, failure.
 * @csspart detail - What still works while the link is down.
 * @csspart progress - The indeterminate progress bar of the first load.
 * @csspart retry - The "Retry now" / "Try again" button.
 *
 * @cssproperty --fw-connection-banner-background - The strip's background while loading.
 * @cssproperty --fw-connection-banner-border-color - The strip's border.
 * @cssproperty --fw-connection-banner-radius - The strip's corner radius.
 * @cssproperty --fw-connection-banner-padding - The strip's padding.
 * @cssproperty --fw-connection-banner-accent - The inline-start bar and progress colour while loading.
 * @cssproperty --fw-connection-banner-alert-color - The inline-start bar when lost or failed.
 * @cssproperty --fw-connection-banner-alert-background - The strip's background when lost or failed.
 *
 * @cssstate loading - The first connection is loading the team.
 * @cssstate lost - The link dropped and the client is getting it back.
 * @cssstate offline - The platform reports the network gone.
 * @cssstate failed - The client gave up; only "Try again" restarts it.
 * @cssstate counting-down - A retry is scheduled and its countdown shows.
 */
export class FwConnectionBanner extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, connectionBannerStyles];

  static override properties = {
    client: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, connectionBannerCatalog);
  private readonly voice = new AnnounceController(this);
  private bound: Floorwalk | undefined;
  private unbind: (() => void) | undefined;
  /** Whether the bound client has been live: before that, a connecting client is loading. */
  private wasLive = false;
  /** When the client's next attempt is due, on the page's clock. */
  private retryAt: number | undefined;
  /** Until when the platform asked to slow down (a RateLimited error's wait), on the page's clock. */
  private slowUntil = 0;
  private lastKind: Kind = 'none';

  /** Wakes the countdown at its next whole second, so it reads true to the second. */
  private countdownTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.countdownTimer);
    this.countdownTimer = undefined;
    this.bind(undefined);
  }

  // ---- client and status -------------------------------------------------------------------

  private onStoreChange(change: StoreChange): boolean {
    // Only the first load shows a count; later batches change nothing here.
    return this.kind() === 'loading' && (change.reset || change.agents.size > 0);
  }

  private bind(client: Floorwalk | undefined): void {
    if (client === this.bound) return;
    this.unbind?.();
    this.unbind = undefined;
    this.bound = client;
    this.retryAt = undefined;
    this.slowUntil = 0;
    this.wasLive = client?.status === 'live';
    this.lastKind = 'none';
    if (client === undefined) return;
    const offStatus = client.on('status', (change) => this.onStatus(change));
    // An adapter waiting out a vendor's rate limit tells it as an error event (Genesys' channel
    // set-up answered 429), or as the reason of its status.
    const offError = client.on('error', (error) => this.onLimit(error));
    this.unbind = () => (offStatus(), offError());
  }

  private onStatus(change: StatusChange): void {
    this.retryAt = change.retryIn === undefined ? (change.current === change.previous ? this.retryAt : undefined) : Date.now() + change.retryIn;
    if (change.reason !== undefined) this.onLimit(change.reason);
    this.requestUpdate();
  }

  /**
   * Notes a rate limit's wait while the link is lost or the first connection loads (a 429 is as
   * likely at the first channel set-up as at a later one), and voices it once (not at each 429 of
   * the same wait).
   */
  private onLimit(error: FloorwalkError): void {
    const wait = Number(error.details?.['retryAfterMs']);
    const kind = this.kind();
    if (error.code !== ErrorCode.RateLimited || !(wait > 0) || !slows(kind)) return;
    const waiting = this.slowUntil > Date.now();
    this.slowUntil = Date.now() + wait;
    if (!waiting) this.voice.announce(this.message(kind), 'polite');
    this.requestUpdate();
  }

  private kind(): Kind {
    const status: ConnectionStatus = this.bound?.status ?? 'idle';
    switch (status) {
      case 'connecting':
        return this.wasLive ? 'lost' : 'loading';
      case 'reconnecting':
        return 'lost';
      case 'offline':
        return 'offline';
      case 'failed':
        return 'failed';
      case 'idle':
      case 'live':
        return 'none';
    }
  }

  /** `fw-announcer` voices loss and return itself; speaking too would say it twice. */
  private announcerOnPage(): boolean {
    return document.querySelector('fw-announcer') !== null;
  }

  private agentsText(): string {
    const count = this.bound?.getAgents().length ?? 0;
    return this.t.strings.agents(count, formatNumber(this.t.lang, count));
  }

  /** Voices what changed since the last render: the team loaded, the link lost, back, given up. */
  private speak(previous: Kind, next: Kind): void {
    if (previous === next) return;
    const s = this.t.strings;
    const announcer = this.announcerOnPage();
    if (previous === 'loading' && next === 'none') this.voice.announce(s.loaded(this.agentsText()), 'polite');
    else if (next === 'failed') this.voice.announce(s.failed, 'polite');
    else if (announcer) return;
    else if ((next === 'lost' || next === 'offline') && previous === 'none') this.voice.announce(s.lost, 'polite');
    else if (next === 'none' && (previous === 'lost' || previous === 'offline')) this.voice.announce(s.restored, 'polite');
  }

  private readonly onRetry = (): void => {
    const client = this.bound;
    if (client === undefined) return;
    if (client.status === 'failed') {
      // The outcome shows as status; the rejection carries nothing the banner does not show.
      client.connect().catch(() => {});
    } else {
      client.retryNow();
    }
    this.retryAt = undefined;
    this.requestUpdate();
  };

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.bind(this.isConnected ? this.clients.client : undefined);
    if (this.bound?.status === 'live') this.wasLive = true;
    const kind = this.kind();
    if (!slows(kind)) this.slowUntil = 0;
    if (kind === 'none' || kind === 'failed') this.retryAt = undefined;
    this.speak(this.lastKind, kind);
    this.lastKind = kind;
    for (const k of ['loading', 'lost', 'offline', 'failed'] as const) this.toggleState(k, kind === k);
    this.toggleState('counting-down', this.retryAt !== undefined && kind === 'lost');
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    clearTimeout(this.countdownTimer);
    this.countdownTimer = undefined;
    // A rate limit's wait is kept only while it is shown (see willUpdate); the retry countdown, lost.
    const due = this.slowUntil > Date.now() ? this.slowUntil : this.kind() === 'lost' ? this.retryAt : undefined;
    if (due === undefined) return;
    const left = due - Date.now();
    if (left <= 0) return;
    this.countdownTimer = setTimeout(() => this.requestUpdate(), (left % 1000 || 1000) + 5);
  }

  private icon(kind: Kind): TemplateResult {
    // Loading and reconnecting turn (a circular arrow); offline and failed are a struck circle.
    const mark =
      kind === 'loading' || kind === 'lost'
        ? svg`<path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />`
        : svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.6" /><path d="M4.2 11.8l7.6-7.6" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />`;
    return html`<svg part="icon" class="icon" viewBox="0 0 16 16" aria-hidden="true">${mark}</svg>`;
  }

  private message(kind: Kind): string {
    const s = this.t.strings;
    const slow = Math.ceil((this.slowUntil - Date.now()) / 1000);
    if (slow > 0) return s.slowDown(slow, formatNumber(this.t.lang, slow));
    switch (kind) {
      case 'loading':
        return (this.bound?.getAgents().length ?? 0) === 0 ? s.connecting : s.loading(this.agentsText());
      case 'lost': {
        if (this.retryAt === undefined) return s.reconnecting;
        const seconds = Math.ceil((this.retryAt - Date.now()) / 1000);
        return seconds > 0 ? s.retrying(seconds, formatNumber(this.t.lang, seconds)) : s.retryingNow;
      }
      case 'offline':
        return s.offline;
      case 'failed':
        return s.failed;
      case 'none':
        return '';
    }
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const kind = this.kind();
    const message = this.message(kind);
    const canRetry = kind === 'failed' || (kind === 'lost' && this.retryAt !== undefined && this.retryAt > Date.now());
    // One outer template in every state: the fallback live region sits beside it in the shadow
    // root, and swapping the top-level template would remove it.
    return html`<div part="base" class="base" data-kind=${kind} ?hidden=${kind === 'none'}>
      ${kind === 'none' ? '' : this.icon(kind)}
      <div class="text">
        <span part="message" class="message">${message}</span>
        ${kind === 'lost' || kind === 'offline' ? html`<span part="detail" class="detail">${s.stale}</span>` : ''}
        ${kind === 'loading' ? html`<progress part="progress" class="progress" aria-label=${message}></progress>` : ''}
      </div>
      ${canRetry ? html`<button part="retry" type="button" @click=${this.onRetry}>${kind === 'failed' ? s.tryAgain : s.retryNow}</button>` : ''}
    </div>`;
  }
}
