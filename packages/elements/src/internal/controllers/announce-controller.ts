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

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.region?.remove();
    this.region = undefined;
  }

  announce(message: string, politeness: Politeness = 'polite'): void {
    const event = new FwInternalAnnounceEvent(message, politeness);
    this.host.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const root = this.host.shadowRoot;
    if (root === null) return;
    if (this.region === undefined || !this.region.isConnected) {
      this.region = document.createElement('div');
      this.region.className = 'fw-visually-hidden';
      this.region.setAttribute('aria-live', politeness);
      this.region.setAttribute('aria-atomic', 'true');
      this.region.style.cssText =
        'position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;';
      // Before Lit's own content: Lit owns everything after its start marker and would remove
      // the region when the component's top-level template changes.
      root.prepend(this.region);
    }
    this.region.setAttribute('aria-live', politeness);
    // Emptying first makes a repeat of the same message be voiced again.
    this.region.textContent = '';
    requestAnimationFrame(() => {
      if (this.region) this.region.textContent = message;
    });
  }
}
