import type { Floorwalk, PolicyChange, SharedActivity } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { activityCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { activityIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatDuration, formatTime } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { activityNoticeCatalog } from './fw-activity-notice.strings.js';
import { activityNoticeStyles } from './fw-activity-notice.styles.js';
import { headingLevelOf } from '../../internal/pending.js';

/**
 * What the signed-in agent's device shares about their activity, and when: shown only while the
 * tenant's policy turns the activity signal on, and then always. It says what is shared (a coarse
 * bucket: active, idle or away from desk), how often at most, what is never shared, the bucket
 * shared last, and the list of what was shared, newest first. When the signal goes on (even
 * while the page runs) the agent is told at once, assertively; when it goes off, politely, and
 * the element shows nothing, as nothing is then collected.
 *
 * A separate element from `fw-monitoring-notice`: that one tells the agent about people watching
 * a conversation, this one about data leaving their own device; a host places each where it
 * fits, and a tenant that never turns the signal on pays nothing for it there.
 *
 * @tagname fw-activity-notice
 * @summary Tells the agent exactly what is shared about their activity, and when.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @csspart base - The wrapper (a `section`), rendered only while the signal is on.
 * @csspart heading - The "Activity sharing" heading.
 * @csspart what - What is shared and how often.
 * @csspart never - What is never shared.
 * @csspart current - The bucket shared last, and since when.
 * @csspart history - The list of what was shared.
 * @csspart history-heading - The list's heading.
 * @csspart entry - One thing shared: its time and bucket.
 *
 * @cssproperty --fw-activity-notice-background - The wrapper's background.
 * @cssproperty --fw-activity-notice-border-color - The wrapper's border.
 * @cssproperty --fw-activity-notice-radius - The wrapper's corner radius.
 * @cssproperty --fw-activity-notice-padding - The wrapper's padding (default 1rem).
 *
 * @cssstate sharing - The tenant's activity signal is on for this agent.
 */
export class FwActivityNotice extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-activity-notice'), activityNoticeStyles];

  static override properties = {
    client: { attribute: false },
    historyLimit: { type: Number, attribute: 'history-limit' },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** How many shared buckets the list shows, newest first. Default 10. */
  declare historyLimit: number;
  /** The level of the heading, 1–6 (the list's is the next level). Default 3. */
  declare headingLevel: number;

  // ---- internal state --------------------------------------------------------------------

  // Store batches say nothing about what this device shared: the client's events do.
  private readonly clients = new ClientController(this, () => false);
  private readonly t = new LocalizeController(this, activityNoticeCatalog);
  private readonly common = new LocalizeController(this, activityCatalog);
  private readonly voice = new AnnounceController(this);
  private bound: Floorwalk | undefined;
  private unbind: (() => void) | undefined;

  constructor() {
    super();
    this.historyLimit = 10;
    this.headingLevel = 3;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.bind(undefined);
  }

  private bind(client: Floorwalk | undefined): void {
    if (client === this.bound) return;
    this.unbind?.();
    this.unbind = undefined;
    this.bound = client;
    if (client === undefined) return;
    const offShared = client.on('activity-shared', () => this.requestUpdate());
    const offPolicy = client.on('policy', (change) => this.onPolicy(change));
    this.unbind = () => {
      offShared();
      offPolicy();
    };
  }

  private onPolicy(change: PolicyChange): void {
    const s = this.t.strings;
    if (change.agentNotices.includes('activity-signal-on')) this.voice.announce(s.onAnnounced(this.every(change.current.activitySignal.granularityMs)), 'assertive');
    else if (change.agentNotices.includes('activity-signal-off')) this.voice.announce(s.offAnnounced, 'polite');
    this.requestUpdate();
  }

  /** Whether this session is an agent whose tenant shares their activity now. */
  private get sharing(): boolean {
    const client = this.clients.client;
    if (client === undefined) return false;
    const session = client.session;
    const agent = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
    return agent !== undefined && client.getPolicy().activitySignal.enabled;
  }

  private every(ms: number): string {
    return formatDuration(this.t.lang, ms);
  }

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.bind(this.isConnected ? this.clients.client : undefined);
    this.toggleState('sharing', this.sharing);
  }

  protected override render(): TemplateResult {
    const client = this.clients.client;
    // One outer template in every state, so the fallback live region before it survives.
    return html`${client === undefined || !this.sharing ? nothing : this.renderSharing(client)}`;
  }

  private renderSharing(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const shared: readonly SharedActivity[] = client.getSharedActivity();
    const last = shared.at(-1);
    const entries = shared.slice(Math.max(0, shared.length - Math.max(0, this.historyLimit))).reverse();
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading title" role="heading" aria-level=${this.level}>${activityIcon()}<span>${s.heading}</span></div>
      <p part="what">${s.what(this.every(client.getPolicy().activitySignal.granularityMs))}</p>
      <p part="never" class="muted">${s.never}</p>
      <p part="current" class="current" data-bucket=${last?.bucket ?? nothing}>${last === undefined ? s.nothingYet : s.current(c.activity(last.bucket), formatTime(this.t.lang, last.at))}</p>
      ${entries.length === 0
        ? nothing
        : html`<section part="history" class="history" aria-labelledby="history-heading">
            <div part="history-heading" id="history-heading" class="heading" role="heading" aria-level=${Math.min(6, this.level + 1)}>${s.historyHeading}</div>
            <ol class="entries">
              ${entries.map(
                (e) => html`<li part="entry" class="entry" data-bucket=${e.bucket}><span class="muted">${formatTime(this.t.lang, e.at)}</span> <span>${c.activity(e.bucket)}</span></li>`,
              )}
            </ol>
          </section>`}
    </section>`;
  }
}
