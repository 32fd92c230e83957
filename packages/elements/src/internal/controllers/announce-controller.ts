import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FwInternalAnnounceEvent, type Politeness } from '../../events/fw-internal-announce.js';

/**
 * Voices a message through the page's `fw-announcer` when there is one (it catches the
 * internal event and marks it handled), else through a live region the controller appends to
 * the host's shadow root, so a component works alone as well as in a full desktop.
 */
export class AnnounceController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private region: HTMLElement | undefined;
  /** What is to be said at the next frame: messages sent within one frame are voiced together. */
  private said = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.region?.remove();
    this.region = undefined;
  }

  announce(message: string, politeness: Politeness = 'polite'): void {
    const event = new FwInternalAnnounceEvent(message, politeness);
    this.host.dispatchEvent(event);
    const root = this.host.shadowRoot;
    if (event.defaultPrevented || root === null) return;
    let region = this.region;
    if (!region?.isConnected) {
      region = this.region = document.createElement('div');
      // Hidden by the shared `.fw-visually-hidden` rule, which every element's styles include.
      region.className = 'fw-visually-hidden';
      region.setAttribute('aria-atomic', 'true');
      // Before Lit's own content: Lit owns everything after its start marker and would remove
      // the region when the component's top-level template changes.
      root.prepend(region);
    }
    // One region for both: within a frame, the last message's politeness is the joined one's.
    region.setAttribute('aria-live', politeness);
    // Emptying first makes a repeat of the same message be voiced again.
    region.textContent = '';
    this.said = this.said ? `${this.said} ${message}` : message;
    requestAnimationFrame(() => {
      const said = this.said;
      this.said = '';
      if (said && region === this.region) {
        region.textContent = said;
        clearTimeout(this.timer);
        // Once voiced, the words leave the tree: an element shows what lasts (a failure's
        // message) itself, and a screen reader browsing the page would meet them twice.
        this.timer = setTimeout(() => (region.textContent = ''), 5000);
      }
    });
  }
}
