/*
 * One table of every benchmark figure beside its target, from the JSON the benchmarks wrote to
 * bench/out: bench/out/summary.md. Run last by `npm run bench`; on its own it summarises
 * whatever results are there, and says which are missing.
 *
 *   node --import tsx bench/summary.ts        (npm run bench:summary)
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), 'out');

interface Line {
  readonly bench: string;
  readonly figure: string;
  readonly result: string;
  readonly target: string;
  /** undefined when the figure has no target (context only). */
  readonly met?: boolean;
  /** How far a missed target is. */
  readonly gap?: string;
  readonly load: string;
  readonly when: string;
}

/** Loose view of a result file: the fields are checked where they are read. */
type Json = Record<string, unknown>;

function read(name: string): { json: Json; when: string } | undefined {
  const file = join(out, name);
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
  // A file's mtime is when it was checked out, not measured: a result without its date says so.
  return { json, when: typeof json.date === 'string' ? `${json.date.slice(0, 16).replace('T', ' ')} UTC` : 'date not recorded' };
}

const num = (value: unknown, what: string): number => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`summary: ${what} is not a number (${JSON.stringify(value)})`);
  return value;
};
const obj = (value: unknown, what: string): Json => {
  if (typeof value !== 'object' || value === null) throw new Error(`summary: ${what} is missing`);
  return value as Json;
};
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const loadOf = (json: Json, path: string[]): string => {
  let v: unknown = json;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Json)[key] : undefined;
  if (typeof v === 'number') return v.toFixed(2);
  if (typeof v === 'object' && v !== null && typeof (v as Json).before === 'number') return `${String((v as Json).before)} → ${String((v as Json).after)}`;
  return 'not recorded';
};

const lines: Line[] = [];
const missing: string[] = [];

const core = read('core.json');
if (core === undefined) missing.push('bench:core (bench/out/core.json)');
else {
  const { json, when } = core;
  const t = obj(json.targets, 'core targets');
  const load = loadOf(json, ['load']);
  const eps = num(json.eventsPerSecond, 'core eventsPerSecond');
  const ratio = num(json.ratioToRedux, 'core ratioToRedux');
  const heap = num(json.heapBytesPerAgent, 'core heapBytesPerAgent');
  lines.push({ bench: 'core', figure: 'events/s through the client (median)', result: int(eps), target: `≥ ${int(num(t.eventsPerSecond, 'target'))}`, met: eps >= num(t.eventsPerSecond, 'target'), gap: `${(num(t.eventsPerSecond, 'target') / eps).toFixed(1)}× short`, load, when });
  lines.push({ bench: 'core', figure: 'ratio to Redux Toolkit (action per event)', result: `${ratio.toFixed(1)}×`, target: `≥ ${num(t.ratioToRedux, 'target')}×`, met: ratio >= num(t.ratioToRedux, 'target'), gap: `${(num(t.ratioToRedux, 'target') / ratio).toFixed(1)}× short`, load, when });
  lines.push({ bench: 'core', figure: 'retained heap per agent', result: `${int(heap)} B`, target: `≤ ${int(num(t.heapBytesPerAgent, 'target'))} B`, met: heap <= num(t.heapBytesPerAgent, 'target'), gap: `${int(heap - num(t.heapBytesPerAgent, 'target'))} B over`, load, when });
  if (typeof json.elapsedSeconds === 'number') {
    const secs = json.elapsedSeconds;
    lines.push({ bench: 'core', figure: 'the whole of bench:core, stream generation included', result: `${secs.toFixed(1)} s`, target: '≤ 60 s', met: secs <= 60, gap: `${(secs - 60).toFixed(1)} s over`, load, when });
  }
}

