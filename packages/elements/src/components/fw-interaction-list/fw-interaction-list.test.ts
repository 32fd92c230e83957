import type { Floorwalk, Interaction, Session } from '@floorwalk/core';
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { simulatorTestHooks } from '../../../../adapters/src/simulator/simulator.js';
import { createCentre, settle, type Centre } from '../../../test/centre.js';
import type { FwInteractionSelectEvent } from '../../events/fw-interaction-select.js';
import { commonCatalog } from '../../internal/common-strings.js';
import { setTickPeriod } from '../../internal/controllers/tick-controller.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { interactionListEs } from './fw-interaction-list.es.js';
import { FwInteractionListHarness } from './fw-interaction-list.harness.js';
import { FwInteractionList } from './fw-interaction-list.js';
import { plain } from '../../../test/isolates.js';

FwInteractionList.define('fw-interaction-list');

const AGENT: Session = { userId: 'agent-3', role: 'agent', agentId: 'agent-3', teamIds: [] };
let centre: Centre | undefined;

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: FwInteractionList): HTMLTableRowElement[] => [...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')];
const ids = (el: FwInteractionList): string[] => rows(el).map((r) => r.dataset['id']!);
const sorted = (list: readonly Interaction[]): string[] =>
  [...list].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).map((i) => i.id);
const seconds = (timer: string): number => timer.split(':').map(Number).reduce((total, n) => total * 60 + n, 0);

async function until(c: Centre, found: () => boolean, stepMs = 30_000, steps = 60): Promise<void> {
  for (let i = 0; i < steps && !found(); i++) await c.advance(stepMs);
  expect(found(), 'the simulated centre got there').to.equal(true);
}

async function mount(client: Floorwalk | undefined, attrs: Partial<Record<'agent-id' | 'team' | 'queue' | 'channel', string>> = {}) {
  const el = await fixture<FwInteractionList>(html`<fw-interaction-list
    .client=${client}
    agent-id=${attrs['agent-id'] ?? ''}
    team=${attrs.team ?? ''}
    queue=${attrs.queue ?? ''}
    channel=${attrs.channel ?? ''}
  ></fw-interaction-list>`);
  const log: FwInteractionSelectEvent[] = [];
  el.addEventListener('fw-interaction-select', (e) => log.push(e));
  return { el, log };
}

