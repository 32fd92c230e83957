/*
 * The size budgets of issue 10 and the recorded ceilings of the entries still over them.
 *
 * An entry within its issue budget is held to that budget. An entry over it is held to the
 * ceiling in bench/size-budget.json (its size when recorded + 1%), so it cannot grow while the
 * work that brings it under is done; the gap to the issue budget is reported on every run.
 */
import { join } from 'node:path';
import { ISSUE_BUDGETS, root, type BudgetGroup, type SizeRow } from './size.js';

export const CEILINGS_FILE = join(root, 'bench', 'size-budget.json');

/** Headroom over the recorded size: esbuild is deterministic, so this only absorbs trivial edits. */
export const CEILING_HEADROOM = 0.01;

export interface Ceiling {
  /** The most this entry may weigh, gzip bytes. */
  readonly gzipBytes: number;
  /** What it weighed when recorded. */
  readonly recordedGzipBytes: number;
  /** The issue's budget, for the gap. */
  readonly issueBudget: number;
}

export interface CeilingsFile {
  readonly note: string;
  readonly issueBudgets: Readonly<Record<BudgetGroup, number>>;
  readonly ceilings: Readonly<Record<string, Ceiling>>;
}

export interface BudgetVerdict {
  readonly issueBudget: number;
  /** Set when the entry is held to a recorded ceiling instead of its issue budget. */
  readonly ceiling?: number;
  readonly withinIssueBudget: boolean;
  /** Bytes over the issue budget (0 when within). */
  readonly overBy: number;
  /** Whether the entry passes: within its issue budget, or within its recorded ceiling. */
  readonly ok: boolean;
  readonly message: string;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;

export function budgetFor(row: SizeRow, file: CeilingsFile): BudgetVerdict {
  if (row.budget === undefined) throw new Error(`${row.name} has no budget`);
  const issueBudget = ISSUE_BUDGETS[row.budget];
  const gzip = row.gzipBytes;
  if (gzip === undefined) {
    return { issueBudget, withinIssueBudget: false, overBy: 0, ok: false, message: `${row.name}: not measured (${row.note ?? 'unknown reason'})` };
  }
  const overBy = Math.max(0, gzip - issueBudget);
  const ceiling = file.ceilings[row.name];
  if (overBy === 0) {
    const stale = ceiling === undefined ? '' : ' (its recorded ceiling is no longer needed: re-record with --record-ceilings)';
    return { issueBudget, withinIssueBudget: true, overBy, ok: true, message: `${row.name}: ${kb(gzip)} within the issue budget of ${kb(issueBudget)}${stale}` };
  }
  if (ceiling === undefined) {
    return { issueBudget, withinIssueBudget: false, overBy, ok: false, message: `${row.name}: ${kb(gzip)} is over the issue budget of ${kb(issueBudget)} by ${kb(overBy)}, and has no recorded ceiling` };
  }
  const ok = gzip <= ceiling.gzipBytes;
  const growth = gzip - ceiling.recordedGzipBytes;
  return {
    issueBudget,
    ceiling: ceiling.gzipBytes,
    withinIssueBudget: false,
    overBy,
    ok,
    message:
      `${row.name}: ${kb(gzip)}, ${ok ? 'within' : 'OVER'} its recorded ceiling of ${kb(ceiling.gzipBytes)} ` +
      `(${growth >= 0 ? '+' : ''}${growth} B since recorded); ${kb(overBy)} over the issue budget of ${kb(issueBudget)}`,
  };
}

/**
 * Ceilings for every budgeted entry over its issue budget now: its size + 1%. With `only`, just
 * the entries named there are re-recorded and every other keeps its ceiling from `previous`, so
 * a change accepted to grow one entry loosens no other.
 */
export function recordCeilings(rows: readonly SizeRow[], only?: ReadonlySet<string>, previous?: CeilingsFile): CeilingsFile {
  const ceilings: Record<string, Ceiling> = {};
  for (const row of rows) {
    if (row.budget === undefined || row.gzipBytes === undefined) continue;
    const kept = previous?.ceilings[row.name];
    if (only !== undefined && !only.has(row.name)) {
      if (kept !== undefined) ceilings[row.name] = kept;
      continue;
    }
    const issueBudget = ISSUE_BUDGETS[row.budget];
    if (row.gzipBytes <= issueBudget) continue;
    ceilings[row.name] = { gzipBytes: Math.ceil(row.gzipBytes * (1 + CEILING_HEADROOM)), recordedGzipBytes: row.gzipBytes, issueBudget };
  }
  return {
    note:
      'Written by `node --import tsx bench/size.bench.ts --record-ceilings`. Entries listed here are over the issue 10 budget and held to their ' +
      'recorded size + 1% (gzip bytes) so they cannot grow; every other budgeted entry is held to the issue budget. Checked by scripts/size-budget.test.ts.',
    issueBudgets: ISSUE_BUDGETS,
    ceilings,
  };
}
