import { html, nothing, type TemplateResult } from 'lit';
import type { EvaluationAction } from '../../events/fw-evaluation-failed.js';
import type { AgentHost } from './agent.js';

/**
 * A part's action button (Save draft, Release, Acknowledge, Dispute), `aria-disabled` while its
 * action waits or when `blocked` says why it cannot be used (shown beside it). Only the parts
 * show these buttons, so it loads with them (both import it), not with the element.
 */
export function actionButton(v: AgentHost, part: string, label: string, key: string, action: EvaluationAction, blocked: string | undefined, onClick: () => void, primary = false): TemplateResult {
  const reasonId = `${v.ids}-why-${part}-${key}`;
  const pending = v.busy.get(key) === action;
  return html`<button
      part=${part}
      class="button${primary ? ' primary' : ''}"
      type="button"
      aria-disabled=${blocked !== undefined || v.busy.has(key) ? 'true' : nothing}
      aria-describedby=${blocked === undefined ? nothing : reasonId}
      @click=${() => {
        if (blocked !== undefined) {
          // A disabled control that still takes focus says why when pressed.
          v.announce(blocked);
          return;
        }
        if (!v.busy.has(key)) onClick();
      }}
    >
      ${label}${pending ? html` <span class="pending">${v.strings().pendingMark}</span>` : nothing}
    </button>
    ${blocked === undefined ? nothing : html`<span part="reason" id=${reasonId} class="reason">${blocked}</span>`}`;
}
