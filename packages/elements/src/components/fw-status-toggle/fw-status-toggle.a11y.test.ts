// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, findAll, findNode, graphics, liveRegions, outline, textOf, voiced, AX_WAIT } from '../../../test/a11y-tree.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { voicedOnce } from '../../../test/voiced.js';
import { FwAnnouncer } from '../fw-announcer/fw-announcer.js';
import { FwStatusToggleHarness, type StatusToggleOption } from './fw-status-toggle.harness.js';
import { FwStatusToggle } from './fw-status-toggle.js';
import { plain } from '../../../test/isolates.js';

FwStatusToggle.define('fw-status-toggle');
FwAnnouncer.define('fw-announcer');

const AGENT: Session = { userId: 'agent-3', role: 'agent', agentId: 'agent-3', teamIds: [] };

let centre: Centre | undefined;

async function mount(latencyMs: number, confirmTimeout = 10_000): Promise<{ c: Centre; el: FwStatusToggle; h: FwStatusToggleHarness }> {
  const c = (centre = await createCentre({ session: AGENT, latencyMs }));
  const el = await fixture<FwStatusToggle>(
    html`<fw-status-toggle .client=${c.client} confirm-timeout=${String(confirmTimeout)}></fw-status-toggle>`,
  );
  return { c, el, h: new FwStatusToggleHarness(el) };
}

async function another(h: FwStatusToggleHarness, c: Centre): Promise<StatusToggleOption> {
  const current = c.client.getAgent('agent-3')!.presence.state;
  const option = (await h.options()).find((o) => !o.checked && o.reasonId !== undefined && o.state !== current);
  expect(option, 'the tenant offers another status with a reason').to.not.equal(undefined);
  // Its label as wording, for the names and announcements compared with it.
  return { ...option!, label: plain(option!.label) };
}

