import {
  conversationId as dmId,
  MAX_TEXT_LENGTH,
  importOnce,
  type ChatMessage,
  type ConversationSummary,
  type Floorwalk,
  type StoreChange,
} from '@floorwalk/core';
import { html, nothing, svg, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { FwConversationSelectEvent } from '../../events/fw-conversation-select.js';
import { clientNow, relativeTime } from '../../internal/client-now.js';
import { connectionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, chatIcon, messageIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatNumber } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { chatCatalog } from './fw-chat.strings.js';
import { chatStyles } from './fw-chat.styles.js';
import type { ComposerHost, Draft, Outgoing } from './composer.js';

type ComposerModule = typeof import('./composer.js');

/** Loads the composer once per page, for every element on it; a failed load may be retried. */
const loadComposer = importOnce(() => import('./composer.js'));

type Delivery = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

const DAY = 86_400_000;

const DELIVERY_ICONS: Record<Delivery, TemplateResult> = {
  sending: svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-dasharray="2 2"/>`,
  sent: svg`<path d="m3 8.5 3 3 7-7" fill="none" stroke="currentColor" stroke-width="1.6"/>`,
  delivered: svg`<path d="m1 8.5 3 3 7-7M7 11.5l7-7" fill="none" stroke="currentColor" stroke-width="1.6"/>`,
  read: svg`<circle cx="8" cy="8" r="7" fill="currentColor"/><path d="m4 8.3 2.5 2.5L12 5.3" fill="none" stroke="var(--_fw-surface)" stroke-width="1.6"/>`,
  failed: svg`<path d="M8 1.5 15 14H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v4" stroke="currentColor" stroke-width="1.6"/><circle cx="8" cy="12" r=".9" fill="currentColor"/>`,
};

/**
 * Colleague chat: 1:1 conversations and team channels. A list of conversations (newest activity
 * first, with unread counts and the last message), the open conversation's messages (a `log`
 * region, grouped by day, each own message with its delivery state as icon and text), and a
 * composer (Enter sends, Shift+Enter starts a new line). Messages are always rendered as text,
 * whatever markup they hold. The open conversation is marked read while the page is visible and
 * the element is on screen. Incoming messages are announced politely.
 *
 * Open a conversation from the host with `conversation` (an id such as `team:team-1`) or `peer`
 * (a colleague's user id, for a 1:1 chat), e.g. on a board's `fw-message-agent` event.
 *
 * @tagname fw-chat
 * @summary Colleague chat, 1:1 and team channels, with delivery states and unread counts.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-conversation-select - The person opened a conversation. `conversationId`.
 * @event fw-chat-failed - A message was not sent. `conversationId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart list - The conversation list (a listbox).
 * @csspart conversation - One conversation in the list.
 * @csspart unread - A conversation's unread badge.
 * @csspart preview - A conversation's last message.
 * @csspart log - The open conversation's messages.
 * @csspart day - A day separator in the log.
 * @csspart message - One message.
 * @csspart author - A message's author.
 * @csspart time - A message's time.
 * @csspart body - A message's text.
 * @csspart delivery - Delivery state of one's own message (icon and text).
 * @csspart composer - The composer form.
 * @csspart input - The message field.
 * @csspart count - Characters used of the limit.
 * @csspart send - The send button.
 * @csspart retry - A failed message's Retry button.
 * @csspart discard - A failed message's Discard button.
 * @csspart note - Why something cannot be done, or the composer's error.
 *
 * @cssproperty --fw-chat-background - The wrapper's background.
 * @cssproperty --fw-chat-border-color - The wrapper's border.
 * @cssproperty --fw-chat-radius - Corner radius of the wrapper, bubbles and fields.
 * @cssproperty --fw-chat-own-background - Background of one's own messages.
 * @cssproperty --fw-chat-accent-color - Unread badges and the selected conversation's rule.
 * @cssproperty --fw-chat-log-height - Height of the message log (default 20rem).
 *
 * @cssstate pending - A message waits for the platform's confirmation.
 * @cssstate failed - A message was not sent.
 * @cssstate unavailable - Chat cannot be used now; the message says why.
 */
export class FwChat extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-chat'), chatStyles];

  static override properties = {
    client: { attribute: false },
    conversation: { type: String },
    peer: { type: String },
    maxLength: { type: Number, attribute: 'max-length' },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** The open conversation's id: `dm:<a>:<b>` or `team:<teamId>`. Set by the person's choice too. */
  declare conversation: string | undefined;
  /** Opens the 1:1 conversation with this user id (wins over `conversation` when set). */
  declare peer: string | undefined;
  /** Longest message accepted, in characters; at most the core's limit (4000). */
  declare maxLength: number;
  /** How long to wait for the platform to accept a message, in ms. Default 10000. */
  declare confirmTimeout: number;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name a person from their user id, for people who are not agents. Defaults to the id. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, chatCatalog);
  private readonly common = new LocalizeController(this, connectionCatalog);
  private readonly voice = new AnnounceController(this);
  private readonly outgoing: Outgoing[] = [];
  private readonly draft: Draft = { text: '', error: undefined };
  /** The composer's module, once the element has shown a conversation it may write in. */
  private composer: ComposerModule | undefined;
  /** The composer loading: the update is not complete until it is shown. */
  private composerLoad: Promise<void> | undefined;
  /** The composer could not be loaded (the browser's reason names a URL, not a remedy). */
  private composerFailed = false;
  private readonly composerHost: ComposerHost = {
    el: this,
    draft: this.draft,
    outgoing: this.outgoing,
    localize: (catalog) => new LocalizeController(this, catalog),
    client: () => this.clients.client,
    unavailable: () => this.unavailable(),
    now: clientNow,
    timeout: () => confirmTimeoutOf(this.confirmTimeout),
    num: (value) => formatNumber(this.t.lang, value),
    alertIcon,
    follow: () => (this.stickToBottom = true),
    dispatch: (event) => this.dispatch(event),
    announce: (text, politeness) => this.voice.announce(text, politeness),
  };
  /** Message ids already seen, so only new arrivals are announced; undefined until the first render. */
  private seen: Set<string> | undefined;
  /**
   * The platform's time at the first live render: a message sent before it is history, even when
   * it comes later (a backplane replays the chat so far after the snapshot), and is not voiced.
   */
  private since = 0;
  private onScreen = false;
  private observer: IntersectionObserver | undefined;
  /**
   * Newest message id marked read per conversation, so a mark is sent once per new message. Not
   * its time: a message that comes in later in the same millisecond is new too, and the backplane
   * keeps the marker below a millisecond the reader had only part of.
   */
  private readonly marked = new Map<string, string | undefined>();
  private stickToBottom = true;
  /** The client whose settled intents are heard, and how to stop hearing them. */
  private heard: [Floorwalk, () => void] | undefined;

  constructor() {
    super();
    // conversation, peer and displayName start undefined: setting them so would record no change.
    this.maxLength = MAX_TEXT_LENGTH;
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    new TickController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
    if (typeof IntersectionObserver !== 'undefined') {
      this.observer = new IntersectionObserver((entries) => {
        this.onScreen = entries.some((e) => e.isIntersecting);
        this.markOpenRead();
      });
      this.observer.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.observer?.disconnect();
    this.observer = undefined;
    this.onScreen = false;
    for (const o of this.outgoing) clearTimeout(o.timer);
    this.seen = undefined;
    this.heard?.[1]();
    this.heard = undefined;
  }

  /** The conversation shown: `peer`'s 1:1 when set, else `conversation`, else the newest. */
  get openConversation(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return undefined;
    // Set from script, these may be anything; only a non-empty id means something.
    if (typeof this.peer === 'string' && this.peer) return dmId(client.session.userId, this.peer);
    if (typeof this.conversation === 'string' && this.conversation) return this.conversation;
    return client.getConversations()[0]?.id;
  }

  // ---- store -------------------------------------------------------------------------------

  private onStoreChange(change: StoreChange): boolean {
    const chat = change.reset || change.conversations.size > 0;
    if (this.onScreen && chat) queueMicrotask(() => this.markOpenRead());
    // A busy floor's presence and interaction batches change nothing shown here; names catch up
    // on the next tick.
    return chat || change.teams.size > 0;
  }

  private readonly onVisibility = (): void => this.markOpenRead();

  private markOpenRead(): void {
    const client = this.clients.client;
    const id = this.openConversation;
    if (client === undefined || id === undefined || client.status !== 'live') return;
    if (document.visibilityState !== 'visible' || !this.onScreen) return;
    if (client.getUnreadCount(id) === 0) return;
    const newest = client.getMessages(id).at(-1)?.id;
    if (this.marked.get(id) === newest) return;
    if (!client.can({ type: 'mark-read', conversationId: id })) return;
    this.marked.set(id, newest);
    client.markRead(id).catch(() => {
      // A lost mark is retried with the next message or visit; nothing to show the person.
      this.marked.delete(id);
    });
  }

  private name(client: Floorwalk, userId: string): string {
    if (userId === client.session.userId) return this.t.strings.you;
    return client.getAgent(userId)?.name ?? this.displayName?.(userId) ?? userId;
  }

  private conversationTitle(client: Floorwalk, id: string): string {
    if (id.startsWith('team:')) {
      const teamId = id.slice(5);
      // A name of nothing but blanks would read "Team ": the id says more.
      return this.t.strings.team(client.getTeam(teamId)?.name.trim() || teamId);
    }
    const [a, b] = id.slice(3).split(':');
    const other = a === client.session.userId ? b : a;
    return this.name(client, other ?? id);
  }

  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    // Offline, as reconnecting, the client queues what is sent (and the outbox keeps it): the
    // history, the draft and its focus stay.
    if (client.status !== 'live' && client.status !== 'reconnecting' && client.status !== 'offline') return this.t.strings.notLive(this.common.strings.connection(client.status));
    return undefined;
  }

  // ---- conversation list: a single-select listbox, selection follows focus -------------------

  private select(id: string, focus: boolean): void {
    if (id === this.openConversation) return;
    this.peer = undefined;
    this.conversation = id;
    this.stickToBottom = true;
    this.dispatch(new FwConversationSelectEvent(id));
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part~="conversation"][data-id="${CSS.escape(id)}"]`)?.focus());
  }

  private readonly onListKey = (event: KeyboardEvent): void => {
    const options = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="conversation"]')];
    if (options.length === 0) return;
    const current = options.findIndex((o) => o.dataset['id'] === this.openConversation);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(options.length - 1, current + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = options.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const id = options[next]?.dataset['id'];
    if (id !== undefined) this.select(id, true);
  };

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.clients.client;
    if (client !== undefined && client.status === 'live') this.announceNew(client);
    // Not once off the page: a removed chat's send that settles updates it, and a listener
    // added then would keep it alive for as long as the client lives.
    if (client !== this.heard?.[0] && this.isConnected) {
      this.heard?.[1]();
      // A message that did not go, restored from an earlier page or sent from a chat since
      // removed: the composer keeps it, failed, as it does one sent from here, also when it
      // failed before this element came (a drawer opened later). Other commands' failures are
      // not this element's to load it for. Without the composer there is no Retry to offer, and
      // the element already says the composer could not be loaded. Once it is here, it also hears
      // of one retried or discarded in another chat, so a copy kept here is not offered again.
      const take = (): unknown => (client?.getFailedIntents().some((i) => i.command.type === 'send-message') || this.composer) && loadComposer().then((m) => (this.composer = m).takeFailed(this.composerHost), () => {});
      take();
      this.heard = client && [client, client.on('intent', take)];
    }
    this.toggleState('pending', this.outgoing.some((o) => o.state === 'sending'));
    this.toggleState('failed', this.outgoing.some((o) => o.state === 'failed'));
    this.toggleState('unavailable', this.unavailable() !== undefined);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const log = this.renderRoot.querySelector<HTMLElement>('[part="log"]');
    if (log !== null && this.stickToBottom) log.scrollTop = log.scrollHeight;
    if (changed.has('conversation') || changed.has('peer')) this.markOpenRead();
  }

  private readonly onLogScroll = (event: Event): void => {
    const log = event.target as HTMLElement;
    // Keep following new messages only while the reader is at the bottom.
    this.stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  };

  /** Announces messages from others that arrived since the last render (not those there at the start). */
  private announceNew(client: Floorwalk): void {
    const me = client.session.userId;
    const fresh: ChatMessage[] = [];
    const seen = new Set<string>();
    for (const c of client.getConversations()) {
      for (const m of client.getMessages(c.id)) {
        seen.add(m.id);
        if (this.seen !== undefined && !this.seen.has(m.id) && m.authorId !== me && m.sentAt >= this.since) fresh.push(m);
      }
    }
    if (this.seen === undefined) this.since = clientNow(client);
    this.seen = seen;
    if (fresh.length === 0) return;
    const open = this.openConversation;
    const text = fresh
      .map((m) => (m.conversationId === open ? this.t.strings.incomingHere(this.name(client, m.authorId), m.body) : this.t.strings.incoming(this.name(client, m.authorId), this.conversationTitle(client, m.conversationId))))
      .join(' ');
    void this.updateComplete.then(() => this.voice.announce(text, 'polite'));
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const unavailable = this.unavailable();
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${headingLevelOf(this.headingLevel)}>${chatIcon()}<span>${s.heading}</span></div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="note" class="note" data-kind="unavailable">${unavailable}</p>`
        : this.renderChat(client)}
    </section>`;
  }

  private conversations(client: Floorwalk): ConversationSummary[] {
    const list = [...client.getConversations()];
    const open = this.openConversation;
    // A conversation opened from the host before its first message still gets a row.
    if (open !== undefined && !list.some((c) => c.id === open)) {
      list.unshift(open.startsWith('team:') ? { id: open, kind: 'team', teamId: open.slice(5), unread: 0 } : { id: open, kind: 'direct', participants: open.slice(3).split(':'), unread: 0 });
    }
    return list;
  }

  private renderChat(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const list = this.conversations(client);
    const open = this.openConversation;
    return html`<div class="layout">
      <div class="side">
        <div id="list-label" class="label">${s.conversations}</div>
        ${list.length === 0
          ? html`<p part="note" class="note">${s.noConversations}</p>`
          : html`<div part="list" class="list" role="listbox" aria-labelledby="list-label" @keydown=${this.onListKey}>
              ${repeat(list, (c) => c.id, (c) => this.renderConversation(client, c, c.id === open))}
            </div>`}
      </div>
      <div class="main">${open === undefined ? html`<p part="note" class="note">${s.pickConversation}</p>` : this.renderOpen(client, open)}</div>
    </div>`;
  }

  private renderConversation(client: Floorwalk, c: ConversationSummary, selected: boolean): TemplateResult {
    const s = this.t.strings;
    const last = c.lastMessage;
    const preview = last === undefined ? '' : last.authorId === client.session.userId ? s.youSaid(last.body) : last.body;
    return html`<div
      part="conversation${selected ? ' selected' : ''}"
      class="conversation"
      role="option"
      data-id=${c.id}
      data-kind=${c.kind}
      aria-selected=${selected}
      tabindex=${selected ? '0' : '-1'}
      @click=${() => this.select(c.id, true)}
    >
      <span class="who">${c.kind === 'team' ? chatIcon() : messageIcon()}<bdi class="name">${this.conversationTitle(client, c.id)}</bdi></span>
      ${c.unread > 0
        ? html`<span part="unread" class="badge"><span aria-hidden="true">${formatNumber(this.t.lang, c.unread)}</span><span class="fw-visually-hidden">${s.unread(c.unread)}</span></span>`
        : nothing}
      ${preview === '' ? nothing : html`<bdi part="preview" class="preview">${preview}</bdi>`}
    </div>`;
  }

  private day(at: number, now: number): string {
    const s = this.t.strings;
    const startOf = (t: number): number => new Date(t).setHours(0, 0, 0, 0);
    const diff = Math.round((startOf(now) - startOf(at)) / DAY);
    if (diff === 0) return s.today;
    if (diff === 1) return s.yesterday;
    return new Intl.DateTimeFormat(this.t.lang, { dateStyle: 'full' }).format(at);
  }

  private renderOpen(client: Floorwalk, id: string): TemplateResult {
    const s = this.t.strings;
    const me = client.session.userId;
    const title = this.conversationTitle(client, id);
    const now = clientNow(client);
    const messages = client.getMessages(id);
    // Keyed, so a row keeps its node when older messages come in above it and the browser's
    // scroll anchoring keeps the reader's place; by position, every row would show another message.
    const rows: [string, TemplateResult][] = [];
    let lastDay = '';
    const dayRow = (at: number): void => {
      const label = this.day(at, now);
      if (label === lastDay) return;
      lastDay = label;
      rows.push([label, html`<div part="day" class="day" role="separator" aria-label=${label}><span aria-hidden="true">${label}</span></div>`]);
    };
    for (const m of messages) {
      dayRow(m.sentAt);
      const own = m.authorId === me;
      rows.push([m.id, this.renderMessage(client, m.id, m.authorId, m.body, m.sentAt, now, own ? m.delivery : undefined, own, m)]);
    }
    // Sent before a reload, or from a chat since removed, and still out: shown as sending, so
    // nobody types it again.
    for (const p of client.getPendingIntents()) {
      const c = p.command;
      if (c.type === 'send-message' && c.conversationId === id && !this.composer?.owned(this.composerHost, p)) {
        dayRow(p.issuedAt);
        rows.push([`out-${p.key}`, this.renderMessage(client, `out-${p.key}`, me, c.body, p.issuedAt, now, 'sending', true)]);
      }
    }
    for (const o of this.outgoing) {
      if (o.conversationId !== id) continue;
      dayRow(o.at);
      rows.push([`out-${o.key}`, this.renderMessage(client, `out-${o.key}`, me, o.body, o.at, now, o.state, true, undefined, o)]);
    }
    const canSend = client.can({ type: 'send-message', conversationId: id, body: 'x' });
    // Not live: new messages are voiced once, by the announcer ("Alex Kim: …"); a live log would
    // read each one a second time.
    return html`<div part="log" class="log" role="log" aria-live="off" aria-label=${s.logLabel(title)} tabindex="0" @scroll=${this.onLogScroll}>
        ${rows.length === 0 ? html`<p class="note">${s.noMessages}</p>` : repeat(rows, (r) => r[0], (r) => r[1])}
      </div>
      ${canSend
        ? this.renderComposer(title)
        : html`<p part="note" class="note" data-kind="unavailable">${s.cannotSend}</p>`}`;
  }

  /** The composer, once its module is here; the first render that needs it loads it. */
  private renderComposer(title: string): TemplateResult | typeof nothing {
    if (this.composer !== undefined) return this.composer.renderComposer(this.composerHost, title);
    if (this.composerFailed) return html`<p part="note" class="note" data-kind="error">${alertIcon()}<span>${this.t.strings.composerFailed}</span></p>`;
    this.composerLoad ??= loadComposer().then(
      (composer) => {
        this.composer = composer;
        this.composerLoad = undefined;
        this.requestUpdate();
      },
      () => {
        this.composerLoad = undefined;
        this.composerFailed = true;
        this.voice.announce(this.t.strings.composerFailed, 'assertive');
        this.requestUpdate();
      },
    );
    return nothing;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.composerLoad !== undefined) {
      await this.composerLoad;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  private renderMessage(
    client: Floorwalk,
    key: string,
    authorId: string,
    body: string,
    at: number,
    now: number,
    delivery: Delivery | undefined,
    own: boolean,
    message?: ChatMessage,
    out?: Outgoing,
  ): TemplateResult {
    const s = this.t.strings;
    const absolute = new Intl.DateTimeFormat(this.t.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
    const team = message?.conversationId.startsWith('team:') === true;
    const readBy = team ? (message?.readBy?.length ?? 0) : 0;
    const deliveryText = delivery === undefined ? '' : team && delivery !== 'sending' && delivery !== 'failed' ? (readBy > 0 ? s.readBy(readBy) : s.delivery('sent')) : s.delivery(delivery);
    const icon: Delivery | undefined = delivery === undefined ? undefined : team && readBy > 0 ? 'read' : team && delivery === 'delivered' ? 'sent' : delivery;
    return html`<article part="message" class="message" data-id=${key} data-own=${own} data-delivery=${delivery ?? nothing}>
      <p class="meta">
        <bdi part="author" class="author">${this.name(client, authorId)}</bdi>
        <time part="time" class="time" datetime=${new Date(at).toISOString()} title=${absolute}>${relativeTime(this.t.lang, at - now)}</time>
      </p>
      <p part="body" class="body" dir="auto">${body}</p>
      ${icon === undefined
        ? nothing
        : html`<p part="delivery" class="delivery" data-state=${icon}>
            <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">${DELIVERY_ICONS[icon]}</svg><span>${deliveryText}</span>
          </p>`}
      ${out?.state === 'failed' && out.error !== undefined && this.composer !== undefined ? this.composer.renderFailure(this.composerHost, out, out.error) : nothing}
    </article>`;
  }
}
