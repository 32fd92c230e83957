// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import { expect } from '@open-wc/testing';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode } from '../../../test/a11y-tree.js';
import type { Centre } from '../../../test/centre.js';
import { coachingScene, mountPanel, type CoachingScene } from '../../../test/coaching-rig.js';
import { voicedOnce } from '../../../test/voiced.js';
import { FwCoachingPanelHarness } from './fw-coaching-panel.harness.js';
import { FwCoachingPanel } from './fw-coaching-panel.js';
import { plain } from '../../../test/isolates.js';

FwCoachingPanel.define('fw-coaching-panel');

let centre: Centre | undefined;

const scene = (latencyMs?: number): Promise<CoachingScene> => coachingScene((c) => (centre = c), latencyMs);

const EXPLAIN = {
  Listen: 'Hear the agent and the customer silently.',
  Whisper: 'Talk to the agent only; the customer cannot hear you.',
  Barge: 'Join the conversation; the customer hears you too.',
} as const;
const TOLD = 'The agent is told when you start, switch mode or stop.';
/** The same on the monitored agent's own panel, in their words. */
const TOLD_SELF = 'You are told when a supervisor starts, switches mode or stops monitoring you.';

/** The panel's region, named by its heading, whose level is checked on the way. */
function panel(tree: AXNode, agent: string): AXNode {
  const region = findNode(tree, 'region', `Coaching: ${agent}`);
  expect(findNode(region, 'heading', `Coaching: ${agent}`).level).to.equal(3);
  return region;
}

/** [name, description, pressed, disabled] of each button in the group. */
function modes(group: AXNode): unknown[][] {
  return findAll(group, 'button').map((b) => [plain(b.name ?? ''), plain(b.description ?? ''), b.pressed, b.disabled ?? false]);
}