describe('fw-interaction-list', () => {
  afterEach(async () => {
    await centre?.client.disconnect();
    centre = undefined;
  });

  describe('layout', () => {
    it('scrolls its table inside itself in a narrow column: the page never scrolls sideways for it', async () => {
      centre = await createCentre();
      await centre.advance(60_000);
      // A phone-sized window, so the table's far columns lie past its edge.
      await setViewport({ width: 360, height: 800 });
      const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 200px"><fw-interaction-list .client=${centre.client}></fw-interaction-list></div>`);
      const el = wrapper.querySelector('fw-interaction-list')!;
      await el.updateComplete;
      expect(rows(el).length).to.be.above(0);
      expect(el.scrollWidth, 'the table is wider than the column').to.be.above(el.clientWidth);
      const page = document.scrollingElement!;
      try {
        expect(page.scrollWidth, 'the page is as wide as the window').to.be.at.most(page.clientWidth);
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  });

  describe('accessibility', () => {
    it('is accessible with rows, with a selection, empty and without a client', async () => {
      centre = await createCentre();
      const { el } = await mount(centre.client);
      expect(rows(el).length).to.be.above(0);
      await expect(el).to.be.accessible();
      rows(el)[0]!.click();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      const { el: empty } = await mount(centre.client, { 'agent-id': 'agent-does-not-exist' });
      expect(empty.matches(':state(empty)')).to.equal(true);
      expect(text(empty.shadowRoot!.querySelector('[part="empty"]'))).to.equal('No live interactions.');
      await expect(empty).to.be.accessible();
      const { el: lone } = await mount(undefined);
      expect(text(lone.shadowRoot!.querySelector('[part="empty"]'))).to.equal('Not connected to Floorwalk.');
      await expect(lone).to.be.accessible();
    });

    it('is a grid with a caption, column headers and selectable rows', async () => {
      centre = await createCentre();
      const { el } = await mount(centre.client);
      const table = el.shadowRoot!.querySelector('table')!;
      expect(table.getAttribute('role')).to.equal('grid');
      expect(text(table.querySelector('caption'))).to.equal('Live interactions');
      const headers = [...table.querySelectorAll('thead th')];
      expect(headers.map((h) => text(h))).to.deep.equal(['Channel', 'Direction', 'State', 'Agent', 'Queue', 'Duration', 'Hold', 'Customer']);
      expect(headers.every((h) => h.getAttribute('scope') === 'col')).to.equal(true);
      expect(rows(el).every((r) => r.getAttribute('aria-selected') === 'false')).to.equal(true);
      expect(rows(el).filter((r) => r.tabIndex === 0), 'one tab stop').to.have.length(1);
    });
  });

  describe('defaults', () => {
    it('lists every live interaction the session may see, oldest first, with its columns', async () => {
      centre = await createCentre();
      const { el } = await mount(centre.client);
      const all = centre.client.getInteractions();
      expect(ids(el)).to.deep.equal(sorted(all));
      const first = centre.client.getInteraction(ids(el)[0]!)!;
      const cells = [...rows(el)[0]!.querySelectorAll('td')].map((td) => text(td));
      expect(cells[0]!.toLowerCase()).to.equal(first.channel);
      expect(cells[1]!.toLowerCase()).to.equal(first.direction);
      expect(cells[3]).to.equal(first.agentId === undefined ? 'Waiting' : centre.client.getAgent(first.agentId)!.name);
      expect(cells[4]).to.equal(centre.client.getQueue(first.queueId!)!.name);
      expect(cells[5]).to.match(/^\d+:\d{2}$/);
    });

    it('shows customers as the policy masked them, and never more', async () => {
      centre = await createCentre();
      const { el } = await mount(centre.client);
      const withCustomer = centre.client.getInteractions().find((i) => i.customer?.name !== undefined)!;
      expect(withCustomer.customer!.masked, 'a supervisor reads customers masked by default').to.include('name');
      const cell = el.shadowRoot!.querySelector(`tr[data-id="${withCustomer.id}"] td:last-child`)!;
      expect(text(cell)).to.contain(withCustomer.customer!.name!);
      expect(text(cell)).to.contain('(masked)');
      expect(cell.querySelector('.fw-visually-hidden'), 'the masked hint is for screen readers').to.not.equal(null);
      await centre.client.disconnect();

      centre = await createCentre({ session: AGENT });
      expect(centre.client.getAgent('agent-3')).to.not.equal(undefined);
      const c = centre;
      await until(c, () => c.client.getInteractions({ agentId: 'agent-3' }).some((i) => i.customer?.name !== undefined));
      const { el: own } = await mount(c.client, { 'agent-id': 'agent-3' });
      const mine = c.client.getInteractions({ agentId: 'agent-3' }).find((i) => i.customer?.name !== undefined)!;
      expect(mine.customer!.masked ?? []).to.not.include('name');
      const ownCell = own.shadowRoot!.querySelector(`tr[data-id="${mine.id}"] td:last-child`)!;
      expect(text(ownCell)).to.contain(mine.customer!.name!);
      expect(text(ownCell)).to.not.contain('(masked)');
    });
  });

  describe('attributes and properties', () => {
    it('filters by agent-id, team, queue and channel, from attributes or properties', async () => {
      centre = await createCentre();
      const client = centre.client;
      const some = client.getInteractions().find((i) => i.agentId !== undefined)!;
      const { el } = await mount(client, { 'agent-id': some.agentId! });
      expect(el.agentId).to.equal(some.agentId);
      expect(ids(el)).to.deep.equal(sorted(client.getInteractions({ agentId: some.agentId! })));

      el.agentId = undefined;
      el.team = 'team-1';
      await el.updateComplete;
      const team1 = client.getInteractions().filter((i) => i.agentId !== undefined && client.getAgent(i.agentId)!.teamIds.includes('team-1'));
      expect(team1.length).to.be.above(0);
      expect(ids(el)).to.deep.equal(sorted(team1));

      el.team = undefined;
      el.setAttribute('queue', some.queueId!);
      await el.updateComplete;
      expect(el.queue).to.equal(some.queueId);
      expect(ids(el)).to.deep.equal(sorted(client.getInteractions({ queueId: some.queueId! })));

      el.removeAttribute('queue');
      el.setAttribute('channel', some.channel);
      await el.updateComplete;
      expect(el.channel).to.equal(some.channel);
      expect(ids(el)).to.deep.equal(sorted(client.getInteractions({ channel: some.channel })));
      expect(el.hasAttribute('team'), 'filters are not reflected').to.equal(true);
      expect(el.getAttribute('team')).to.equal('');
    });
  });

  describe('selection: user vs programmatic', () => {
    it('fires fw-interaction-select when a person picks a row, not when code sets selected', async () => {
      centre = await createCentre();
      const { el, log } = await mount(centre.client);
      const [first, second] = rows(el);
      second!.click();
      await el.updateComplete;
      expect(log.map((e) => e.interactionId)).to.deep.equal([second!.dataset['id']]);
      expect([log[0]!.bubbles, log[0]!.composed]).to.deep.equal([true, true]);
      expect(el.selected).to.equal(second!.dataset['id']);
      expect(second!.getAttribute('aria-selected')).to.equal('true');
      second!.click();
      expect(log, 'picking the selected row again is not a new selection').to.have.length(1);

      el.selected = first!.dataset['id'];
      await el.updateComplete;
      expect(first!.getAttribute('aria-selected')).to.equal('true');
      expect(second!.getAttribute('aria-selected')).to.equal('false');
      expect(log).to.have.length(1);
    });
  });

  describe('harness', () => {
    it('reads cells and selects rows as a person would', async () => {
      centre = await createCentre();
      const { el, log } = await mount(centre.client);
      const h = new FwInteractionListHarness(el);
      expect(h.rowIds()).to.deep.equal(ids(el));
      const id = h.rowIds()[0]!;
      const interaction = centre.client.getInteraction(id)!;
      expect(h.cell(id, 'state')).to.equal(commonCatalog.en.interactionState(interaction.state));
      expect(h.cell(id, 'queue')).to.equal(centre.client.getQueue(interaction.queueId!)!.name);
      expect(h.selectedId()).to.equal(undefined);
      await h.select(id);
      expect(h.selectedId()).to.equal(id);
      expect(log.map((e) => e.interactionId)).to.deep.equal([id]);
      expect(h.isEmpty()).to.equal(false);
    });
  });

  describe('keyboard', () => {
    it('tabs into one row, moves with arrows, Home, End, PageDown, and selects with Enter and Space', async () => {
      centre = await createCentre({ agents: 60 });
      const before = await fixture<HTMLButtonElement>(html`<button>before</button>`);
      const { el, log } = await mount(centre.client);
      const list = rows(el);
      expect(list.length).to.be.above(11);
      before.focus();
      await sendKeys({ press: 'Tab' });
      const focused = (): HTMLElement | null => el.shadowRoot!.activeElement as HTMLElement | null;
      expect(focused()).to.equal(list[0]);
      await sendKeys({ press: 'ArrowDown' });
      expect(focused()).to.equal(list[1]);
      await sendKeys({ press: 'End' });
      expect(focused()).to.equal(list.at(-1));
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(), 'stops at the last row').to.equal(list.at(-1));
      await sendKeys({ press: 'Home' });
      expect(focused()).to.equal(list[0]);
      await sendKeys({ press: 'PageDown' });
      expect(focused()).to.equal(list[10]);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(log.map((e) => e.interactionId)).to.deep.equal([list[10]!.dataset['id']]);
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: ' ' });
      await el.updateComplete;
      expect(log.map((e) => e.interactionId)).to.deep.equal([list[10]!.dataset['id'], list[9]!.dataset['id']]);
      expect(list.filter((r) => r.tabIndex === 0)).to.deep.equal([list[9]]);
    });
  });

  describe('live updates', () => {
    let afterTick: number | undefined;
    before(() => setTickPeriod(40));
    afterEach(() => {
      if (afterTick !== undefined) setTickPeriod(afterTick);
      afterTick = undefined;
    });
    after(() => setTickPeriod(1000));

    it('ticks durations, and adds and removes rows as the simulated centre moves', async () => {
      centre = await createCentre();
      const { el } = await mount(centre.client);
      const before = ids(el);
      centre.clock.advance(5_000);
      await aTimeout(100);
      await settle();
      for (const row of rows(el).slice(0, 5)) {
        const i = centre.client.getInteraction(row.dataset['id']!)!;
        const times = centre.client.getInteractionTimes(i.id)!;
        const ms = i.state === 'queued' || i.state === 'offered' ? times.waitMs : times.handleMs;
        expect(seconds(text(row.querySelector('.duration'))), `${i.id} ${i.state}`).to.equal(Math.floor(ms / 1000));
      }
      await centre.advance(5 * 60_000);
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(sorted(centre.client.getInteractions()));
      expect(ids(el)).to.not.deep.equal(before);
    });

    it('re-runs a row only when what it shows changed: not for the clock, another row, or a render of the rest', async () => {
      centre = await createCentre();
      const c = centre;
      const { el } = await mount(c.client);
      // Counts each run of a row's template from here on.
      const counted = new Map<string, number>();
      const host = el as unknown as { row(client: Floorwalk, i: Interaction, ...rest: unknown[]): unknown };
      const row = host.row.bind(el);
      host.row = (client, i, ...rest) => (counted.set(i.id, (counted.get(i.id) ?? 0) + 1), row(client, i, ...rest));
      const runs = (): Map<string, number> => new Map(ids(el).map((id) => [id, counted.get(id) ?? 0]));
      const duration = (id: string): string => text(el.shadowRoot!.querySelector(`tr[data-id="${id}"] .duration`));
      const expected = (id: string): string => {
        const i = c.client.getInteraction(id)!;
        const times = c.client.getInteractionTimes(id)!;
        const ms = i.state === 'queued' || i.state === 'offered' ? times.waitMs : times.handleMs;
        return `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;
      };

      // A render for nothing the rows show runs none of them.
      el.requestUpdate();
      await el.updateComplete;
      expect([...runs().values()].every((n) => n === 0), 'a render of the list re-ran rows').to.equal(true);

      // The clock: every duration moves in place; a row runs again only if its interaction changed.
      const objects = new Map(ids(el).map((id) => [id, c.client.getInteraction(id)]));
      const before = runs();
      c.clock.advance(7_000);
      await aTimeout(100);
      await settle();
      await el.updateComplete;
      const kept = ids(el).filter((id) => objects.get(id) === c.client.getInteraction(id));
      expect(kept.length, 'most interactions did not change in 7 s').to.be.above(ids(el).length / 2);
      for (const id of kept) expect(runs().get(id), `${id} ran again for the clock`).to.equal(before.get(id));
      for (const id of ids(el)) expect(duration(id), id).to.equal(expected(id));

      // One interaction put on hold: its row alone runs again, and shows it.
      const held = c.client.getInteractions().find((i) => i.state === 'connected' && ids(el).includes(i.id))!;
      const unchanged = runs();
      simulatorTestHooks(c.adapter).injectRaw({ type: 'interaction', interaction: { ...held, state: 'held', heldAt: c.clock.now() } });
      await settle();
      await el.updateComplete;
      expect(c.client.getInteraction(held.id)!.state).to.equal('held');
      expect(text(el.shadowRoot!.querySelector<HTMLTableRowElement>(`tr[data-id="${held.id}"]`)!.cells[6])).to.equal('On hold');
      const ran = ids(el).filter((id) => runs().get(id) !== unchanged.get(id));
      expect(ran).to.deep.equal([held.id]);
      expect(duration(held.id)).to.equal(expected(held.id));

      // Selecting a row runs the rows whose selection or tab stop changed, no other.
      const [, second] = ids(el);
      const picked = runs();
      rows(el)[1]!.click();
      await el.updateComplete;
      expect(ids(el).filter((id) => runs().get(id) !== picked.get(id)).sort()).to.deep.equal([ids(el)[0]!, second!].sort());
    });

    it('writes a row’s duration whenever the row runs again, whatever the ticker wrote in between', async () => {
      setTickPeriod(3_600_000);
      afterTick = 40;
      centre = await createCentre();
      const { el } = await mount(centre.client);
      const [row] = rows(el);
      const cell = row!.querySelector<HTMLElement>('.duration')!;
      const shown = text(cell);
      // As the ticker does: the text changes under Lit, and the time has not moved since, so the
      // row's next run computes the very string Lit wrote last.
      cell.textContent = '9:99';
      row!.click();
      await el.updateComplete;
      expect(row!.getAttribute('aria-selected')).to.equal('true');
      expect(text(cell)).to.equal(shown);
    });

    it('with a team filter, renders for agents of the team, not for every agent on the floor', async () => {
      // No ticks: only the store's batches may render.
      setTickPeriod(3_600_000);
      afterTick = 40;
      centre = await createCentre();
      const c = centre;
      const { el } = await mount(c.client, { team: 'team-1' });
      let renders = 0;
      const render = (el as unknown as { render(): unknown }).render.bind(el);
      (el as unknown as { render(): unknown }).render = () => (renders++, render());
      const inject = (record: unknown): void => simulatorTestHooks(c.adapter).injectRaw(record);
      const others = c.client.getAgents().filter((a) => !a.teamIds.includes('team-1'));
      expect(others.length).to.be.above(2);
      for (const [k, agent] of others.entries()) {
        inject({ type: 'presence', agentId: agent.id, presence: { state: k % 2 === 0 ? 'break' : 'available', since: c.clock.now() } });
        await settle();
      }
      expect(renders, 'presence changes outside the team rendered nothing').to.equal(0);

      // A render reads the team's agents' own interactions, not every live one on the floor.
      const floorWide: unknown[] = [];
      const getInteractions = c.client.getInteractions.bind(c.client);
      (c.client as { getInteractions: typeof getInteractions }).getInteractions = (filter) => {
        if (filter?.agentId === undefined) floorWide.push(filter);
        return getInteractions(filter);
      };
      const before = ids(el);
      el.requestUpdate();
      await el.updateComplete;
      expect(floorWide).to.deep.equal([]);
      expect(ids(el)).to.deep.equal(before);
      renders = 0;

      // One who joins the team brings their interactions into the list.
      const joining = others.find((a) => c.client.getInteractions({ agentId: a.id }).length > 0)!;
      inject({ type: 'agent', agent: { ...joining, teamIds: ['team-1'] } });
      await settle();
      await el.updateComplete;
      expect(renders).to.equal(1);
      for (const i of c.client.getInteractions({ agentId: joining.id })) expect(ids(el)).to.include(i.id);
      // And leaving it takes them out.
      inject({ type: 'agent', agent: { ...joining, teamIds: [] } });
      await settle();
      await el.updateComplete;
      for (const i of c.client.getInteractions({ agentId: joining.id })) expect(ids(el)).to.not.include(i.id);
    });

    it('renders for a name shown in a row, not for its agent’s presence or its queue’s statistics', async () => {
      // No ticks: only the store's batches may render.
      setTickPeriod(3_600_000);
      afterTick = 40;
      centre = await createCentre();
      const c = centre;
      const shown = c.client.getInteractions().find((i) => i.agentId !== undefined && i.queueId !== undefined)!;
      const { el } = await mount(c.client, { queue: shown.queueId! });
      let renders = 0;
      const render = (el as unknown as { render(): unknown }).render.bind(el);
      (el as unknown as { render(): unknown }).render = () => (renders++, render());
      const inject = (record: unknown): void => simulatorTestHooks(c.adapter).injectRaw(record);
      const agent = c.client.getAgent(shown.agentId!)!;
      inject({ type: 'presence', agentId: agent.id, presence: { state: agent.presence.state === 'break' ? 'available' : 'break', since: c.clock.now() } });
      inject({ type: 'queue-stats', queueId: shown.queueId, stats: { waiting: 99, oldestWaitingSince: null, agentsAvailable: 0, offered: 1, answered: 0, abandoned: 0 } });
      await settle();
      await el.updateComplete;
      expect(c.client.getQueue(shown.queueId!)!.stats?.waiting, 'the statistics arrived').to.equal(99);
      expect(renders).to.equal(0);

      inject({ type: 'agent', agent: { ...c.client.getAgent(agent.id)!, name: 'Renamed Agent' } });
      await settle();
      await el.updateComplete;
      expect(renders).to.equal(1);
      expect(text(el.shadowRoot!.querySelector<HTMLTableRowElement>(`tr[data-id="${shown.id}"]`)!.cells[3])).to.equal('Renamed Agent');
    });

    it('keeps focus in the list when the focused row’s interaction ends', async () => {
      centre = await createCentre();
      const c = centre;
      await until(c, () => c.client.getInteractions({ state: 'wrap-up' }).length > 0, 2_000);
      const { el } = await mount(c.client);
      const wrapping = c.client.getInteractions({ state: 'wrap-up' })[0]!;
      const row = el.shadowRoot!.querySelector<HTMLElement>(`tr[data-id="${wrapping.id}"]`)!;
      row.focus();
      await until(c, () => c.client.getInteraction(wrapping.id)?.state === 'ended', 10_000, 30);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector(`tr[data-id="${wrapping.id}"]`)).to.equal(null);
      const now = el.shadowRoot!.activeElement as HTMLElement | null;
      expect(now?.dataset['id'], 'focus moved to a neighbouring row').to.be.a('string');
      expect(now!.tabIndex).to.equal(0);
    });
    it('keeps one tab stop, on the row that took focus, when the focused row’s interaction ends', async () => {
      setTickPeriod(3_600_000);
      afterTick = 40;
      centre = await createCentre();
      const c = centre;
      const { el } = await mount(c.client);
      const [, second, third] = ids(el);
      const focused = el.shadowRoot!.querySelector<HTMLElement>(`tr[data-id="${second}"]`)!;
      focused.focus();
      await el.updateComplete;
      const i = c.client.getInteraction(second!)!;
      simulatorTestHooks(c.adapter).injectRaw({ type: 'interaction', interaction: { ...i, state: 'ended', endedAt: c.clock.now() } });
      await settle();
      await el.updateComplete;
      expect(ids(el)).to.not.include(second);
      expect((el.shadowRoot!.activeElement as HTMLElement | null)?.dataset['id']).to.equal(third);
      expect(rows(el).filter((r) => r.tabIndex === 0).map((r) => r.dataset['id'])).to.deep.equal([third]);
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'interaction-list': interactionListEs } });
      centre = await createCentre();
      const el = await fixture<FwInteractionList>(html`<fw-interaction-list lang="es" .client=${centre.client}></fw-interaction-list>`);
      const headers = [...el.shadowRoot!.querySelectorAll('thead th')].map((h) => text(h));
      expect(headers).to.deep.equal(['Canal', 'Dirección', 'Estado', 'Agente', 'Cola', 'Duración', 'Espera', 'Cliente']);
      expect(text(el.shadowRoot!.querySelector('caption'))).to.equal('Interacciones en curso');
      expect(rows(el).some((r) => /Entrante|Saliente/.test(text(r.children[1])))).to.equal(true);
      const first = centre.client.getInteraction(rows(el)[0]!.dataset['id']!)!;
      expect(text(rows(el)[0]!.cells[0])).to.equal(commonEs.channel(first.channel));
      expect(text(rows(el)[0]!.cells[2])).to.equal(commonEs.interactionState(first.state));
      expect(text(rows(el)[0]!.querySelector('.duration'))).to.match(/^\d+:\d{2}$/);
      await expect(el).to.be.accessible();
    });
  });

  describe('theming', () => {
    it('takes --fw-interaction-list-* knobs from an ancestor', async () => {
      centre = await createCentre();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--fw-interaction-list-header-background: rgb(7, 8, 9)">
          <fw-interaction-list .client=${centre.client}></fw-interaction-list>
        </div>`,
      );
      const el = wrapper.querySelector('fw-interaction-list')!;
      await el.updateComplete;
      expect(getComputedStyle(el.shadowRoot!.querySelector('thead th')!).backgroundColor).to.equal('rgb(7, 8, 9)');
    });
  });
});
