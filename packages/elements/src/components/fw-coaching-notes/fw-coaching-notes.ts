import { ErrorCode, FloorwalkError, isFloorwalkError, MAX_TEXT_LENGTH, type CoachingNote, type Floorwalk, type StoreChange } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwCoachingNoteFailedEvent } from '../../events/fw-coaching-note-failed.js';
import { interactionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatTime } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { coachingNotesCatalog } from './fw-coaching-notes.strings.js';
import { coachingNotesStyles } from './fw-coaching-notes.styles.js';
import { formStyles, panelStyles } from '../../internal/panel.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';
import { busySeconds } from '../../internal/busy.js';

/** Which side the element shows: `auto` picks from the session's role. */
export type CoachingNotesView = 'auto' | 'supervisor' | 'agent';


/**
 * Coaching notes about an agent, optionally tied to one of their interactions. For a
 * supervisor's session, a form to write one (the agent, fixed by `agent-id` or picked from those
 * in scope; the note; an interaction of theirs; "Private" where the tenant's policy allows private
 * notes) and the notes in view, newest first. For an agent's session, the notes about them (never
 * private ones: the core keeps those from the agent's client). The form is replaced by the reason
 * when the platform lacks the command or the role may not write notes.
 *
 * A note written by someone else is announced politely; a failure assertively.
 *
 * @tagname fw-coaching-notes
 * @summary Write coaching notes about an agent and read them, the agent their own.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-coaching-note-failed - A note was not saved. `agentId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart form - The form to write a note.
 * @csspart agent-select - The agent picker (when no `agent-id` is set).
 * @csspart body-input - The note's text area.
 * @csspart interaction-select - The interaction picker.
 * @csspart private - The "Private" checkbox's label (where private notes are allowed).
 * @csspart save - The Save note button.
 * @csspart reason - Why notes cannot be written here.
 * @csspart list - The list of notes.
 * @csspart note - One note.
 * @csspart body - A note's text.
 * @csspart message - Failure or "unavailable" text.
 *
 * @cssproperty --fw-coaching-notes-background - The wrapper's background.
 * @cssproperty --fw-coaching-notes-padding - The wrapper's padding (default 1rem).
 * @cssproperty --fw-coaching-notes-border-color - The wrapper's border.
 * @cssproperty --fw-coaching-notes-radius - Corner radius of the wrapper, fields and buttons.
 * @cssproperty --fw-coaching-notes-accent-color - The rule beside each note.
 * @cssproperty --fw-coaching-notes-error-color - Failure messages and fields in error.
 *
 * @cssstate supervisor - Showing the supervisor's view.
 * @cssstate agent - Showing the agent's view.
 * @cssstate pending - A note waits for the platform's confirmation.
 * @cssstate failed - A note was not saved; the message says why.
 */
