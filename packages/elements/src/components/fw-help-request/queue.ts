import type { Channel, Floorwalk, HelpRequest, Interaction, MonitoringSession } from '@floorwalk/core';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { HelpAction } from '../../events/fw-help-failed.js';
import type { helpCatalog } from '../../internal/common-strings.js';
import type { LocalizeController } from '../../internal/localize.js';
import { formatTimer } from '../../internal/format.js';
import { offeredModes } from '../../internal/monitoring.js';
import type { ActionHost, Failure, Op } from './actions.js';
import type { helpRequestCatalog } from './fw-help-request.strings.js';
import { helpRequestQueueCatalog } from './queue.strings.js';

/*
 * The supervisor's side: the queue of open requests with Acknowledge, Resolve and Whisper. An
 * agent's session never shows it, so the element loads this module when it first shows the
 * queue, and an agent's page never does. What it shares with the element (strings, icons, the
 * pending and failed actions, the liveness rules) comes through the QueueHost, not imports: a
 * module both import would become a third file the element loads up front.
 */

type ActionsModule = typeof import('./actions.js');

/** What the element lends the queue. @internal */
export interface QueueHost {
  readonly ops: ReadonlyMap<string, Op>;
  readonly failures: ReadonlyMap<string, Failure>;
  readonly actionHost: ActionHost;
  strings(): typeof helpRequestCatalog.en;
  common(): typeof helpCatalog.en;
  lang(): string;
  /** This session's own agent id, whose requests are not in its queue. */
  self(): string | undefined;
  who(userId: string): string;
  agentName(client: Floorwalk, agentId: string): string;
  ownSession(client: Floorwalk, agentId: string, interactionId: string): MonitoringSession | undefined;
  isOpen(request: HelpRequest): boolean;
  isLive(interaction: Interaction | undefined): interaction is Interaction;
  helpIcon(): TemplateResult;
  channelIcon(channel: Channel): TemplateResult;
  /** The pending or failed line under a request. */
  message(key: string, requestId: string | undefined, id?: string): TemplateResult | typeof nothing;
  /** Runs an action with the actions module, loading it on the first one. */
  press(key: string, action: HelpAction, run: (actions: ActionsModule) => void): void;
}

const words = new WeakMap<QueueHost, LocalizeController<typeof helpRequestQueueCatalog.en>>();

/** The strings only the queue says, in the element's locale. */
function said(v: QueueHost): typeof helpRequestQueueCatalog.en {
  let controller = words.get(v);
  if (controller === undefined) words.set(v, (controller = v.actionHost.localize(helpRequestQueueCatalog)));
  return controller.strings;
}

/** The rows' ids as rendered last (`now`) and the time before (`before`): where a row that went stood. */
const shown = new WeakMap<QueueHost, { readonly before: readonly string[]; readonly now: readonly string[] }>();

/** A row's buttons in the order they are laid out, for "the control that now stands where it was". */
const ACTIONS: readonly string[] = ['acknowledge', 'resolve', 'whisper'];

/**
 * The queue of open requests, oldest first, each with what this session may do about it. While
 * the link is down, the requests last known, said to be possibly out of date, with no actions:
 * one taken or withdrawn meanwhile would be acted on blind.
 */
export function renderQueue(v: QueueHost, client: Floorwalk): TemplateResult {
  const s = v.strings();
  const requests = [...client.getHelpRequests({ open: true })].filter((r) => r.agentId !== v.self()).sort((a, b) => a.raisedAt - b.raisedAt);
  shown.set(v, { before: shown.get(v)?.now ?? [], now: requests.map((r) => r.id) });
  return html`${client.status === 'live' ? nothing : html`<p part="stale" class="message" data-kind="unavailable">${said(v).stale}</p>`}${requests.length === 0
    ? html`<p part="empty" class="muted">${s.empty}</p>`
    : html`<ul part="list" class="list">
        ${repeat(requests, (r) => r.id, (r) => renderRequest(v, client, r))}
      </ul>`}`;
}

