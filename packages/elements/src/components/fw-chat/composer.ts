import { ErrorCode, FloorwalkError, isFloorwalkError, MAX_TEXT_LENGTH, type Floorwalk, type StoredIntent } from '@floorwalk/core';
import { html, nothing, type TemplateResult } from 'lit';
import { FwChatFailedEvent } from '../../events/fw-chat-failed.js';
import type { Politeness } from '../../events/fw-internal-announce.js';
import { adoptLater } from '../../internal/adopt.js';
import type { Catalog, LocalizeController, Strings } from '../../internal/localize.js';
import { chatComposerCatalog } from './composer.strings.js';
import { chatComposerStyles } from './composer.styles.js';
import type { FwChat } from './fw-chat.js';
import { busySeconds } from '../../internal/busy-lazy.js';

/*
 * The composer and what sending needs: the draft and its checks (Enter sends, Shift+Enter a new
 * line), the message held as "sending" until the platform takes it, and Retry or Discard under
 * one it refused. A session that may not write in the conversation shown never needs it, so the
 * element loads this module when it first shows a conversation this session may write in. What
 * it shares with the element comes through the ComposerHost, not imports: a module both import
 * would become a third file the element loads up front.
 */

/** A message this element sent and the platform has not confirmed yet, or refused. @internal */
export interface Outgoing {
  readonly key: number;
  readonly conversationId: string;
  readonly body: string;
  readonly at: number;
  /**
   * The key of the client's intent this message stands for (one this element sent, or one an
   * earlier page left): if it does not go, the client keeps it until Retry or Discard.
   */
  intent?: string;
  state: 'sending' | 'failed';
  /** An attempt is still with the client (held for the link): asking again would send it twice. */
  busy?: boolean;
  error?: FloorwalkError;
  timer?: ReturnType<typeof setTimeout>;
}

/** The open conversation's draft, kept by the element; the composer keeps the others'. @internal */
export interface Draft {
  text: string;
  error: 'empty' | 'too-long' | undefined;
}

/** What the element lends the composer. @internal */
export interface ComposerHost {
  readonly el: FwChat;
  readonly draft: Draft;
  /** Messages sent from this element and not yet confirmed, or refused; the log shows them. */
  readonly outgoing: Outgoing[];
  /** A localize controller on the element for `catalog`. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T>;
  client(): Floorwalk | undefined;
  /** Why the element cannot chat now, or undefined. */
  unavailable(): string | undefined;
  now(client: Floorwalk): number;
  /** How long to wait for the platform to take a message, in ms. */
  timeout(): number;
  num(value: number): string;
  alertIcon(): TemplateResult;
  /** The log follows the newest message again. */
  follow(): void;
  dispatch<E extends Event>(event: E): E;
  announce(text: string, politeness: Politeness): void;
}

const words = new WeakMap<ComposerHost, LocalizeController<typeof chatComposerCatalog.en>>();
let keys = 0;
/**
 * Which element shows each intent it sent, or each one that failed: one on the page at a time, or
 * a second Retry would send it twice. Only elements on the page hold one: an element that leaves
 * it (a drawer closed) lets go of all it holds, so this map never keeps a removed chat, and all
 * its state, alive on a page that opens and closes chats all day; the next chat shown takes its
 * messages up. A key the client no longer reports (sent, retried, discarded, or past the newest
 * 50 failures it keeps) goes when the next intent settles. Exported for tests only. @internal
 */
export const taken = new Map<string, ComposerHost>();
/** Elements that let go of what they hold when they leave the page. */
const watched = new WeakSet<ComposerHost>();
/** The conversation each element's composer was last rendered for. */
const shownOn = new WeakMap<ComposerHost, string | undefined>();
/** Each element's drafts of the conversations it is not showing, by conversation. */
const drafts = new WeakMap<ComposerHost, Map<string | undefined, string>>();

/** `v`, on the page, shows the message with intent `key`. */
function claim(v: ComposerHost, key: string): void {
  taken.set(key, v);
  if (watched.has(v)) return;
  watched.add(v);
  v.el.addController({
    hostDisconnected: () => {
      for (const [k, holder] of taken) if (holder === v) taken.delete(k);
    },
  });
}

