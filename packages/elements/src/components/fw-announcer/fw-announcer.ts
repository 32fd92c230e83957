import type { ConnectionStatus, Floorwalk } from '@floorwalk/core';
import { css, html, type CSSResultGroup, type TemplateResult } from 'lit';
import { FwInternalAnnounceEvent, type Politeness } from '../../events/fw-internal-announce.js';
import { connectionNewsCatalog } from '../../internal/common-strings.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { LocalizeController } from '../../internal/localize.js';

/**
 * The page's one live region. Floorwalk elements send it what screen-reader users need to hear
 * (a threshold crossed, a status that failed to change); it also voices the connection going
 * and coming back. A lost connection is announced only if it stays lost for `lost-delay`
 * milliseconds, so short blips stay silent. Place one near the top of the page; elements on a
 * page without one fall back to a region of their own.
 *
 * @tagname fw-announcer
 * @summary Voices Floorwalk announcements for screen readers.
 * @status experimental
 * @since 0.1.0
 *
 * @cssproperty --fw-announcer-display - Set to `block` to show the messages while debugging (default hidden).
 */
export class FwAnnouncer extends FwElement {
  static override styles: CSSResultGroup = css`
    :host {
      display: var(--fw-announcer-display, block);
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;

  static override properties = {
    client: { attribute: false },
    lostDelay: { type: Number, attribute: 'lost-delay' },
    polite: { state: true },
    assertive: { state: true },
  };

  /** The client whose connection is voiced; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** How long the connection must stay lost before it is announced, in ms. */
  declare lostDelay: number;
  private declare polite: string;
  private declare assertive: string;

  private readonly clients = new ClientController(this, () => false);
  private readonly t = new LocalizeController(this, connectionNewsCatalog);
  private lastStatus: ConnectionStatus = 'idle';
  private lostTimer: ReturnType<typeof setTimeout> | undefined;
  private announcedLost = false;
  /** What each region is to say at the next frame. */
  private readonly queued: Record<Politeness, string> = { polite: '', assertive: '' };
  /** The timer that will empty each region. */
  private readonly clearing: Partial<Record<Politeness, ReturnType<typeof setTimeout>>> = {};

  constructor() {
    super();
    this.lostDelay = 3000;
    this.polite = '';
    this.assertive = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(FwInternalAnnounceEvent.eventName, this.onAnnounce);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(FwInternalAnnounceEvent.eventName, this.onAnnounce);
    clearTimeout(this.lostTimer);
    clearTimeout(this.clearing.polite);
    clearTimeout(this.clearing.assertive);
    // With their timers gone, words left in the regions would stay if the announcer came back.
    this.polite = this.assertive = '';
  }

  private readonly onAnnounce = (event: FwInternalAnnounceEvent): void => {
    event.preventDefault();
    this.announce(event.message, event.politeness);
  };

  protected override willUpdate(): void {
    const status = this.clients.status;
    if (status === this.lastStatus) return;
    const wasLive = this.lastStatus === 'live';
    this.lastStatus = status;
    if (status === 'live') {
      clearTimeout(this.lostTimer);
      this.lostTimer = undefined;
      if (this.announcedLost) this.announce(this.t.strings.connectionRestored, 'polite');
      this.announcedLost = false;
    } else if (wasLive && (status === 'reconnecting' || status === 'offline' || status === 'failed')) {
      this.lostTimer ??= setTimeout(() => {
        this.lostTimer = undefined;
        this.announcedLost = true;
        this.announce(this.t.strings.connectionLost, 'assertive');
      }, this.lostDelay);
    }
  }

  /**
   * Voices `message`; `assertive` interrupts and is for what needs action now. Messages of one
   * politeness sent within one frame are voiced together, in the order sent; the region empties
   * itself 5 seconds later.
   */
  announce(message: string, politeness?: Politeness): void {
    // From script or a page's own announce event, these may be anything: the level names the
    // property written below, so only the two levels are taken.
    const level: Politeness = politeness === 'assertive' ? 'assertive' : 'polite';
    message = String(message);
    const queued = this.queued[level];
    this.queued[level] = queued ? `${queued} ${message}` : message;
    // A second message in the frame joins the first: set on its own, it would replace the
    // first before a screen reader had read it.
    if (queued) return;
    // Clear, then set on the next frame, so that the same message twice is voiced twice.
    this[level] = '';
    requestAnimationFrame(() => {
      const said = this.queued[level];
      this.queued[level] = '';
      // Sent just before the announcer left the page: nothing to voice, and no timer to leave.
      if (!this.isConnected) return;
      this[level] = said;
      clearTimeout(this.clearing[level]);
      // Once voiced, the words leave the tree: elements show what lasts (a failure's message)
      // themselves, and a screen reader browsing the page would meet them twice.
      this.clearing[level] = setTimeout(() => (this[level] = ''), 5000);
    });
  }

  protected override render(): TemplateResult {
    return html`<div part="polite" aria-live="polite" aria-atomic="true">${this.polite}</div>
      <div part="assertive" aria-live="assertive" aria-atomic="true">${this.assertive}</div>`;
  }
}