describe('fw-coaching-panel: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it("the monitored agent's own session: the named region, the reason there are no controls and that the agent is told; nothing to press, nothing voiced", async () => {
    const s = await scene(1000);
    const name = s.c.client.getAgent(s.agentId)!.name;
    const own = await mountPanel(s.agent, s.agentId);
    const check = async (): Promise<void> => {
      const tree = await axTree(own);
      const region = panel(tree, name);
      expect(findAll(region, 'group'), outline(tree)).to.have.length(0);
      expect(findAll(region, 'button'), outline(tree)).to.have.length(0);
      expect(textOf(region)).to.contain('Your role cannot monitor this agent.');
      expect(textOf(region)).to.contain(TOLD_SELF);
      expect(textOf(region)).to.not.contain(TOLD);
      expect(liveRegions(tree), outline(tree)).to.deep.equal([]);
      expect(graphics(tree), outline(tree)).to.deep.equal([]);
    };
    await check();
    // A supervisor starts listening: the agent's client is told (the core's notice), and the
    // agent's panel stays as it was, with nothing voiced from it.
    const sup = new FwCoachingPanelHarness(await mountPanel(s.c.client, s.agentId));
    await sup.choose('listen');
    await s.c.advance(1100);
    await own.updateComplete;
    expect(s.notices.map((n) => ('session' in n ? [n.kind, n.session.mode] : [n.kind]))).to.deep.equal([['started', 'listen']]);
    await check();
  });

  it('idle: a region named by its heading, a group named "Monitoring mode", buttons named by their labels and described by their explanations, none pressed; no icons', async () => {
    const s = await scene();
    const el = await mountPanel(s.c.client, s.agentId);
    const tree = await axTree(el);
    const region = panel(tree, s.c.client.getAgent(s.agentId)!.name);
    const group = findNode(region, 'group', 'Monitoring mode');
    expect(modes(group)).to.deep.equal([
      ['Listen', EXPLAIN.Listen, false, false],
      ['Whisper', EXPLAIN.Whisper, false, false],
      ['Barge', EXPLAIN.Barge, false, false],
    ]);
    expect(textOf(region)).to.contain('You are not monitoring this interaction.');
    expect(textOf(region)).to.contain(TOLD);
    expect(liveRegions(tree)).to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('pending: the mode asked for pressed, "Pending" in its name, every control disabled and described by the wait', async () => {
    const s = await scene(1000);
    const el = await mountPanel(s.c.client, s.agentId);
    await new FwCoachingPanelHarness(el).choose('listen');
    const tree = await axTree(el);
    const wait = 'Starting Listen… waiting for the platform to confirm.';
    // The pressed mode's dot is drawn by CSS generated content: it must not become part of the name.
    expect(modes(findNode(tree, 'group', 'Monitoring mode'))).to.deep.equal([
      ['Listen Pending', `${EXPLAIN.Listen} ${wait}`, true, true],
      ['Whisper', `${EXPLAIN.Whisper} ${wait}`, false, true],
      ['Barge', `${EXPLAIN.Barge} ${wait}`, false, true],
    ]);
    expect(liveRegions(tree), 'the wait is a description, not an announcement').to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('monitoring: the mode in use pressed and named by its label alone, "Stop monitoring" offered, the confirmation voiced politely once', async () => {
    const s = await scene(1000);
    const name = s.c.client.getAgent(s.agentId)!.name;
    const el = await mountPanel(s.c.client, s.agentId);
    const h = new FwCoachingPanelHarness(el);
    await h.choose('whisper');
    await s.c.advance(1100);
    const tree = await voicedOnce(el, 'polite', `Monitoring ${name} in Whisper mode.`);
    const group = findNode(panel(tree, name), 'group', 'Monitoring mode');
    expect(modes(group)).to.deep.equal([
      ['Listen', EXPLAIN.Listen, false, false],
      ['Whisper', EXPLAIN.Whisper, true, false],
      ['Barge', EXPLAIN.Barge, false, false],
      ['Stop monitoring', '', undefined, false],
    ]);
    expect(textOf(tree)).to.contain('You are whispering to the agent.');
    expect(liveRegions(tree, 'assertive')).to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);

    await h.stop();
    const stopping = findNode(await axTree(el), 'button', 'Stop monitoring Pending');
    expect([plain(stopping.description!), stopping.disabled]).to.deep.equal(['Stopping… waiting for the platform to confirm.', true]);
  });

  it('failed: the reason voiced assertively once and shown; the controls usable again', async () => {
    const s = await scene(60_000);
    const el = await mountPanel(s.c.client, s.agentId, 300);
    await new FwCoachingPanelHarness(el).choose('barge');
    const failure = 'Could not complete: Starting Barge. The platform did not confirm in time.';
    const tree = await voicedOnce(el, 'assertive', failure);
    expect(liveRegions(tree, 'polite')).to.deep.equal([]);
    const group = findNode(tree, 'group', 'Monitoring mode');
    expect(modes(group).map(([name, , pressed, disabled]) => [name, pressed, disabled])).to.deep.equal([
      ['Listen', false, false],
      ['Whisper', false, false],
      ['Barge', false, false],
    ]);
    // The reason is on the page outside the live region as well, so it stays readable.
    const region = panel(tree, s.c.client.getAgent(s.agentId)!.name);
    expect(textOf(region)).to.contain(failure);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('a mode the role may not use is text saying why, not a button', async () => {
    const s = await scene();
    const qa = await s.c.seat({ userId: 'qa-1', role: 'qa', teamIds: 'all' });
    const el = await mountPanel(qa, s.agentId);
    const tree = await axTree(el);
    const group = findNode(tree, 'group', 'Monitoring mode');
    expect(findAll(group, 'button').map((b) => b.name)).to.deep.equal(['Listen']);
    expect(textOf(group)).to.contain('Whisper is not allowed for your role here.');
    expect(textOf(group)).to.contain('Barge is not allowed for your role here.');
  });

  it('without a client: the region named "Coaching" says why, with no controls', async () => {
    const el = await mountPanel(undefined, undefined);
    const tree = await axTree(el);
    const region = findNode(tree, 'region', 'Coaching');
    expect(findNode(region, 'heading', 'Coaching').level).to.equal(3);
    expect(findAll(region, 'button')).to.have.length(0);
    expect(textOf(region)).to.contain('Not connected to Floorwalk.');
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });
});