/** The strings only the composer says, in the element's locale; the first call also brings its styles. */
function said(v: ComposerHost): typeof chatComposerCatalog.en {
  let controller = words.get(v);
  if (controller === undefined) {
    controller = v.localize(chatComposerCatalog);
    words.set(v, controller);
    adoptLater(v.el.shadowRoot, chatComposerStyles);
  }
  return controller.strings;
}

function limit(v: ComposerHost): number {
  const max = v.el.maxLength;
  return max > 0 ? Math.min(max, MAX_TEXT_LENGTH) : MAX_TEXT_LENGTH;
}

function why(v: ComposerHost, error: FloorwalkError): string {
  const s = said(v);
  if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
  switch (error.code) {
    case ErrorCode.Forbidden:
      // A refusal that names no permission is about the person's place, not their role.
      return error.details?.['permission'] === undefined ? s.whyNotMember : s.whyForbidden;
    case ErrorCode.OutOfScope:
    case ErrorCode.Unsupported:
      return s.whyForbidden;
    case ErrorCode.NotConnected:
    case ErrorCode.Cancelled:
      return s.whyNotConnected;
    case ErrorCode.InvalidArgument:
      return s.whyInvalid;
    case ErrorCode.RateLimited:
      // Not refused: the platform asked for a wait (Genesys' Retry-After), and nothing changed.
      return s.whyBusy(busySeconds(error));
    default:
      return s.whyRefused;
  }
}

function submit(v: ComposerHost): void {
  const client = v.client();
  const id = v.el.openConversation;
  const draft = v.draft;
  if (client === undefined || id === undefined || v.unavailable() !== undefined) return;
  const body = draft.text;
  if (body.trim() === '') {
    draft.error = 'empty';
    v.el.requestUpdate();
    return;
  }
  if (body.length > limit(v)) {
    draft.error = 'too-long';
    v.el.requestUpdate();
    return;
  }
  draft.error = undefined;
  draft.text = '';
  v.follow();
  send(v, { key: ++keys, conversationId: id, body, at: v.now(client), state: 'sending' });
}

