// The board's list upkeep: moving only the rows that moved gives the list a full sort would.
import { expect } from '@open-wc/testing';
import {
  BOARD_STATES,
  GROUP_KEYS,
  itemsOf,
  matches,
  movesRow,
  reshuffle,
  segment,
  SORT_KEYS,
  type BoardFilter,
  type BoardState,
  type RowModel,
  type Segments,
} from './rows.js';

/** A seeded generator, so a failure names the case that reproduces it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PRESENCE: readonly BoardState[] = ['available', 'break', 'away', 'offline'];
const TEAMS = ['t1', 't2', 't3'];

/** Only what filtering, sorting and grouping read. */
function row(id: string, state: BoardState, since: number, team: string): RowModel {
  const presence = PRESENCE.includes(state) ? state : 'available';
  return {
    id,
    agent: { id, name: `Agent ${id}`, teamIds: [team], queueIds: ['q1'], presence: { state: presence, since } },
    nameKey: `agent ${id}`,
    state,
    interactions: [],
    channels: [],
    help: false,
    monitored: false,
    alerts: [],
    nextAlertAt: Infinity,
    canOpen: false,
  } as unknown as RowModel;
}

const label = (key: string): string => `[${key}]`;
const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('fw-team-board list upkeep', () => {
  it('reshuffle after moves equals a full sort, for every sort, grouping and filter, and leaves the list on screen as it was', () => {
    const filters: BoardFilter[] = [
      { team: '', queue: '', presence: '', channel: '', search: '' },
      { team: 't2', queue: '', presence: '', channel: '', search: '' },
      { team: '', queue: '', presence: 'break', channel: '', search: '' },
    ];
    let cases = 0;
    let movedRows = 0;
    for (const sort of SORT_KEYS) {
      for (const group of GROUP_KEYS) {
        for (const [f, filter] of filters.entries()) {
          const next = random(1 + cases);
          const where = `sort ${sort}, group ${group}, filter ${f}`;
          const models = new Map<string, RowModel>();
          for (let i = 0; i < 300; i++) {
            const id = `a${String(i).padStart(3, '0')}`;
            models.set(id, row(id, BOARD_STATES[Math.floor(next() * BOARD_STATES.length)] as BoardState, 1000 + Math.floor(next() * 50), TEAMS[i % 3] as string));
          }
          // Ranks by name; the ids sort as the names do.
          const nameRank = new Map([...models.keys()].sort().map((id, i) => [id, i]));
          let segments: Segments = segment(models.values(), filter, sort, group, nameRank);
          for (let round = 0; round < 20; round++) {
            const onScreen = itemsOf(segments, group, label, order).items;
            const shown = JSON.stringify(onScreen);
            const moved = new Map<string, RowModel>();
            // A few changes, some of one row twice; the first row as placed is what counts.
            // Every fifth round moves more rows than are looked up one by one (a segment then filters).
            const changes = round % 5 === 4 ? 60 : 1 + Math.floor(next() * 8);
            for (let k = 0; k < changes; k++) {
              const id = `a${String(Math.floor(next() * 300)).padStart(3, '0')}`;
              const before = models.get(id) as RowModel;
              const state = BOARD_STATES[Math.floor(next() * BOARD_STATES.length)] as BoardState;
              const after = row(id, state, state === before.state ? before.agent.presence.since : 2000 + round, (before.agent.teamIds[0] as string) === 't3' && next() < 0.3 ? 't1' : (before.agent.teamIds[0] as string));
              models.set(id, after);
              if (movesRow(before, after, filter, sort, group) && !moved.has(id)) moved.set(id, before);
            }
            movedRows += moved.size;
            segments = reshuffle(segments, moved, (id) => models.get(id), filter, sort, group, nameRank);
            const full = segment(models.values(), filter, sort, group, nameRank);
            expect([...segments.entries()].sort(), `${where}, round ${round}`).to.deep.equal([...full.entries()].sort());
            const items = itemsOf(segments, group, label, order);
            expect(items, `${where}, round ${round}: items`).to.deep.equal(itemsOf(full, group, label, order));
            expect(items.count, `${where}: count`).to.equal([...models.values()].filter((r) => matches(r, filter)).length);
            expect(JSON.stringify(onScreen), `${where}: the list on screen is not changed in place`).to.equal(shown);
          }
          cases++;
        }
      }
    }
    expect(cases).to.equal(27);
    expect(movedRows, 'moves happened').to.be.greaterThan(1000);
  });

  it('finds a few moved rows in a whole-floor segment by their keys, without asking about every row', () => {
    const models = new Map<string, RowModel>();
    for (let i = 0; i < 10_000; i++) {
      const id = `a${String(i).padStart(5, '0')}`;
      models.set(id, row(id, BOARD_STATES[i % BOARD_STATES.length] as BoardState, 1000 + (i % 97), TEAMS[i % 3] as string));
    }
    const nameRank = new Map([...models.keys()].sort().map((id, i) => [id, i]));
    const filter: BoardFilter = { team: '', queue: '', presence: '', channel: '', search: '' };
    for (const sort of SORT_KEYS) {
      const segments = segment(models.values(), filter, sort, 'none', nameRank);
      const after = new Map(models);
      const asked = { count: 0 };
      const moved = new (class extends Map<string, RowModel> {
        override has(id: string): boolean {
          asked.count++;
          return super.has(id);
        }
      })();
      for (const i of [3, 4_321, 9_999]) {
        const id = `a${String(i).padStart(5, '0')}`;
        const before = models.get(id) as RowModel;
        moved.set(id, before);
        after.set(id, row(id, 'offline', 5000 + i, before.agent.teamIds[0] as string));
      }
      const shuffled = reshuffle(segments, moved, (id) => after.get(id), filter, sort, 'none', nameRank);
      expect([...shuffled.entries()], sort).to.deep.equal([...segment(after.values(), filter, sort, 'none', nameRank).entries()]);
      expect(asked.count, `${sort}: rows asked about`).to.be.below(100);
    }
    // Rows placed before the names were ranked compare equal: a search may land on another row,
    // which must never be the one taken out.
    const unranked = new Map<string, number>();
    const segments = segment(models.values(), filter, 'name', 'none', unranked);
    const moved = new Map([['a04321', models.get('a04321') as RowModel]]);
    const after = new Map(models).set('a04321', row('a04321', 'offline', 9000, 't1'));
    const ids = reshuffle(segments, moved, (id) => after.get(id), filter, 'name', 'none', unranked).get('') ?? [];
    expect(ids.length, 'unranked: rows').to.equal(10_000);
    expect(new Set(ids).size, 'unranked: each row once').to.equal(10_000);
  });
});
