import { css, html, nothing, type TemplateResult } from 'lit';
import { adoptLater } from './adopt.js';
import { localZone, typedClock, zonedClock, type WallTime } from './wall-time.js';

/*
 * What the forms that book a time (fw-coaching-sessions', both sides of fw-check-in) show for a
 * wall time the clocks repeat: the note, voiced as it appears or changes, and the choice of which
 * occurrence to book. Only those forms import this, and they are loaded lazily, so it adds
 * nothing to an element's up-front bytes.
 */

const looks = css`
  @layer fw {
    /* Empty, the live region stays in the tree (one added together with its words is often not
       voiced) but takes no row of the form's grid, which would add a gap. */
    .time-live:empty {
      position: absolute;
    }
    .time-choice {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      margin: 0;
      padding: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
    }
    .time-choice legend {
      font-weight: 600;
    }
    .time-choice label {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
  }
`;

const adopted = new WeakSet<ShadowRoot>();

/** A form's view of a field that may hold a repeated time. @internal */
export interface RepeatedTime {
  /** The shadow root the form renders in, which takes this part's styles. */
  readonly root: ShadowRoot | null;
  /** The note's id, which the field names in `aria-describedby`; the radios' name is made from it. */
  readonly id: string;
  /** The field's value, and what it names. */
  readonly value: string;
  readonly read: WallTime;
  /** The note, in the form's words: "1:30 AM happens twice in Europe/London that day…". */
  note(time: string, zone: string, first: string, second: string): string;
  /** The choice's legend: "Which 1:30 AM?". */
  legend(time: string): string;
  readonly lang: string;
  /** Whether the person chose the second occurrence. */
  readonly later: boolean | undefined;
  readonly icon: TemplateResult;
  pick(later: boolean): void;
}

/**
 * The note in a polite live region that is always rendered, so it is voiced when it appears or
 * its words change (someone who types and presses Enter at once hears it too) and not when the
 * form renders it again unchanged; then, while the time is repeated, the two occurrences as radio
 * buttons named by their zoned clock times, the first checked unless the second was chosen.
 * @internal
 */
export function renderRepeated(r: RepeatedTime): TemplateResult {
  if (r.root !== null && !adopted.has(r.root)) {
    adopted.add(r.root);
    adoptLater(r.root, looks);
  }
  const { read, lang } = r;
  const time = read.kind === 'twice' ? typedClock(lang, r.value) : '';
  // No whitespace inside the region: it would stop `:empty` from matching.
  return html`<div class="time-live" role="status">${read.kind === 'twice'
      ? html`<p part="time-note" id=${r.id} class="message">${r.icon}<span>${r.note(time, localZone(), zonedClock(lang, read.at), zonedClock(lang, read.second))}</span></p>`
      : nothing}</div>${read.kind === 'twice'
      ? html`<fieldset part="time-choice" class="time-choice">
          <legend>${r.legend(time)}</legend>
          ${[read.at, read.second].map(
            (at, i) => html`<label><input type="radio" name=${`${r.id}-choice`} value=${i === 0 ? 'first' : 'second'} .checked=${(r.later === true) === (i === 1)} @change=${() => r.pick(i === 1)} /><span>${zonedClock(lang, at)}</span></label>`,
          )}
        </fieldset>`
      : nothing}`;
}