function send(v: ComposerHost, out: Outgoing): void {
  const client = v.client();
  if (client === undefined) return;
  const outgoing = v.outgoing;
  if (!outgoing.includes(out)) outgoing.push(out);
  out.state = 'sending';
  delete out.error;
  const timeout = v.timeout();
  clearTimeout(out.timer);
  out.timer = setTimeout(() => {
    failed(v, out, new FloorwalkError(ErrorCode.VendorError, `The platform did not accept the message within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
  }, timeout);
  v.el.requestUpdate();
  if (out.busy) return;
  // Retry sends it anew: the intent it stood for is done with, here and in any later chat.
  letGo(v, out);
  out.busy = true;
  const newest = (): StoredIntent | undefined => client.getPendingIntents().at(-1);
  const before = newest()?.seq ?? 0;
  client.sendMessage(out.conversationId, out.body).then(
    () => {
      // Taken, even after the wait ran out: the store shows it now, so the copy here goes.
      out.busy = false;
      clearTimeout(out.timer);
      const i = outgoing.indexOf(out);
      if (i >= 0) outgoing.splice(i, 1);
      letGo(v, out);
      v.el.requestUpdate();
    },
    (err: unknown) => {
      out.busy = false;
      // Not claimed when sent (a step-up came first, so the client made its intent later): the
      // client keeps it with this very error.
      const key = (out.intent ??= client.getFailedIntents().find((f) => f.error === err)?.key);
      if (key !== undefined) {
        // A chat put on the page while this one was off it took it up already: that one shows it.
        // Off the page, this one keeps no copy to report unseen: the next chat shown (this one,
        // put back) takes it up and reports it.
        if (!v.el.isConnected || taken.get(key)?.outgoing.some((o) => o !== out && o.intent === key)) {
          // Gone already when a Discard came first: splice(-1) would drop another row.
          if (outgoing.includes(out)) outgoing.splice(outgoing.indexOf(out), 1);
          v.el.requestUpdate();
          return;
        }
        claim(v, key);
      }
      failed(v, out, isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `send-message failed: ${String(err)}`, { cause: err }));
    },
  );
  // The intent the client made of it (none when it refused the message at once): claimed, so if
  // it does not go this chat shows it, or the next one once this one has left the page.
  const made = newest();
  if (made !== undefined && made.seq > before) claim(v, (out.intent = made.key));
}

function failed(v: ComposerHost, out: Outgoing, error: FloorwalkError): void {
  clearTimeout(out.timer);
  if (out.state !== 'sending' || !v.outgoing.includes(out)) return;
  out.state = 'failed';
  out.error = error;
  v.dispatch(new FwChatFailedEvent(out.conversationId, error));
  v.announce(said(v).failed(why(v, error)), 'assertive');
  v.el.requestUpdate();
}

/**
 * Messages that did not go (the client keeps them: `getFailedIntents()`) and that no chat on the
 * page shows: one an earlier page left in the outbox (a reload while offline) that the outbox gave
 * up on, the replay check found a conflict with, or a disconnect cancelled, shown as Sending until
 * then; or one that failed before this element came (a chat in a drawer opened later), including
 * one sent from a chat that has left the page since. Each stays, failed, as one sent from this
 * element does: Retry sends its text anew.
 */
export function takeFailed(v: ComposerHost): void {
  // Every element that showed one as Sending lets go of that row; only one keeps it, failed.
  v.el.requestUpdate();
  const client = v.client();
  // One off the page takes up nothing: the next chat shown does.
  if (client === undefined || !v.el.isConnected) return;
  const kept = client.getFailedIntents();
  const pending = client.getPendingIntents();
  const stillOut = (key: string): boolean => pending.some((p) => p.key === key);
  for (const [key, holder] of taken) if (holder.client() === client && !stillOut(key) && !kept.some((s) => s.key === key)) taken.delete(key);
  // A row whose intent is still out (sending, or the wait ran out) is this element's again once it
  // is back on the page: only the sender claims one still out. A failed one retried or discarded in
  // another chat while this one was off the page goes: it would offer a second Retry.
  for (let i = v.outgoing.length; i--; ) {
    const o = v.outgoing[i]!;
    if (o.intent === undefined) continue;
    if (stillOut(o.intent)) claim(v, o.intent);
    else if (!kept.some((s) => s.key === o.intent)) v.outgoing.splice(i, 1);
  }
  for (const settled of kept) {
    const c = settled.command;
    if (c.type !== 'send-message') continue;
    const holder = taken.get(settled.key);
    const mine = v.outgoing.findIndex((o) => o.intent === settled.key);
    if (holder !== v && holder?.el.isConnected) {
      // Another chat took it up while this one was off the page: it keeps it, this one lets go.
      // Unless it shows another conversation and this one the message's: the person sees it here.
      if (holder.el.openConversation === c.conversationId || v.el.openConversation !== c.conversationId) {
        if (mine >= 0) v.outgoing.splice(mine, 1);
        continue;
      }
      const theirs = holder.outgoing.findIndex((o) => o.intent === settled.key);
      if (theirs >= 0) holder.outgoing.splice(theirs, 1);
      holder.el.requestUpdate();
    }
    claim(v, settled.key);
    if (mine >= 0) continue;
    const out: Outgoing = { key: ++keys, intent: settled.key, conversationId: c.conversationId, body: c.body, at: c.issuedAt, state: 'sending' };
    v.outgoing.push(out);
    failed(v, out, settled.error as FloorwalkError);
  }
}

/**
 * Whether a chat on the page shows a message the client is still sending as its own, `v` or
 * another: then only that one shows it. One no chat shows (an earlier page left it, or its chat
 * has left the page: a drawer closed right after Enter) every chat shows as Sending, so nobody
 * types it again; so does one whose chat has been turned to another conversation, which shows it
 * nowhere until turned back. One that got its intent only after a step-up is `v`'s if it sends
 * that text.
 */
export function owned(v: ComposerHost, p: StoredIntent): boolean {
  const c = p.command;
  if (c.type !== 'send-message') return false;
  return taken.get(p.key)?.el.openConversation === c.conversationId || v.outgoing.some((o) => o.intent === p.key || (o.busy && o.intent === undefined && o.conversationId === c.conversationId && o.body === c.body));
}

/** A restored message retried or discarded: the client no longer keeps it for chats that come later. */
function letGo(v: ComposerHost, out: Outgoing): void {
  if (out.intent === undefined) return;
  v.client()?.dismissIntent(out.intent);
  taken.delete(out.intent);
  delete out.intent;
}

/** Focus to the message field once rendered: where the person types next. */
function toField(v: ComposerHost): void {
  void v.el.updateComplete.then(() => v.el.renderRoot.querySelector<HTMLElement>('[part="input"]')?.focus());
}

function discard(v: ComposerHost, out: Outgoing): void {
  const outgoing = v.outgoing;
  const i = outgoing.indexOf(out);
  if (i >= 0) outgoing.splice(i, 1);
  letGo(v, out);
  clearTimeout(out.timer);
  v.el.requestUpdate();
  toField(v);
}

/** Why a message was not sent, with Retry and Discard. */
export function renderFailure(v: ComposerHost, out: Outgoing, error: FloorwalkError): TemplateResult {
  const s = said(v);
  return html`<p part="note" class="note" data-kind="error">${s.failed(why(v, error))}</p>
    <p class="actions">
      <button part="retry" class="button" type="button" @click=${() => send(v, out)}>${s.retry}</button>
      <button part="discard" class="button" type="button" @click=${() => discard(v, out)}>${s.discard}</button>
    </p>`;
}

/** The composer for the conversation titled `title`. */
export function renderComposer(v: ComposerHost, title: string): TemplateResult {
  const s = said(v);
  // Turned to another conversation (by its host, or from its list), no intent settling to say so:
  // a failed message of this one that a chat showing another holds comes here, as on opening.
  const open = v.el.openConversation;
  const draft = v.draft;
  if (shownOn.get(v) !== open) {
    // A draft stays with the conversation it was typed for: turned to another (by its host, or
    // from its list), the field holds that one's, never a 1:1 draft under a team channel's name
    // for Enter to post to the whole team.
    let kept = drafts.get(v);
    if (kept === undefined) drafts.set(v, (kept = new Map()));
    if (shownOn.has(v)) kept.set(shownOn.get(v), draft.text);
    draft.text = kept.get(open) ?? '';
    draft.error = undefined;
    shownOn.set(v, open);
    queueMicrotask(() => takeFailed(v));
  }
  const max = limit(v);
  const used = draft.text.length;
  const error = draft.error === 'empty' ? s.empty : draft.error === 'too-long' ? s.tooLong(v.num(max)) : undefined;
  return html`<form part="composer" class="composer" @submit=${(event: Event) => {
    event.preventDefault();
    submit(v);
    // Sent with a click, focus would stay on Send: back to the field, to write the next message
    // (or fix this one), as chat apps do. Enter in the field keeps it there already.
    toField(v);
  }} novalidate>
    <label for="input" class="fw-visually-hidden">${s.composerLabel(title)}</label>
    <textarea
      part="input"
      id="input"
      class="input"
      rows="2"
      .value=${draft.text}
      placeholder=${s.composerLabel(title)}
      aria-invalid=${error === undefined ? nothing : 'true'}
      aria-describedby=${error === undefined ? 'count hint' : 'draft-error count hint'}
      @input=${(event: Event) => {
        draft.text = (event.target as HTMLTextAreaElement).value;
        if (draft.error === 'empty' && draft.text.trim() !== '') draft.error = undefined;
        if (draft.error === 'too-long' && draft.text.length <= limit(v)) draft.error = undefined;
        v.el.requestUpdate();
      }}
      @keydown=${(event: KeyboardEvent) => {
        // An IME composing text uses Enter to commit a candidate, not to send. Safari ends the
        // composition before that keydown, which then says only keyCode 229.
        if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        submit(v);
      }}
    ></textarea>
    <div class="under">
      <span part="count" id="count" class="count" data-over=${used > max ? 'true' : 'false'}>${s.count(v.num(used), v.num(max))}</span>
      <span id="hint" class="fw-visually-hidden">${s.keysHint}</span>
      <button part="send" class="button primary" type="submit">${s.send}</button>
    </div>
    ${error === undefined ? nothing : html`<p part="note" id="draft-error" class="note" data-kind="error">${v.alertIcon()}<span>${error}</span></p>`}
  </form>`;
}