// Issue 12: live metrics on bench:core's stream, as a share of a plain client's events/s.
const metricsRead = read('metrics.json');
if (metricsRead === undefined) missing.push('bench:metrics (bench/out/metrics.json)');
else {
  const { json, when } = metricsRead;
  const share = num(json.ratioToPlain, 'metrics ratioToPlain');
  const target = num(json.target, 'metrics target');
  const runs = Array.isArray(json.runs) ? json.runs.length : 0;
  lines.push({
    bench: 'metrics',
    figure: `events/s with live metrics on every agent, share of a plain client's run in lockstep (median of ${runs} runs; ${int(num(json.eventsPerSecond, 'metrics eventsPerSecond'))} events/s)`,
    result: `${(100 * share).toFixed(1)}%`,
    target: `≥ ${100 * target}%`,
    met: share >= target,
    gap: `${(100 * (target - share)).toFixed(1)} points short`,
    load: loadOf(json, ['load']),
    when,
  });
}

/**
 * The board's rows. Its targets are the default board's; the same board sorted by time in state
 * (its README's example, where every change moves a row) is measured against them too.
 */
function boardLines(file: string, how: string): void {
  const board = read(file);
  if (board === undefined) {
    missing.push(`bench:board (bench/out/${file})`);
    return;
  }
  const { json, when } = board;
  const t = obj(json.targets, 'board targets');
  const load = loadOf(json, ['details', 'loadAverage1m']);
  const frame = num(json.frameP95Ms, 'board frameP95Ms');
  const rows = num(json.maxRowsInDom, 'board maxRowsInDom');
  const blankPage = (json.details as { blankPage?: { frameP95Ms?: unknown } } | undefined)?.blankPage;
  const floor = typeof blankPage?.frameP95Ms === 'number' ? `; a blank page in the same browser: ${blankPage.frameP95Ms} ms` : '';
  lines.push({ bench: 'board', figure: `${how}frame time p95, ${int(num(json.agents, 'agents'))} agents, ${int(num(json.updatesPerSecond, 'rate'))} updates/s, scrolling${floor}`, result: `${frame} ms`, target: `≤ ${num(t.frameP95Ms, 'target')} ms`, met: frame <= num(t.frameP95Ms, 'target'), gap: `${(frame - num(t.frameP95Ms, 'target')).toFixed(1)} ms over`, load, when });
  // No update seen on screen (JSON has no NaN): a miss, said as such.
  if (typeof json.eventToPaintP95Ms === 'number') {
    const paint = json.eventToPaintP95Ms;
    lines.push({ bench: 'board', figure: `${how}event to paint p95`, result: `${paint} ms`, target: `< ${num(t.eventToPaintP95Ms, 'target')} ms`, met: paint < num(t.eventToPaintP95Ms, 'target'), gap: `${(paint - num(t.eventToPaintP95Ms, 'target')).toFixed(1)} ms over`, load, when });
  } else lines.push({ bench: 'board', figure: `${how}event to paint p95`, result: 'not measured (no update shown)', target: `< ${num(t.eventToPaintP95Ms, 'target')} ms`, met: false, gap: 'not measured', load, when });
  lines.push({ bench: 'board', figure: `${how}rows in the DOM (max)`, result: int(rows), target: `< ${num(t.maxRowsInDom, 'target')}`, met: rows < num(t.maxRowsInDom, 'target'), load, when });
}
boardLines('board.json', '');
boardLines('board-sort-time-in-state.json', 'sorted by time in state: ');

