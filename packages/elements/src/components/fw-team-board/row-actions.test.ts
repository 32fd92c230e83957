import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { Floorwalk, MonitoringSessionNotice, Session } from '@floorwalk/core';
import { ignoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { simulatorTestHooks } from '../../../../adapters/src/simulator/simulator.js';
import { createCentre, newestCall, settle, type Centre, type CentreOptions } from '../../../test/centre.js';
import { FwMessageAgentEvent } from '../../events/fw-message-agent.js';
import { FwMonitoringChangedEvent } from '../../events/fw-monitoring-changed.js';
import type { FwMonitoringFailedEvent } from '../../events/fw-monitoring-failed.js';
import type { FwMonitoringRequestEvent } from '../../events/fw-monitoring-request.js';
import { FwProposeCheckInEvent } from '../../events/fw-propose-check-in.js';
import type { FwInternalAnnounceEvent } from '../../events/fw-internal-announce.js';
import { registerTranslation } from '../../internal/localize.js';
import { es } from '../../translations/es.js';
import { FwTeamBoard } from './fw-team-board.js';
import { FwTeamBoardHarness } from './fw-team-board.harness.js';
import { plain } from '../../../test/isolates.js';

FwTeamBoard.define('fw-team-board');

let restoreOnError: (() => void) | undefined;
before(async () => {
  restoreOnError = ignoreWindowResizeObserverLoopErrors();
  await setViewport({ width: 1200, height: 2000 });
});
after(() => restoreOnError?.());

const TALL = '--fw-team-board-height: 4000px';

describe('fw-team-board row actions', () => {
  let centres: Centre[] = [];
  let announced: string[] = [];
  const onAnnounce = (event: FwInternalAnnounceEvent): void => void announced.push(plain(event.message));
  beforeEach(() => {
    announced = [];
    document.addEventListener('fw-internal-announce', onAnnounce);
  });
  afterEach(async () => {
    document.removeEventListener('fw-internal-announce', onAnnounce);
    for (const c of centres) await c.close();
    centres = [];
    document.documentElement.removeAttribute('lang');
  });
  const centre = async (options: CentreOptions = {}): Promise<Centre> => {
    const c = await createCentre(options);
    centres.push(c);
    return c;
  };

  async function board(client: Floorwalk, style = TALL): Promise<[FwTeamBoard, FwTeamBoardHarness]> {
    const el = await fixture<FwTeamBoard>(html`<fw-team-board style=${style} .client=${client}></fw-team-board>`);
    const h = new FwTeamBoardHarness(el);
    await h.settled();
    await waitUntil(() => h.rows().length > 0, 'rows render');
    return [el, h];
  }

  /** The agent most recently connected to a customer: their call outlasts a test's few simulated seconds. */
  function liveAgent(client: Floorwalk): { agentId: string; interactionId: string } {
    const i = newestCall(client);
    if (i === undefined) throw new Error('nobody is on a connected interaction');
    return { agentId: i.agentId!, interactionId: i.id };
  }

  /** An agent signed out with nothing to monitor (the simulation leaves them alone for hours). */
  function idleAgent(client: Floorwalk): string {
    const a = client.getAgents().find((x) => x.presence.state === 'offline' && client.getInteractions({ agentId: x.id }).length === 0);
    if (a === undefined) throw new Error('no idle agent');
    return a.id;
  }

  /** Focuses the grid and makes `agentId`'s actions cell current, by keyboard. */
  async function toActionsCell(h: FwTeamBoardHarness, agentId: string): Promise<void> {
    h.grid().focus();
    await h.settled();
    const ids = h.agentIds();
    for (let i = 0; i < ids.indexOf(agentId); i++) await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'End' });
    await h.settled();
    expect(h.activeCell()?.closest('[role="row"]')?.getAttribute('data-key')).to.equal(agentId);
    expect(h.activeCell()?.getAttribute('data-column')).to.equal('5');
  }

  const focusedItem = (el: FwTeamBoard): string | undefined => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset['item'];

  describe('keyboard', () => {
    it('opens from the actions cell with Enter, Space and Alt+ArrowDown; arrows rove; Escape returns to the cell', async () => {
      const c = await centre();
      const [el, h] = await board(c.client);
      const target = h.agentIds()[2]!;
      await toActionsCell(h, target);
      expect(h.activeCell()?.querySelector('[part~="action"]')?.getAttribute('aria-haspopup')).to.equal('menu');

      await sendKeys({ press: 'Enter' });
      await h.settled();
      expect(h.menu(), 'Enter opens').to.not.equal(null);
      expect(h.actionButton(target)?.getAttribute('aria-expanded')).to.equal('true');
      expect(focusedItem(el)).to.equal('listen');
      await sendKeys({ press: 'ArrowDown' });
      await h.settled();
      expect(focusedItem(el)).to.equal('whisper');
      await sendKeys({ press: 'End' });
      await h.settled();
      expect(focusedItem(el)).to.equal(h.menuItems().at(-1)!.id);
      await sendKeys({ press: 'ArrowDown' });
      await h.settled();
      expect(focusedItem(el), 'wraps').to.equal('listen');
      await sendKeys({ press: 'Escape' });
      await h.settled();
      expect(h.menu(), 'Escape closes').to.equal(null);
      expect(el.shadowRoot!.activeElement).to.equal(h.grid());
      expect(h.activeCell()?.closest('[role="row"]')?.getAttribute('data-key')).to.equal(target);
      expect(h.activeCell()?.getAttribute('data-column')).to.equal('5');
      expect(h.actionButton(target)?.getAttribute('aria-expanded')).to.equal('false');

      await sendKeys({ press: 'Space' });
      await h.settled();
      expect(h.menu(), 'Space opens').to.not.equal(null);
      await sendKeys({ press: 'Escape' });
      await h.settled();
      await sendKeys({ down: 'Alt' });
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ up: 'Alt' });
      await h.settled();
      expect(h.menu(), 'Alt+ArrowDown opens').to.not.equal(null);
      await sendKeys({ press: 'Tab' });
      await h.settled();
      expect(h.menu(), 'Tab closes').to.equal(null);

      // Plain ArrowDown on the actions cell still moves to the next row: the grid's own model.
      h.grid().focus();
      await sendKeys({ press: 'ArrowDown' });
      await h.settled();
      expect(h.menu()).to.equal(null);
      expect(h.activeCell()?.closest('[role="row"]')?.getAttribute('data-key')).to.equal(h.agentIds()[3]);
    });

    it('opens the presence submenu with ArrowRight and leaves it with ArrowLeft', async () => {
      const c = await centre();
      const [el, h] = await board(c.client);
      const target = h.agentIds()[0]!;
      await toActionsCell(h, target);
      await sendKeys({ press: 'Enter' });
      await h.settled();
      // Type-ahead: "s" reaches "Set presence".
      await sendKeys({ press: 's' });
      await h.settled();
      expect(focusedItem(el)).to.equal('presence');
      await sendKeys({ press: 'ArrowRight' });
      await h.settled();
      expect(h.submenu()).to.not.equal(null);
      expect(h.menuItem('presence')?.getAttribute('aria-expanded')).to.equal('true');
      expect(focusedItem(el)?.startsWith('presence:')).to.equal(true);
      const labels = h.menuItems('submenu').map((i) => plain(i.label));
      expect(labels).to.include('Break: Coffee');
      expect(labels).to.include('Available');
      await sendKeys({ press: 'ArrowLeft' });
      await h.settled();
      expect(h.submenu()).to.equal(null);
      expect(focusedItem(el)).to.equal('presence');
      await sendKeys({ press: 'Escape' });
      await h.settled();
      expect(h.menu()).to.equal(null);
    });

    it("brings the menu's styles into the board's shadow root when a first menu opens, and keeps the board's own", async () => {
      const c = await centre();
      const [el, h] = await board(c.client);
      const root = el.shadowRoot!;
      const hasMenuRules = (): boolean => root.adoptedStyleSheets.some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('.menu-popup')));
      const before = root.adoptedStyleSheets.length;
      expect(hasMenuRules(), 'no menu rules before a menu opens').to.equal(false);
      const menu = await h.openActions(h.agentIds()[0]!);
      expect(hasMenuRules(), 'menu rules once one opens').to.equal(true);
      expect(root.adoptedStyleSheets.length).to.equal(before + 1);
      expect(getComputedStyle(menu).display).to.equal('flex');
      expect(getComputedStyle(menu.parentElement!).position).to.equal('fixed');
      // A second opening adds nothing more.
      await sendKeys({ press: 'Escape' });
      await h.settled();
      await h.openActions(h.agentIds()[1]!);
      expect(root.adoptedStyleSheets.length).to.equal(before + 1);
    });

    it('keeps the menu and the presence submenu inside a short viewport', async () => {
      await setViewport({ width: 1000, height: 480 });
      try {
        const c = await centre();
        const [, h] = await board(c.client, '--fw-team-board-height: 200px');
        await h.openActions(h.agentIds()[0]!);
        (h.menuItem('presence') as HTMLElement).click();
        await h.settled();
        for (const menu of [h.menu()!, h.submenu()!]) {
          const r = menu.getBoundingClientRect();
          expect(r.top, 'top inside').to.be.at.least(0);
          expect(r.bottom, 'bottom inside').to.be.at.most(window.innerHeight);
          expect(r.left, 'start inside').to.be.at.least(0);
          expect(r.right, 'end inside').to.be.at.most(window.innerWidth);
        }
      } finally {
        await setViewport({ width: 1200, height: 2000 });
      }
    });

    it('keeps focus in the menu across a live re-render of the row, and after the row is virtualised away and back', async () => {
      const c = await centre({ agents: 400 });
      const [el, h] = await board(c.client, '--fw-team-board-height: 300px');
      const target = h.agentIds()[0]!;
      await toActionsCell(h, target);
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'ArrowDown' });
      await h.settled();
      expect(focusedItem(el)).to.equal('whisper');
      const before = el.renderCounts.get(target) ?? 0;
      simulatorTestHooks(c.adapter).injectRaw({ type: 'presence', agentId: target, presence: { state: 'meeting', since: c.clock.now() } });
      await settle();
      await h.settled();
      expect(el.renderCounts.get(target), 'the row re-rendered').to.be.greaterThan(before);
      expect(h.cellText(target, 'presence')).to.contain('Meeting');
      expect(focusedItem(el), 'focus stayed on the same item').to.equal('whisper');

      await h.scrollTo(h.scroller().scrollHeight / 2);
      await waitUntil(() => h.row(target) === null, 'row virtualised away');
      expect(focusedItem(el), 'focus stays in the menu while its row is gone').to.equal('whisper');
      await sendKeys({ press: 'Escape' });
      await h.settled();
      await waitUntil(() => h.row(target) !== null, 'row scrolled back');
      expect(el.shadowRoot!.activeElement).to.equal(h.grid());
      expect(h.activeCell()?.closest('[role="row"]')?.getAttribute('data-key')).to.equal(target);
      expect(h.activeCell()?.getAttribute('data-column')).to.equal('5');
    });
  });

  describe('monitoring', () => {
    it("starts a whisper, the agent's seat gets the notice; switches to barge; stops", async () => {
      const c = await centre();
      const { agentId, interactionId } = liveAgent(c.client);
      const agentSession: Session = { userId: agentId, role: 'agent', agentId, teamIds: [] };
      const seat = await c.seat(agentSession);
      const notices: MonitoringSessionNotice[] = [];
      // Any other kind would leave the list empty and fail the wait below.
      seat.on('monitoring', (n) => void ('session' in n && notices.push(n)));
      const [el, h] = await board(c.client);
      const changed: FwMonitoringChangedEvent[] = [];
      el.addEventListener('fw-monitoring-changed', (e) => changed.push(e));

      await h.openActions(agentId);
      expect(h.menuItems().slice(0, 3).map((i) => [i.id, i.disabled])).to.deep.equal([
        ['listen', false],
        ['whisper', false],
        ['barge', false],
      ]);
      await h.chooseAction(agentId, 'whisper');
      expect(h.actionButton(agentId)?.textContent).to.contain('Pending');
      expect(h.actionButton(agentId)?.getAttribute('aria-busy')).to.equal('true');
      expect(plain(h.actionMessage())).to.match(/^Starting Whisper… waiting/);
      await c.advance(500);
      await h.settled();
      await waitUntil(() => notices.length > 0, 'the agent is told');
      expect(notices[0]!.kind).to.equal('started');
      expect(notices[0]!.session.mode).to.equal('whisper');
      expect(notices[0]!.session.interactionId).to.equal(interactionId);
      const name = c.client.getAgent(agentId)!.name;
      await waitUntil(() => announced.includes(`Monitoring ${name} in whisper mode.`), 'success announced');
      expect(changed.map((e) => [e.action, e.mode])).to.deep.equal([['start', 'whisper']]);
      expect(plain(h.monitoringFlag(agentId))).to.equal('You are monitoring: Whisper');
      expect(h.actionButton(agentId)?.textContent).to.not.contain('Pending');

      await h.openActions(agentId);
      const items = h.menuItems();
      const whisper = items.find((i) => i.id === 'whisper')!;
      expect({ ...whisper, label: plain(whisper.label) }).to.include({ checked: true, label: 'Whisper (current)' });
      expect(items.find((i) => i.id === 'barge')).to.include({ checked: false, disabled: false });
      expect(items.map((i) => i.id)).to.include('stop');
      await h.chooseAction(agentId, 'barge');
      await c.advance(500);
      await waitUntil(() => notices.length > 1, 'the agent is told of the switch');
      expect(notices[1]!.kind).to.equal('mode-changed');
      expect(notices[1]!.session.mode).to.equal('barge');
      await h.settled();
      expect(plain(h.monitoringFlag(agentId))).to.equal('You are monitoring: Barge');

      await h.chooseAction(agentId, 'stop');
      await c.advance(500);
      await waitUntil(() => notices.length > 2, 'the agent is told it ended');
      expect(notices[2]!.kind).to.equal('ended');
      await h.settled();
      await waitUntil(() => h.monitoringFlag(agentId) === '', 'flag gone');
      expect(changed.map((e) => e.action)).to.deep.equal(['start', 'change', 'stop']);
      expect(announced).to.include(`Stopped monitoring ${name}.`);
      expect(seat.getMonitoringSessions({ agentId, active: true })).to.have.length(0);
    });

    it("shows another supervisor's monitoring with its mode", async () => {
      const c = await centre();
      const { agentId, interactionId } = liveAgent(c.client);
      // A floor lead over every team, whom the simulator lists as no team's supervisor (its word is its client's).
      const other = await c.seat({ userId: 'lead-2', role: 'supervisor', teamIds: 'all' });
      const [, h] = await board(c.client);
      await other.startMonitoring(agentId, interactionId, 'listen');
      await c.advance(500);
      await h.settled();
      await waitUntil(() => h.monitoringFlag(agentId) !== '', 'flag shows');
      expect(plain(h.monitoringFlag(agentId))).to.equal('Being monitored: Listen');
      // This supervisor does not hold that session: the menu offers a start, not a stop.
      await h.openActions(agentId);
      expect(h.menuItems().map((i) => i.id)).to.not.include('stop');
    });

    it('flags a screen view the platform reports, and offers to start monitoring beside it, never to switch or stop it', async () => {
      const c = await centre();
      const { agentId, interactionId } = liveAgent(c.client);
      const [, h] = await board(c.client);
      const at = c.clock.now();
      // Genesys' conversation-level screen monitoring, started by this supervisor in Genesys' own tools.
      const session = { id: `${interactionId}:leg-screen`, mode: 'screen', supervisorId: 'sup-1', agentId, interactionId, startedAt: at } as const;
      await c.emit([{ type: 'monitoring', id: 'screen-start', at, source: 'test', session }]);
      await h.settled();
      await waitUntil(() => h.monitoringFlag(agentId) !== '', 'flag shows');
      expect(plain(h.monitoringFlag(agentId))).to.equal('You are monitoring: Screen');
      await h.openActions(agentId);
      const items = h.menuItems();
      expect(items.map((i) => i.id)).to.not.include('stop');
      expect(items.map((i) => i.id)).to.not.include('screen');
      expect(items.slice(0, 3).map((i) => [i.id, i.disabled, i.checked])).to.deep.equal([
        ['listen', false, undefined],
        ['whisper', false, undefined],
        ['barge', false, undefined],
      ]);
    });

    it("shows a row's presence reason and its monitoring flag's mode whole on a narrow board, not cut off", async () => {
      // On Genesys the demo's board read "Available · On …" in every row and "You are monitoring"
      // without its mode: the cells clipped one line. Their text content was whole all along.
      const c = await centre();
      const { agentId, interactionId } = liveAgent(c.client);
      simulatorTestHooks(c.adapter).injectRaw({
        type: 'presence',
        agentId,
        presence: { state: 'available', since: c.clock.now(), reason: { id: 'on-queue', label: 'On Queue' } },
      });
      // About the width the demo gives it beside the agent pane.
      const [, h] = await board(c.client, `${TALL}; inline-size: 56rem`);
      await c.client.startMonitoring(agentId, interactionId, 'listen');
      await c.advance(500);
      await h.settled();
      await waitUntil(() => h.monitoringFlag(agentId) !== '', 'flag shows');
      const row = h.row(agentId)!;
      const reason = row.querySelector<HTMLElement>('.reason')!;
      expect(plain(reason.textContent!)).to.contain('On Queue');
      for (const part of [reason, row.querySelector<HTMLElement>('[part~="monitoring"]')!]) {
        const cell = part.closest<HTMLElement>('[role="gridcell"]')!;
        const shown = cell.getBoundingClientRect();
        const text = document.createRange();
        text.selectNodeContents(part);
        for (const box of text.getClientRects()) {
          expect(box.right, `${plain(part.textContent!)} ends inside its cell`).to.be.at.most(shown.right + 0.5);
          expect(box.bottom, `${plain(part.textContent!)} ends above the cell's bottom`).to.be.at.most(shown.bottom + 0.5);
        }
        expect(part.scrollWidth, `${plain(part.textContent!)} is not cut by an ellipsis`).to.be.at.most(part.clientWidth);
      }
    });

    it('flags the mode it joined in, not a screen view of its own reported after it', async () => {
      const c = await centre();
      const { agentId, interactionId } = liveAgent(c.client);
      const [, h] = await board(c.client);
      await c.client.startMonitoring(agentId, interactionId, 'listen');
      await c.advance(500);
      await h.settled();
      await waitUntil(() => h.monitoringFlag(agentId) !== '', 'flag shows');
      const at = c.clock.now();
      // Then this supervisor opens Genesys' own screen view of the same agent.
      const session = { id: `${interactionId}:leg-screen`, mode: 'screen', supervisorId: 'sup-1', agentId, interactionId, startedAt: at } as const;
      await c.emit([{ type: 'monitoring', id: 'screen-start', at, source: 'test', session }]);
      await h.settled();
      expect(plain(h.monitoringFlag(agentId)), 'what the row’s menu acts on').to.equal('You are monitoring: Listen');
    });

    it('keeps Stop in an open menu, disabled with why, when the session ends under it, and focus on it', async () => {
      const c = await centre();
      const { agentId, interactionId } = liveAgent(c.client);
      const [el, h] = await board(c.client);
      await c.client.startMonitoring(agentId, interactionId, 'listen');
      await c.advance(500);
      await h.settled();
      await h.openActions(agentId);
      const before = h.menuItems().map((i) => i.id);
      expect(before).to.include('stop');
      expect(h.menuItems().find((i) => i.id === 'stop')).to.include({ disabled: false });
      (h.menuItem('stop') as HTMLElement).focus();
      await h.settled();
      expect(focusedItem(el), 'the keyboard is on Stop').to.equal('stop');
      // The call ends while the menu is open: the session ends with it.
      for (let i = 0; i < 200 && ['connected', 'held'].includes(c.client.getInteraction(interactionId)?.state ?? ''); i++) c.clock.advance(5000);
      await c.advance(500);
      await h.settled();
      await waitUntil(() => c.client.getMonitoringSessions({ agentId, active: true }).length === 0, 'the session ended');
      await waitUntil(() => h.menuItems().find((i) => i.id === 'listen')?.disabled === true, 'the menu re-rendered');
      // Nothing moved: the same items in the same places, Stop disabled and saying why.
      expect(h.menuItems().map((i) => i.id)).to.deep.equal(before);
      expect(h.menuItems().find((i) => i.id === 'stop')).to.include({ disabled: true, reason: 'Monitoring has ended.' });
      expect(focusedItem(el), 'focus stays on Stop, not thrown to the first item').to.equal('stop');
      // A menu opened afresh offers no Stop.
      await sendKeys({ press: 'Escape' });
      await h.settled();
      expect(h.menu(), 'Escape closes').to.equal(null);
      await h.openActions(agentId);
      expect(h.menuItems().map((i) => i.id)).to.not.include('stop');
    });

    it('announces a refusal with the error message and fires fw-monitoring-failed', async () => {
      const c = await centre();
      const { agentId, interactionId } = liveAgent(c.client);
      const [el, h] = await board(c.client);
      let changed = 0;
      el.addEventListener('fw-monitoring-changed', () => changed++);
      await h.openActions(agentId);
      // The call ends after the menu was drawn and before it re-renders: the core refuses the start.
      for (let i = 0; i < 200 && ['connected', 'held'].includes(c.client.getInteraction(interactionId)?.state ?? ''); i++) c.clock.advance(5000);
      expect(['connected', 'held']).to.not.include(c.client.getInteraction(interactionId)?.state);
      const failing = oneEvent(el, 'fw-monitoring-failed');
      (h.menuItem('listen') as HTMLElement).click();
      const failed = (await failing) as unknown as FwMonitoringFailedEvent;
      expect(failed.agentId).to.equal(agentId);
      await h.settled();
      const text = `Could not complete: Starting Listen. ${failed.error.message}`;
      expect(plain(h.actionMessage())).to.equal(text);
      await waitUntil(() => announced.includes(text), 'announced');
      expect(h.actionButton(agentId)?.getAttribute('aria-busy')).to.equal(null);
      expect(changed).to.equal(0);
    });
  });

  describe('sessions on agents who left the teams', () => {
    /** A supervisor of team-1 and the agent there most recently connected to a customer. */
    async function teamOne(): Promise<{ c: Centre; agentId: string; interactionId: string }> {
      const c = await centre({ session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
      return { c, ...liveAgent(c.client) };
    }

    /** Lent to team-2: the platform reports the move, and the supervisor's store no longer holds them. */
    async function moveOut(c: Centre, agentId: string): Promise<void> {
      await c.emit([{ type: 'agent', id: `moved-out-${agentId}`, at: c.clock.now(), source: c.adapter.id, agent: { ...c.client.getAgent(agentId)!, teamIds: ['team-2'] } }]);
      expect(c.client.getAgent(agentId), 'out of the store').to.equal(undefined);
    }

    /** Records the commands that reach the platform (a spy on the real adapter, not a stub). */
    function sentTypes(c: Centre): string[] {
      const sent: string[] = [];
      const adapter = c.adapter as { execute: Centre['adapter']['execute'] };
      const real = adapter.execute.bind(c.adapter);
      adapter.execute = (command) => {
        sent.push(command.type);
        return real(command);
      };
      return sent;
    }

    /** A board over team-1 whose supervisor listens to its agent on a live call, started elsewhere (a coaching panel): the board has loaded nothing of its menu yet. */
    async function listening() {
      const { c, agentId, interactionId } = await teamOne();
      const [el, h] = await board(c.client);
      await c.client.startMonitoring(agentId, interactionId, 'listen');
      await c.advance(400);
      await h.settled();
      expect(plain(h.monitoringFlag(agentId))).to.equal('You are monitoring: Listen');
      expect(h.away(), 'in view: its row has the Stop').to.deep.equal([]);
      return { c, agentId, interactionId, el, h };
    }

    it('lists its own session once the agent moved out, passes axe, and its Stop ends it; the line goes when it has', async function () {
      this.timeout(30_000);
      const { c, agentId, interactionId, el, h } = await listening();

      await moveOut(c, agentId);
      await h.settled();
      expect(h.row(agentId), 'no row').to.equal(null);
      expect(h.away().map(plain)).to.deep.equal([`You are still monitoring ${agentId} (Listen), who is no longer in your view. It ends by itself shortly.`]);
      await expect(el).to.be.accessible();

      const sent = sentTypes(c);
      const asked = oneEvent(el, 'fw-monitoring-request') as unknown as Promise<FwMonitoringRequestEvent>;
      await h.stopAway();
      const request = await asked;
      expect([request.action, request.agentId, request.mode, request.interactionId]).to.deep.equal(['stop', agentId, 'listen', interactionId]);
      expect(plain(h.actionMessage())).to.match(/^Stopping… waiting/);
      await c.advance(400);
      await h.settled();
      expect(sent).to.deep.equal(['stop-monitoring']);
      expect(c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true })).to.deep.equal([]);
      await waitUntil(() => h.away().length === 0, 'the line goes once the session has ended');
      expect(announced).to.include(`Stopped monitoring ${agentId}.`);
      expect(plain(h.actionMessage())).to.equal(`Stopped monitoring ${agentId}.`);
    });

    it("lists its own session the platform did not take off when the call ended (outlivesCall), though the agent keeps a row, and its Stop ends it", async function () {
      this.timeout(30_000);
      const { c, agentId, interactionId, el, h } = await listening();
      const session = c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true })[0]!;
      const call = c.client.getInteraction(interactionId)!;
      // Twilio refused to take the leg off at wrap-up (a 403): the session is reported running again.
      const at = c.clock.now() + 1;
      await c.emit([
        { type: 'interaction', id: 'to-wrap-up', at, source: c.adapter.id, interaction: { ...call, state: 'wrap-up', wrapUpAt: at } },
        { type: 'monitoring', id: 'kept', at, source: c.adapter.id, session: { ...session, outlivesCall: true } },
      ]);
      await h.settled();
      expect(h.row(agentId), 'still on the board').to.not.equal(null);
      expect(c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true }).length).to.equal(1);
      await waitUntil(() => h.away().length === 1, 'a line with its Stop: no row offers one without a live call');
      const name = c.client.getAgent(agentId)!.name;
      expect(h.away().map(plain)).to.deep.equal([`You are still monitoring ${name} (Listen), whose call ended: the platform did not take you off. It goes on until you stop it.`]);
      await expect(el).to.be.accessible();
      registerTranslation(es);
      el.setAttribute('lang', 'es');
      await h.settled();
      expect(h.away().map(plain)).to.deep.equal([`Sigue supervisando a ${name} (Escuchar), cuya llamada terminó: la plataforma no le retiró. Continúa hasta que la termine.`]);
      el.setAttribute('lang', 'en');
      await h.settled();

      const sent = sentTypes(c);
      await h.stopAway();
      await c.advance(400);
      await h.settled();
      expect(sent).to.deep.equal(['stop-monitoring']);
      expect(c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true })).to.deep.equal([]);
      await waitUntil(() => h.away().length === 0, 'the line goes once the session has ended');
    });

    it('says a barge goes on until stopped or the call ends, in English and Spanish', async () => {
      const { c, agentId, interactionId } = await teamOne();
      const [el, h] = await board(c.client);
      await c.client.startMonitoring(agentId, interactionId, 'barge');
      await c.advance(400);
      await moveOut(c, agentId);
      await h.settled();
      expect(h.away().map(plain)).to.deep.equal([
        `You are still monitoring ${agentId} (Barge), who is no longer in your view. It goes on until you stop it or the call ends.`,
      ]);
      registerTranslation(es);
      el.setAttribute('lang', 'es');
      await h.settled();
      expect(h.away().map(plain)).to.deep.equal([`Sigue supervisando a ${agentId} (Intervenir), que ya no está a su alcance. Continúa hasta que la termine o acabe la llamada.`]);
      expect(el.shadowRoot!.querySelector('[part="away-stop"]')?.textContent?.trim()).to.equal('Dejar de supervisar');
    });

    it("lists nothing for a screen view of its own or another supervisor's session on an agent out of view", async () => {
      const { c, agentId, interactionId } = await teamOne();
      // A floor lead over every team, whom the simulator lists as no team's supervisor (its word is its client's).
      const other = await c.seat({ userId: 'lead-2', role: 'supervisor', teamIds: 'all' });
      const [, h] = await board(c.client);
      await other.startMonitoring(agentId, interactionId, 'whisper');
      const at = c.clock.now();
      // Genesys' screen monitoring, started by this supervisor in Genesys' own tools: no command stops it.
      const screen = { id: `${interactionId}:leg-screen`, mode: 'screen', supervisorId: 'sup-1', agentId, interactionId, startedAt: at } as const;
      await c.emit([{ type: 'monitoring', id: 'screen-start', at, source: 'test', session: screen }]);
      await c.advance(400);
      await moveOut(c, agentId);
      await h.settled();
      // Its own screen view stays in the store; another supervisor's session on someone out of its
      // teams the core drops (policy), so the board's own filter on the supervisor cannot be reached.
      const held = c.client.getMonitoringSessions({ agentId, active: true }).map((s) => `${s.supervisorId}:${s.mode}`);
      expect(held, 'the client still holds its screen view').to.deep.equal(['sup-1:screen']);
      expect(other.getMonitoringSessions({ agentId, active: true }).map((s) => s.mode), "lead-2's session runs").to.deep.equal(['whisper']);
      expect(h.away()).to.deep.equal([]);
    });
  });

  describe('disabled reasons', () => {
    it('an agent session: supervision shown disabled with a reason, its own row has no menu', async () => {
      const c = await centre({ session: { userId: 'agent-3', role: 'agent', teamIds: ['team-1'] } });
      const [, h] = await board(c.client);
      expect(h.actionButton('agent-3')).to.equal(null);
      const other = h.agentIds().find((id) => id !== 'agent-3')!;
      await h.openActions(other);
      const items = h.menuItems();
      for (const mode of ['listen', 'whisper', 'barge']) {
        const item = items.find((i) => i.id === mode)!;
        expect(item.disabled, mode).to.equal(true);
        expect(item.reason).to.match(/is not allowed for your role here\.$/);
      }
      expect(items.find((i) => i.id === 'presence')).to.include({ disabled: true, reason: 'Your role cannot change this agent’s presence.' });
      expect(items.find((i) => i.id === 'check-in')!.disabled).to.equal(true);
      expect(items.map((i) => i.id)).to.not.include('details');
      // The reason is part of the item (its accessible name), and said again when it is chosen.
      const listen = h.menuItem('listen')!;
      expect(plain(listen.querySelector('[part~="menu-reason"]')?.textContent ?? '')).to.equal(items[0]!.reason);
      listen.click();
      await h.settled();
      expect(h.menu(), 'a disabled item keeps the menu open').to.not.equal(null);
      await waitUntil(() => announced.includes(plain(items[0]!.reason ?? '')));
    });

    it('a platform without whisper: Whisper disabled, the others usable', async () => {
      const c = await centre({ capabilities: { monitoringModes: ['listen', 'barge'] } });
      const { agentId } = liveAgent(c.client);
      const [, h] = await board(c.client);
      await h.openActions(agentId);
      const items = h.menuItems();
      expect(items.find((i) => i.id === 'whisper')).to.include({ disabled: true });
      expect(plain(items.find((i) => i.id === 'whisper')!.reason ?? '')).to.equal('Whisper is not offered by this platform.');
      expect(items.find((i) => i.id === 'listen')!.disabled).to.equal(false);
      expect(items.find((i) => i.id === 'barge')!.disabled).to.equal(false);
    });

    it("a mode the platform does not offer on the interaction's channel: disabled as not offered, the others usable", async () => {
      const every = ['voice', 'chat', 'email', 'message', 'task', 'video'] as const;
      const c = await centre({ capabilities: { monitoringChannels: { listen: every, whisper: [], barge: every } } });
      const { agentId } = liveAgent(c.client);
      const [, h] = await board(c.client);
      await h.openActions(agentId);
      const items = h.menuItems();
      expect(items.find((i) => i.id === 'whisper')).to.include({ disabled: true });
      expect(plain(items.find((i) => i.id === 'whisper')!.reason ?? '')).to.equal('Whisper is not offered by this platform.');
      expect(items.find((i) => i.id === 'listen')!.disabled).to.equal(false);
      expect(items.find((i) => i.id === 'barge')!.disabled).to.equal(false);
    });

    it('a platform that shows agents no session, no backplane: every mode disabled, saying the agent would not be told', async () => {
      const c = await centre({ agentSeesMonitoring: false });
      const { agentId } = liveAgent(c.client);
      const [, h] = await board(c.client);
      await h.openActions(agentId);
      const monitor = h.menuItems().filter((i) => ['listen', 'whisper', 'barge'].includes(i.id));
      expect(monitor.map((i) => [i.id, i.disabled, plain(i.reason)])).to.deep.equal([
        ['listen', true, 'Monitoring is off: the agent would not be told.'],
        ['whisper', true, 'Monitoring is off: the agent would not be told.'],
        ['barge', true, 'Monitoring is off: the agent would not be told.'],
      ]);
    });

    it('an agent with no live interaction: monitoring disabled with why; the rest usable', async () => {
      const c = await centre();
      const agentId = idleAgent(c.client);
      const [, h] = await board(c.client);
      await h.openActions(agentId);
      const name = c.client.getAgent(agentId)!.name;
      const items = h.menuItems();
      for (const mode of ['listen', 'whisper', 'barge']) {
        expect(items.find((i) => i.id === mode)).to.include({ disabled: true });
        expect(plain(items.find((i) => i.id === mode)!.reason ?? '')).to.equal(`${name} has no connected interaction to monitor.`);
      }
      expect(items.filter((i) => !i.disabled).map((i) => i.id)).to.deep.equal(['presence', 'message', 'check-in', 'details']);
    });
  });

  describe('presence, message, check-in, details', () => {
    it('sets a presence override with a reason; the board shows it and it is announced', async () => {
      const c = await centre();
      const agentId = idleAgent(c.client);
      const [, h] = await board(c.client);
      await h.setPresence(agentId, 'break', 'coffee');
      expect(plain(h.actionMessage())).to.match(/^Setting .* to Break: Coffee… waiting/);
      await c.advance(500);
      await h.settled();
      await waitUntil(() => h.cellText(agentId, 'presence') === 'Break · Coffee', 'the board shows it');
      const name = c.client.getAgent(agentId)!.name;
      await waitUntil(() => announced.includes(`${name} is now Break: Coffee.`));
      await h.openActions(agentId);
      (h.menuItem('presence') as HTMLElement).click();
      await h.settled();
      expect(h.menuItems('submenu').find((i) => i.id === 'presence:break:coffee')!.checked).to.equal(true);
      expect(h.menuItems('submenu').find((i) => i.id === 'presence:available')!.checked).to.equal(false);
    });

    it('fires fw-message-agent and fw-propose-check-in with the agent id, and opens details', async () => {
      const c = await centre();
      const [el, h] = await board(c.client);
      const target = h.agentIds()[1]!;
      setTimeout(() => void h.chooseAction(target, 'message'));
      const message = (await oneEvent(el, 'fw-message-agent')) as unknown as FwMessageAgentEvent;
      expect(message).to.be.instanceOf(FwMessageAgentEvent);
      expect(message.agentId).to.equal(target);
      expect(message.bubbles && message.composed).to.equal(true);
      await h.settled();
      expect(h.menu()).to.equal(null);
      expect(el.shadowRoot!.activeElement, 'focus back on the grid').to.equal(h.grid());

      setTimeout(() => void h.chooseAction(target, 'check-in'));
      const checkIn = (await oneEvent(el, 'fw-propose-check-in')) as unknown as FwProposeCheckInEvent;
      expect(checkIn).to.be.instanceOf(FwProposeCheckInEvent);
      expect(checkIn.agentId).to.equal(target);
      expect(checkIn.bubbles && checkIn.composed).to.equal(true);

      setTimeout(() => void h.openDetails(target));
      const select = (await oneEvent(el, 'fw-agent-select')) as unknown as { agentId: string };
      expect(select.agentId).to.equal(target);
      expect(el.selected).to.equal(target);
    });
  });

  describe('accessibility and locale', () => {
    // axe over a board with an open top-layer menu takes seconds on a loaded two-core machine.
    it('passes axe with the menu and the presence submenu open', async function () {
      this.timeout(30_000);
      const c = await centre();
      const { agentId } = liveAgent(c.client);
      const [el, h] = await board(c.client);
      await h.openActions(agentId);
      const menu = h.menu()!;
      expect(plain(menu.getAttribute('aria-label')!)).to.equal(`Actions for ${c.client.getAgent(agentId)!.name}`);
      expect(h.actionButton(agentId)?.getAttribute('aria-controls')).to.equal(menu.id);
      await expect(el).to.be.accessible();
      (h.menuItem('presence') as HTMLElement).click();
      await h.settled();
      expect(h.submenu()).to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it("passes axe with an agent session's menu of disabled items open", async function () {
      this.timeout(30_000);
      const c = await centre({ session: { userId: 'agent-3', role: 'agent', teamIds: ['team-1'] } });
      const [el, h] = await board(c.client);
      await h.openActions(h.agentIds().find((id) => id !== 'agent-3')!);
      expect(h.menuItems().filter((i) => i.disabled).length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });

    it('speaks Spanish', async () => {
      registerTranslation(es);
      const c = await centre();
      const { agentId } = liveAgent(c.client);
      const [el, h] = await board(c.client);
      el.setAttribute('lang', 'es');
      await h.settled();
      const name = c.client.getAgent(agentId)!.name;
      expect(plain(h.actionButton(agentId)?.getAttribute('aria-label') ?? '')).to.equal(`Acciones de ${name}`);
      expect(h.actionButton(agentId)?.textContent?.trim()).to.equal('Acciones');
      await h.openActions(agentId);
      expect(h.menuItems().map((i) => i.label)).to.deep.equal([
        'Escuchar',
        'Susurrar',
        'Intervenir',
        'Cambiar presencia',
        'Enviar mensaje',
        'Proponer una reunión',
        'Ver detalles',
      ]);
      (h.menuItem('presence') as HTMLElement).click();
      await h.settled();
      expect(h.menuItems('submenu').map((i) => plain(i.label))).to.include('Descanso: Coffee');
    });
  });
});
