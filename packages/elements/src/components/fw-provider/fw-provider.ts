import { ContextProvider } from '@lit/context';
import type { Floorwalk } from '@floorwalk/core';
import { html, css, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { floorwalkContext } from '../../internal/context.js';
import { FwElement } from '../../internal/fw-element.js';

/**
 * Hands one Floorwalk client to every Floorwalk element inside it, however deep, through
 * `@lit/context`. An element's own `client` property still wins, so one page can show two
 * clients side by side (a supervisor's and an agent's, as the demo does).
 *
 * @tagname fw-provider
 * @summary Provides a Floorwalk client to the elements inside it.
 * @status experimental
 * @since 0.1.0
 *
 * @slot - The elements (and any host markup) that use the client.
 */
export class FwProvider extends FwElement {
  static override styles: CSSResultGroup = css`
    :host {
      display: contents;
    }
  `;

  static override properties = { client: { attribute: false } };

  /** The client handed down; created by the host app with `createFloorwalk`. */
  declare client: Floorwalk | undefined;

  private readonly provider = new ContextProvider(this, { context: floorwalkContext });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.provider.setValue(this.client);
  }

  protected override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