const resync = read('resync.json');
if (resync === undefined) missing.push('bench:resync (bench/out/resync.json)');
else {
  const { json, when } = resync;
  const load = loadOf(json, ['loadAverage1m']);
  const ms = num(json.resyncMs, 'resyncMs');
  const target = num(obj(json.target, 'resync target').resyncMs, 'target');
  const cpu = obj(json.cpu, 'resync cpu');
  const records = obj(json.records, 'resync records');
  const what = `${int(num(records.agents, 'agents'))} agents + ${int(num(records.interactions, 'interactions'))} interactions`;
  lines.push({ bench: 'resync', figure: `snapshot resync into a live client, ${what} (median wall)`, result: `${ms} ms`, target: `< ${target} ms`, met: ms < target, gap: `${(ms / target).toFixed(1)}× the target`, load, when });
  lines.push({ bench: 'resync', figure: 'the same, CPU time the process got', result: `${num(cpu.resyncMs, 'cpu')} ms`, target: `< ${target} ms`, met: num(cpu.resyncMs, 'cpu') < target, gap: `${(num(cpu.resyncMs, 'cpu') / target).toFixed(1)}× the target`, load, when });
  lines.push({ bench: 'resync', figure: 'plain Map fill of the same records (baseline)', result: `${num(json.baselineMapFillMs, 'map')} ms (resync ${num(json.ratioToMapFill, 'ratio')}×)`, target: '', load, when });
}

const memory = read('memory.json');
if (memory === undefined) missing.push('bench:memory (bench/out/memory.json)');
else {
  const { json, when } = memory;
  const load = loadOf(json, ['loadAverage1m']);
  const growth = num(json.heapGrowthPercent, 'heapGrowthPercent');
  const target = num(obj(json.target, 'memory target').heapGrowthPercent, 'target');
  lines.push({
    bench: 'memory',
    figure: `heap growth after warm-up, ${int(num(json.agents, 'agents'))} agents, ${num(json.simulatedMinutes, 'minutes')} simulated minutes (${num(json.heapAfterWarmUpMB, 'heap')} → ${num(json.heapAtEndMB, 'heap')} MB)`,
    result: `${growth}% (peak ${num(json.peakGrowthPercent, 'peak')}%)`,
    target: `≤ ${target}%`,
    met: growth <= target,
    gap: `${(growth - target).toFixed(1)} points over`,
    load,
    when,
  });
}

const size = read('size.json');
if (size === undefined) missing.push('bench:size (bench/out/size.json)');
else {
  const { json, when } = size;
  const budgets = json.budgets;
  if (!Array.isArray(budgets)) throw new Error('summary: size.json has no budgets');
  for (const b of budgets as Json[]) {
    const gzip = b.gzipBytes;
    const budget = num(b.issueBudget, 'issueBudget');
    lines.push({
      bench: 'size',
      figure: `${String(b.name)} (gzip)`,
      result: typeof gzip === 'number' ? kb(gzip) : 'not measured',
      target: `≤ ${kb(budget)}`,
      met: typeof gzip === 'number' && gzip <= budget,
      gap: typeof gzip === 'number' ? `${kb(gzip - budget)} over` : 'not measured',
      load: 'n/a',
      when,
    });
  }
}

const mark = (l: Line): string => (l.met === undefined ? '' : l.met ? 'yes' : `**no**, ${l.gap ?? ''}`);
const judged = lines.filter((l) => l.met !== undefined);
const md = [
  '# Benchmark summary',
  '',
  `Written by \`npm run bench\` (bench/summary.ts) from the results in bench/out. ${judged.filter((l) => l.met === true).length} of ${judged.length} targets met.`,
  'Timings come from a shared 2-core machine: the 1-minute load average is given with each figure (2.00 would mean both cores busy).',
  '',
  '| bench | figure | result | target | met | load avg (1 min) | measured |',
  '|---|---|---|---|---|---|---|',
  ...lines.map((l) => `| ${l.bench} | ${l.figure} | ${l.result} | ${l.target} | ${mark(l)} | ${l.load} | ${l.when} |`),
  ...(missing.length === 0 ? [] : ['', `Not run yet: ${missing.join(', ')}.`]),
  '',
  'How each figure is measured, and what would close the gaps: docs/performance.md and docs/size.md.',
  '',
];
const file = join(out, 'summary.md');
writeFileSync(`${file}.tmp`, md.join('\n'));
renameSync(`${file}.tmp`, file);
console.log(md.join('\n'));