export class FwCoachingNotes extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-coaching-notes'), formStyles('fw-coaching-notes'), coachingNotesStyles];

  static override properties = {
    client: { attribute: false },
    view: { type: String },
    agentId: { type: String, attribute: 'agent-id' },
    limit: { type: Number },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** `supervisor`, `agent`, or `auto`: agent for a session of role `agent`, else supervisor. */
  declare view: CoachingNotesView;
  /** Supervisor's view: write about this agent and list only their notes. Unset: pick any agent in scope. */
  declare agentId: string | undefined;
  /** How many notes are listed, newest first. Default 20. */
  declare limit: number;
  /** How long to wait for the platform's confirmation, in ms. Default 10000. */
  declare confirmTimeout: number;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name a person from their user id, for people who are not agents. Defaults to the id. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, coachingNotesCatalog);
  private readonly common = new LocalizeController(this, interactionCatalog);
  private readonly voice = new AnnounceController(this);
  private pending: { seq: number; timer: ReturnType<typeof setTimeout> } | undefined;
  /**
   * The note last sent from this form, until "Note saved." is said: when the platform has
   * confirmed it and the list shows it, whichever comes second (the note arrives as an event,
   * before or after the confirmation).
   */
  private saving: { agentId: string; body: string; confirmed: boolean; shown: boolean } | undefined;
  private failure: FloorwalkError | undefined;
  private known: Set<string> | undefined;
  private pickedAgent = '';
  private bodyText = '';
  private interactionId = '';
  private privateNote = false;
  private formError: 'agent' | 'body' | undefined;
  private seq = 0;

  constructor() {
    super();
    this.view = 'auto';
    // agentId and displayName start undefined: setting them so would record no change.
    this.limit = 20;
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.pending !== undefined) clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.known = undefined;
  }

  private get side(): 'supervisor' | 'agent' {
    if (this.view === 'supervisor' || this.view === 'agent') return this.view;
    return this.clients.client?.session.role === 'agent' ? 'agent' : 'supervisor';
  }

  private get target(): string {
    return this.agentId || this.pickedAgent;
  }

  private onStoreChange(change: StoreChange): boolean {
    return change.reset || change.coachingNotes.size > 0 || change.teams.size > 0 || (this.target !== '' && change.interactions.size > 0);
  }

  private person(client: Floorwalk, userId: string): string {
    if (userId === client.session.userId) return this.t.strings.you;
    return client.getAgent(userId)?.name ?? this.displayName?.(userId) ?? userId;
  }

  private notes(client: Floorwalk): CoachingNote[] {
    const session = client.session;
    const own = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
    const only = this.side === 'agent' ? own : this.agentId || undefined;
    const list = client.getCoachingNotes(only);
    return [...list].sort((a, b) => b.createdAt - a.createdAt).slice(0, Math.max(0, this.limit));
  }

  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    if (client.status !== 'live') return this.t.strings.notLive(this.common.strings.connection(client.status));
    return undefined;
  }

  private allowed(client: Floorwalk, agentId: string, isPrivate = false): boolean {
    return client.can({ type: 'add-coaching-note', agentId, body: 'note', ...(isPrivate ? { private: true } : {}) });
  }

  private blocked(client: Floorwalk): string | undefined {
    if (!client.capabilities.commands.includes('add-coaching-note')) return this.t.strings.unsupported;
    if (this.agentId ? !this.allowed(client, this.agentId) : !client.getAgents().some((a) => this.allowed(client, a.id))) return this.t.strings.notAllowed;
    return undefined;
  }

  // ---- actions -------------------------------------------------------------------------------

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    const client = this.clients.client;
    if (client === undefined || this.unavailable() !== undefined || this.pending !== undefined || this.blocked(client) !== undefined) return;
    const agentId = this.target;
    const body = this.bodyText.trim();
    this.formError = agentId === '' ? 'agent' : body === '' ? 'body' : undefined;
    if (this.formError !== undefined) {
      const field = this.formError === 'agent' ? '#agent' : '#body';
      this.requestUpdate();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(field)?.focus());
      return;
    }
    const interaction = client.getInteractions({ agentId, includeEnded: true }).some((i) => i.id === this.interactionId) ? this.interactionId : undefined;
    const seq = ++this.seq;
    const timeout = confirmTimeoutOf(this.confirmTimeout);
    const timer = setTimeout(() => {
      this.fail(seq, agentId, new FloorwalkError(ErrorCode.VendorError, `The platform did not confirm the note within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
    }, timeout);
    this.pending = { seq, timer };
    this.saving = { agentId, body, confirmed: false, shown: false };
    this.failure = undefined;
    this.requestUpdate();
    // Ticked Private stays private: where the policy turned private notes off meanwhile, the core
    // refuses it and the coach decides again, rather than the note going to the agent unasked.
    client.addCoachingNote(agentId, body, interaction, this.privateNote ? { private: true } : undefined).then(
      () => {
        if (this.pending?.seq !== seq) return;
        clearTimeout(this.pending.timer);
        this.pending = undefined;
        this.bodyText = '';
        this.interactionId = '';
        this.privateNote = false;
        if (this.saving !== undefined) this.saving.confirmed = true;
        this.requestUpdate();
      },
      (err: unknown) => this.fail(seq, agentId, isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `Saving the note failed: ${String(err)}`, { cause: err })),
    );
  };

  private fail(seq: number, agentId: string, error: FloorwalkError): void {
    if (this.pending?.seq !== seq) return;
    clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.saving = undefined;
    this.failure = error;
    // The box is gone with the policy: a second Save is the coach's choice to share it.
    if (error.details?.['policy'] === 'privateCoachingNotes') this.privateNote = false;
    this.dispatch(new FwCoachingNoteFailedEvent(agentId, error));
    this.voice.announce(this.t.strings.failed(this.why(error)), 'assertive');
    this.requestUpdate();
  }

  private why(error: FloorwalkError): string {
    const s = this.t.strings;
    if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
    if (error.details?.['policy'] === 'privateCoachingNotes') return s.whyPrivate;
    switch (error.code) {
      case ErrorCode.Forbidden:
      case ErrorCode.OutOfScope:
      case ErrorCode.Unsupported:
        return s.whyForbidden;
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

  // ---- rendering -----------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.clients.client;
    if (client !== undefined && client.status === 'live') this.observe(client, this.notes(client));
    this.toggleState('supervisor', this.side === 'supervisor');
    this.toggleState('agent', this.side === 'agent');
    this.toggleState('pending', this.pending !== undefined);
    this.toggleState('failed', this.failure !== undefined);
  }

  private observe(client: Floorwalk, list: readonly CoachingNote[]): void {
    const first = this.known === undefined;
    const known = this.known ?? new Set<string>();
    const authors: string[] = [];
    const saving = this.saving;
    for (const n of list) {
      if (known.has(n.id)) continue;
      known.add(n.id);
      if (first) continue;
      if (n.authorId !== client.session.userId) authors.push(this.t.strings.announceNew(this.person(client, n.authorId)));
      else if (saving !== undefined && n.agentId === saving.agentId && n.body === saving.body) saving.shown = true;
    }
    this.known = known;
    // Said once the render that shows the note is done, so the words follow what they describe.
    if (saving?.confirmed === true && saving.shown) {
      this.saving = undefined;
      authors.unshift(this.t.strings.announceSaved);
    }
    if (authors.length > 0) void this.updateComplete.then(() => this.voice.announce(authors.join(' '), 'polite'));
  }

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  protected override render(): TemplateResult {
    const client = this.clients.client;
    const unavailable = this.unavailable();
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${this.level}>${this.t.strings.heading}</div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="message" class="message" data-kind="unavailable">${unavailable}</p>`
        : html`${this.side === 'supervisor' ? this.renderForm(client) : nothing}${this.renderList(client)}`}
    </section>`;
  }

  private renderForm(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const blocked = this.blocked(client);
    if (blocked !== undefined) return html`<p part="reason" class="message">${blocked}</p>`;
    const agentId = this.target;
    const busy = this.pending !== undefined;
    const error = this.formError === 'agent' ? s.noAgent : this.formError === 'body' ? s.noBody : undefined;
    const agents = this.agentId ? [] : client.getAgents().filter((a) => this.allowed(client, a.id));
    const interactions = agentId === '' ? [] : [...client.getInteractions({ agentId, includeEnded: true })].sort((a, b) => b.createdAt - a.createdAt).slice(0, 10);
    const canPrivate = agentId !== '' && this.allowed(client, agentId, true);
    // The failure line is plain text, not role=alert: the failure is announced (assertively), and
    // an alert would voice it a second time.
    // The space before "(Pending)" is inside its span: alone between the two, Chromium leaves it
    // out of the button's name ("Save note(Pending)").
    return html`<form part="form" class="form" @submit=${this.onSubmit} novalidate aria-labelledby="write-heading">
      <div id="write-heading" class="subheading" role="heading" aria-level=${Math.min(6, this.level + 1)}>${s.writeHeading}${this.agentId ? html`: ${this.person(client, this.agentId)}` : nothing}</div>
      ${this.agentId
        ? nothing
        : html`<label class="field"><span>${s.agentLabel}</span>
            <select part="agent-select" id="agent" class="input" aria-invalid=${this.formError === 'agent' ? 'true' : nothing}
              aria-describedby=${this.formError === 'agent' ? 'form-error' : nothing} @change=${this.onAgent}>
              <option value="" ?selected=${this.pickedAgent === ''}>${s.chooseAgent}</option>
              ${[...agents].sort((a, b) => a.name.localeCompare(b.name)).map((a) => html`<option value=${a.id} ?selected=${a.id === this.pickedAgent}>${a.name}</option>`)}
            </select>
          </label>`}
      <label class="field"><span>${s.bodyLabel}</span>
        <textarea part="body-input" id="body" class="input" rows="3" maxlength=${MAX_TEXT_LENGTH} .value=${this.bodyText}
          aria-invalid=${this.formError === 'body' ? 'true' : nothing} aria-describedby=${this.formError === 'body' ? 'form-error' : nothing} @input=${this.onBody}></textarea>
      </label>
      ${interactions.length === 0
        ? nothing
        : html`<label class="field"><span>${s.interactionLabel}</span>
            <select part="interaction-select" id="interaction" class="input" @change=${this.onInteraction}>
              <option value="" ?selected=${this.interactionId === ''}>${s.noInteraction}</option>
              ${interactions.map(
                (i) => html`<option value=${i.id} ?selected=${i.id === this.interactionId}>${s.interactionOption(this.common.strings.channel(i.channel), formatTime(this.t.lang, i.createdAt))}</option>`,
              )}
            </select>
          </label>`}
      ${canPrivate
        ? html`<label part="private" class="check"><input id="private" type="checkbox" .checked=${this.privateNote} @change=${this.onPrivate} />${s.privateLabel}</label>`
        : nothing}
      ${error === undefined ? nothing : html`<p id="form-error" class="message" data-kind="error">${alertIcon()} ${error}</p>`}
      <button part="save" class="button" type="submit" aria-disabled=${busy ? 'true' : nothing}>${s.save}${busy ? html`<span class="muted"> (${s.pendingMark})</span>` : nothing}</button>
      ${this.failure === undefined ? nothing : html`<p part="message" class="message" data-kind="error">${alertIcon()} ${s.failed(this.why(this.failure))}</p>`}
    </form>`;
  }

  private readonly onAgent = (e: Event): void => {
    this.pickedAgent = (e.target as HTMLSelectElement).value;
    this.interactionId = '';
    this.privateNote = false;
    if (this.formError === 'agent') this.formError = undefined;
    this.requestUpdate();
  };

  private readonly onBody = (e: Event): void => {
    this.bodyText = (e.target as HTMLTextAreaElement).value;
    if (this.formError === 'body') {
      this.formError = undefined;
      this.requestUpdate();
    }
  };

  private readonly onInteraction = (e: Event): void => {
    this.interactionId = (e.target as HTMLSelectElement).value;
  };

  private readonly onPrivate = (e: Event): void => {
    this.privateNote = (e.target as HTMLInputElement).checked;
  };

  private renderList(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const notes = this.notes(client);
    if (notes.length === 0) return html`<p class="muted">${s.none}</p>`;
    return html`<ul part="list" class="list" aria-label=${s.heading}>
      ${notes.map((n) => {
        const interaction = n.interactionId === undefined ? undefined : client.getInteraction(n.interactionId);
        return html`<li part="note" class="note" data-id=${n.id} data-private=${n.private === true ? 'true' : 'false'}>
          <p part="body" class="body" dir="auto">${n.body}</p>
          <p class="meta">
            <span>${s.byline(this.person(client, n.authorId), this.person(client, n.agentId))}</span>
            <time datetime=${new Date(n.createdAt).toISOString()}>${new Intl.DateTimeFormat(this.t.lang, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(n.createdAt)}</time>
            ${n.private === true ? html`<span class="private">${s.private}</span>` : nothing}
          </p>
          ${n.interactionId === undefined
            ? nothing
            : html`<p class="meta" data-interaction=${n.interactionId}>
                ${interaction === undefined ? s.aboutUnknown : s.about(this.common.strings.channel(interaction.channel), formatTime(this.t.lang, interaction.createdAt))}
              </p>`}
        </li>`;
      })}
    </ul>`;
  }
}
