import type { Channel, CheckIn, Floorwalk } from '@floorwalk/core';
import type { nothing, TemplateResult } from 'lit';
import type { CheckInAction } from '../../events/fw-check-in-failed.js';
import type { Catalog, LocalizeController, Strings } from '../../internal/localize.js';
import type { FwCheckIn } from './fw-check-in.js';
import type { checkInCatalog } from './fw-check-in.strings.js';

/*
 * What the element lends the side it shows (`supervisor.ts` or `agent.ts`, each loaded when an
 * element first shows that side), and what the two sides share. The element imports only types
 * from here: a module the element and a side both imported at run time would become a third file
 * the element loads up front.
 */

/** Options of an action button under a check-in. @internal */
export interface ButtonOptions {
  primary?: boolean;
  blocked?: string | undefined;
  /** Judges the rule again at the press (a time window may have opened since the render). */
  recheck?: () => string | undefined;
  part?: string;
}

/** What the element lends a side. @internal */
export interface SideHost {
  readonly el: FwCheckIn;
  strings(): typeof checkInCatalog.en;
  /** A localize controller on the element for `catalog`. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T>;
  level(): number;
  /** The check-ins this side lists, open ones first. */
  checkIns(client: Floorwalk): CheckIn[];
  person(client: Floorwalk, userId: string): string;
  /** A check-in's date and time. */
  at(ms: number): string;
  time(ms: number): string;
  duration(ms: number): string;
  now(client: Floorwalk): number;
  client(): Floorwalk | undefined;
  /** A check-in's time, and when it starts while it is open. */
  when(c: CheckIn, now: number): TemplateResult;
  /** The notice a proposal must give and the start window, in force. */
  notice(): number;
  window(): number;
  stateText(client: Floorwalk, c: CheckIn): string;
  /** An action's button under `c`; `send` is the client's command, run at the press. */
  button(c: CheckIn, action: CheckInAction, label: string, send: (client: Floorwalk) => Promise<void>, options?: ButtonOptions): TemplateResult;
  message(key: string, id?: string): TemplateResult | typeof nothing;
  busy(key: string): boolean;
  run(key: string, action: CheckInAction, checkInId: string | undefined, send: () => Promise<void>, after?: () => void): void;
  alertIcon(): TemplateResult;
  videoIcon(): TemplateResult;
}
