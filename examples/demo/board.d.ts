// Types for board.js, which the browser loads as plain JavaScript (no build step).
import type { Clock, Floorwalk } from '@floorwalk/core';

export interface BoardOptions {
  /** How often timers refresh, in real milliseconds (default 1000). */
  readonly tickMs?: number;
}

export interface Board {
  /** Refreshes every timer now, as the ticker does each second. */
  tick(): void;
  /** Unsubscribes, stops the ticker and removes the board. */
  dispose(): void;
}

/** Mounts the live board into `root` (its content is replaced) and keeps it current until disposed. */
export function mountBoard(root: HTMLElement, client: Floorwalk, clock: Clock, options?: BoardOptions): Board;

/** Formats a duration as a clock reads: `4:05`, `1:04:05`. */
export function formatDuration(ms: number): string;