describe('fw-status-toggle: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('is a collapsed menu button named by the visible label and the status, with no icon in the tree', async () => {
    const { h, el } = await mount(150);
    const tree = await axTree(el);
    const button = findNode(tree, 'button', `My status ${h.currentLabel()}`);
    expect(button.haspopup).to.equal('menu');
    expect(button.expanded).to.equal(false);
    expect(button.disabled ?? false).to.equal(false);
    expect(button.description ?? '', 'no message, no description').to.equal('');
    expect(findAll(tree, 'menu'), 'the closed menu is not in the tree').to.have.length(0);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('opens a named menu of menuitemradio items, the current status checked and focused', async () => {
    const { h, el } = await mount(150);
    const current = h.currentLabel();
    h.button.focus();
    await h.open();
    const tree = await axTree(el);
    expect(findNode(tree, 'button', `My status ${current}`).expanded).to.equal(true);
    const menu = findNode(tree, 'menu', 'Choose a status');
    const items = findAll(menu, 'menuitemradio');
    expect(items.length, outline(menu)).to.be.greaterThan(3);
    expect(findAll(menu, 'menuitem'), 'radio items only').to.have.length(0);
    const checked = items.filter((item) => item.checked === true);
    expect(checked.map((item) => item.name)).to.deep.equal([current]);
    expect(checked[0]!.focused).to.equal(true);
    expect(items.filter((item) => item.checked === false)).to.have.length(items.length - 1);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('while pending: "Pending" in the name, the message as description, disabled', async () => {
    const { c, h, el } = await mount(60_000);
    const target = await another(h, c);
    await h.choose(target.state, target.reasonId);
    expect(h.isPending()).to.equal(true);
    const tree = await axTree(el);
    // The mark is styled in capitals; the name must still carry the word, not "PENDING".
    const button = findNode(tree, 'button', `My status ${target.label} Pending`);
    expect(plain(button.description!)).to.equal(`Changing to ${target.label}… waiting for the platform to confirm.`);
    expect(button.disabled, 'aria-disabled is computed as disabled').to.equal(true);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('after a rollback: the reason as description and in an assertive live region', async () => {
    const { c, h, el } = await mount(60_000, 1500);
    const target = await another(h, c);
    await h.choose(target.state, target.reasonId);
    await waitUntil(() => h.isFailed(), 'rolled back after the timeout', { timeout: 4000 });
    const reason = `Could not change to ${target.label}. The platform did not confirm the change in time.`;
    await waitUntil(async () => textOf(liveRegions(await axTree(el), 'assertive')[0] ?? { role: 'none' }) === reason, 'announced', { timeout: AX_WAIT });
    const tree = await axTree(el);
    const button = findNode(tree, 'button', `My status ${plain(h.currentLabel())}`);
    expect(plain(button.description!)).to.equal(reason);
    expect(button.disabled ?? false, 'the user may try again').to.equal(false);
    const [region] = liveRegions(tree, 'assertive');
    expect(region!.atomic).to.equal(true);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('a rollback is voiced, then leaves the live region while the button keeps it; the same failure again is voiced again', async function () {
    this.timeout(30_000);
    const { c, h, el } = await mount(60_000, 1500);
    const target = await another(h, c);
    const reason = `Could not change to ${target.label}. The platform did not confirm the change in time.`;
    await h.choose(target.state, target.reasonId);
    await announced(el, reason, 'assertive');
    // The words stay on screen as the button's description; a region still holding them too would
    // have a screen reader browsing the page meet the failure twice.
    await waitUntil(async () => voiced(await axTree(el)).length === 0, 'the announcement leaves the tree', { timeout: 8000 });
    const tree = await axTree(el);
    expect(plain(findNode(tree, 'button', `My status ${plain(h.currentLabel())}`).description!)).to.equal(reason);
    expect(findAll(tree, 'StaticText', reason), outline(tree)).to.have.length(1);

    await h.choose(target.state, target.reasonId);
    await waitUntil(() => h.isPending(), 'the second try waits for the platform');
    await announced(el, reason, 'assertive');
  });

  it('with fw-announcer on the page: a rollback is voiced there, then leaves it, and is in the tree once, as the button keeps it', async function () {
    this.timeout(30_000);
    const c = (centre = await createCentre({ session: AGENT, latencyMs: 60_000 }));
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><fw-announcer></fw-announcer><fw-status-toggle .client=${c.client} confirm-timeout="1500"></fw-status-toggle></div>`,
    );
    try {
      const el = wrapper.querySelector('fw-status-toggle')!;
      const h = new FwStatusToggleHarness(el);
      const target = await another(h, c);
      const reason = `Could not change to ${target.label}. The platform did not confirm the change in time.`;
      await h.choose(target.state, target.reasonId);
      await voicedOnce(el, 'assertive', reason);
      expect(el.shadowRoot!.querySelector('[aria-live]'), 'the announcer voiced it, not a region of its own').to.equal(null);
      // The announcer's region still holding the words would have a screen reader browsing the
      // page meet the failure twice: there and as the button's description.
      await waitUntil(async () => voiced(await axTree(el)).length === 0, "the announcer's region empties", { timeout: 8000 });
      const tree = await axTree(el);
      expect(plain(findNode(tree, 'button', `My status ${plain(h.currentLabel())}`).description!)).to.equal(reason);
      expect(findAll(tree, 'StaticText', reason), outline(tree)).to.have.length(1);
    } finally {
      wrapper.remove();
    }
  });

  it('announces a confirmed change politely', async () => {
    const { c, h, el } = await mount(2000);
    const target = await another(h, c);
    await h.choose(target.state, target.reasonId);
    await c.advance(2500);
    await el.updateComplete;
    const said = `Status changed to ${target.label}.`;
    await waitUntil(async () => textOf(liveRegions(await axTree(el), 'polite')[0] ?? { role: 'none' }) === said, 'announced', { timeout: AX_WAIT });
    expect(findNode(await axTree(el), 'button', `My status ${target.label}`).disabled ?? false).to.equal(false);
  });

  it('without a client: disabled, still in the tree, and described by the reason', async () => {
    const el = await fixture<FwStatusToggle>(html`<fw-status-toggle></fw-status-toggle>`);
    const tree = await axTree(el);
    const button = findNode(tree, 'button', /^My status /);
    expect(button.disabled).to.equal(true);
    expect(button.description).to.equal('Not connected to Floorwalk.');
    expect(button.haspopup).to.equal('menu');
  });
});