function renderRequest(v: QueueHost, client: Floorwalk, r: HelpRequest): TemplateResult {
  const s = v.strings();
  const c = v.common();
  const name = v.agentName(client, r.agentId);
  const interaction = r.interactionId === undefined ? undefined : client.getInteraction(r.interactionId);
  // "On a … interaction" only while it lasts: once over, the row says the interaction has ended.
  const on = v.isLive(interaction) ? interaction : undefined;
  const busy = v.ops.has(r.id);
  const live = client.status === 'live';
  const canAck = live && r.state === 'open' && client.can({ type: 'acknowledge-help', requestId: r.id });
  const canResolve = live && v.isOpen(r) && client.can({ type: 'resolve-help', requestId: r.id });
  const lineId = `line-${r.id}`;
  const describedBy = busy || v.failures.has(r.id) ? `${lineId} message-${r.id}` : lineId;
  const action = (label: string, kind: string, run: () => void): TemplateResult =>
    html`<button part="action" class="button" type="button" data-action=${kind} data-request=${r.id} aria-disabled=${busy ? 'true' : nothing} aria-describedby=${describedBy} @click=${() => (busy ? undefined : run())}>
      ${label}${v.ops.get(r.id)?.action === kind ? html` <span class="pending">${s.pendingMark}</span>` : nothing}
    </button>`;
  return html`<li part="request" class="request" data-id=${r.id} data-state=${r.state}>
    <p id=${lineId} class="line">${v.helpIcon()}<span><strong><bdi>${name}</bdi></strong>${s.nameReason}<bdi>${r.reason}</bdi></span></p>
    <p class="meta muted">
      <span part="state" class="state">${r.state === 'acknowledged' ? s.acknowledgedBy(v.who(r.acknowledgedBy ?? '')) : s.open}</span>
      <span part="wait" class="timer">${s.waitingFor(formatTimer(v.lang(), Math.max(0, client.now() - r.raisedAt)))}</span>
      ${on === undefined ? nothing : html`<span class="on">${v.channelIcon(on.channel)}${s.onInteraction(c.channel(on.channel))}</span>`}
    </p>
    <div part="actions" class="actions">
      ${canAck ? action(s.acknowledge, 'acknowledge', () => v.press(r.id, 'acknowledge', (actions) => actions.act(v.actionHost, 'acknowledge', r))) : nothing}
      ${canResolve ? action(s.resolve, 'resolve', () => v.press(r.id, 'resolve', (actions) => actions.act(v.actionHost, 'resolve', r))) : nothing}
      ${live ? renderWhisper(v, client, r, interaction, action) : nothing}
    </div>
    ${v.message(r.id, r.id, `message-${r.id}`)}
  </li>`;
}

/**
 * Keeps a keyboard supervisor's place in the queue when the row button that had focus went (see
 * the element's `updated`): a row button that went with its row (resolved here or elsewhere, or
 * lowered by the agent) gives focus to the same button, else the one after it, in the row that
 * now stands there, else in the row before; one replaced in its row (Acknowledge once done) to
 * the button that took its place. False when no row has a button to take it (the element then
 * falls back to the heading), or `gone` was no row button.
 */
export function refocus(v: QueueHost, root: ShadowRoot, gone: Element): boolean {
  const { request, action } = (gone as HTMLElement).dataset;
  if (request === undefined || action === undefined) return false;
  const { before = [], now = [] } = shown.get(v) ?? {};
  const at = before.indexOf(request);
  // Its own row first, then the ones after it, then back up the list; a row new since then last.
  const order = [request, ...before.slice(at + 1), ...before.slice(0, Math.max(at, 0)).reverse(), ...now];
  const rank = ACTIONS.indexOf(action);
  for (const id of order) {
    const buttons = [...root.querySelectorAll<HTMLElement>('[part="action"]')].filter((b) => b.dataset['request'] === id);
    const next = buttons.find((b) => ACTIONS.indexOf(b.dataset['action'] ?? '') >= rank) ?? buttons.at(-1);
    if (next !== undefined) {
      next.focus();
      return true;
    }
  }
  return false;
}

function renderWhisper(
  v: QueueHost,
  client: Floorwalk,
  r: HelpRequest,
  interaction: Interaction | undefined,
  action: (label: string, kind: string, run: () => void) => TemplateResult,
): TemplateResult | typeof nothing {
  const s = v.strings();
  const w = said(v);
  if (r.interactionId === undefined || !v.isOpen(r)) return nothing;
  const note = (text: string): TemplateResult => html`<span part="note" class="note">${text}</span>`;
  // The platform may offer whisper and still be unable to tell the agent, which is not the same reason.
  if (!offeredModes(client).includes('whisper')) return note(client.capabilities.monitoringModes.includes('whisper') ? w.whisperUntold : w.whisperNotOffered);
  if (!v.isLive(interaction)) return note(w.whisperEnded);
  const session = v.ownSession(client, r.agentId, interaction.id);
  if (session?.mode === 'whisper') return note(w.whispering);
  const allowed =
    session === undefined
      ? client.can({ type: 'start-monitoring', agentId: r.agentId, interactionId: interaction.id, mode: 'whisper' })
      : client.can({ type: 'change-monitoring-mode', sessionId: session.id, mode: 'whisper' });
  return allowed ? action(s.whisper, 'whisper', () => v.press(r.id, 'whisper', (actions) => actions.whisper(v.actionHost, r))) : note(w.whisperNotAllowed);
}
