// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import { ErrorCode, FloorwalkError, type Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode, AX_WAIT } from '../../../test/a11y-tree.js';
import { settle } from '../../../test/centre.js';
import { createConnectionRig, type Rig } from '../../../test/connection-rig.js';
import { FwAnnouncer } from '../fw-announcer/fw-announcer.js';
import { FwConnectionBanner } from './fw-connection-banner.js';

FwConnectionBanner.define('fw-connection-banner');
FwAnnouncer.define('fw-announcer');

let rig: Rig | undefined;

async function mount(client: Floorwalk | undefined): Promise<FwConnectionBanner> {
  return fixture<FwConnectionBanner>(html`<fw-connection-banner .client=${client}></fw-connection-banner>`);
}

/** Nothing in the tree but live regions (the banner is hidden). */
const shown = (tree: AXNode): AXNode[] => (tree.children ?? []).filter((node) => node.live === undefined);

describe('fw-connection-banner: computed accessibility tree', () => {
  afterEach(async () => {
    await rig?.client.disconnect();
    rig = undefined;
  });

  it('while loading: the message and a progress bar named by it; nothing focused, nothing assertive', async () => {
    const r = (rig = createConnectionRig());
    const release = r.holdSnapshot();
    const el = await mount(r.client);
    const connected = r.client.connect();
    await settle();
    await el.updateComplete;
    const tree = await axTree(el);
    expect(textOf(tree)).to.contain('Connecting to the contact centre…');
    expect(findNode(tree, 'progressbar').name).to.equal('Connecting to the contact centre…');
    expect(findAll(tree, 'button'), 'nothing to retry while loading').to.deep.equal([]);
    expect(liveRegions(tree, 'assertive')).to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
    release();
    await connected;
  });

  it('when live: out of the tree, and the loaded team announced politely', async () => {
    const r = (rig = createConnectionRig(42));
    const release = r.holdSnapshot();
    const el = await mount(r.client);
    const connected = r.client.connect();
    await settle();
    release();
    await connected;
    const tree = await announced(el, 'Team loaded: 42 agents.', 'polite');
    expect(shown(tree), outline(tree)).to.deep.equal([]);
  });

  it('when lost: the message, the detail and a "Retry now" button; the countdown in no live region; no icon', async () => {
    const r = (rig = createConnectionRig());
    await r.client.connect();
    const el = await mount(r.client);
    r.sink().status('failed', new FloorwalkError(ErrorCode.VendorError, '503'));
    await settle();
    const tree = await announced(el, 'Connection lost. Trying to reconnect.', 'polite');
    // The countdown runs on the page's clock from 30 s: a loaded machine may read the tree a second in.
    expect(textOf(tree)).to.match(/Connection lost\. Retrying in (30|29|28) seconds\./);
    expect(textOf(tree)).to.contain('Changes you make are kept');
    const button = findNode(tree, 'button', 'Retry now');
    expect(button.focused ?? false, 'the banner never takes focus').to.equal(false);
    for (const region of liveRegions(tree)) expect(textOf(region), 'the countdown is not live').to.not.match(/Retrying in/);
    expect(liveRegions(tree, 'assertive')).to.deep.equal([]);
    expect(findAll(tree, 'dialog').concat(findAll(tree, 'alertdialog')), 'not modal').to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('when the client gave up: "Try again", announced politely', async () => {
    const r = (rig = createConnectionRig());
    await r.client.connect();
    const el = await mount(r.client);
    r.sink().status('failed', new FloorwalkError(ErrorCode.Forbidden, 'revoked'));
    await settle();
    const tree = await announced(el, 'Floorwalk could not connect.', 'polite');
    expect(findNode(tree, 'button', 'Try again')).to.not.equal(undefined);
    expect(liveRegions(tree, 'assertive')).to.deep.equal([]);
  });

  it('with fw-announcer on the page, the loss is in one live region only', async () => {
    const r = (rig = createConnectionRig());
    await r.client.connect();
    const wrapper = await fixture<HTMLElement>(
      html`<div><fw-announcer lost-delay="0" .client=${r.client}></fw-announcer><fw-connection-banner .client=${r.client}></fw-connection-banner></div>`,
    );
    const el = wrapper.querySelector('fw-connection-banner')!;
    r.sink().status('reconnecting');
    await settle();
    await el.updateComplete;
    let regions: AXNode[] = [];
    await waitUntil(async () => {
      regions = liveRegions(await axTree(el)).filter((region) => textOf(region).startsWith('Connection lost'));
      return regions.length > 0;
    }, 'the loss is announced', { timeout: AX_WAIT });
    await settle();
    regions = liveRegions(await axTree(el)).filter((region) => textOf(region).startsWith('Connection lost'));
    expect(regions, 'said once').to.have.length(1);
  });
});
