import { expect, fixture, html } from '@open-wc/testing';
import '../define/fw-queue-stats.js';

// What a host's design system does through the published tiers (docs/guides/theming.md): the
// shipped CSS files, loaded as a page would, and the host's own rules above the elements.
async function adopt(files: readonly string[], host: string): Promise<CSSStyleSheet> {
  const css = await Promise.all(files.map((file) => fetch(`/packages/elements/src/styles/${file}`).then((r) => r.text())));
  const sheet = new CSSStyleSheet();
  sheet.replaceSync([...css, host].join('\n'));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return sheet;
}

describe('theming from a host page', () => {
  let sheet: CSSStyleSheet | undefined;
  afterEach(() => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  });

  it('keeps the brand font set on an ancestor when the dark or light theme class is set on a panel below it', async () => {
    sheet = await adopt(['tokens.css', 'themes/light.css', 'themes/dark.css'], `.brand { --fw-sem-font-family: 'Brand Sans', serif; }`);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div class="brand"><div class="fw-theme-dark"><fw-queue-stats></fw-queue-stats></div><div class="fw-theme-light"><fw-queue-stats></fw-queue-stats></div></div>`,
    );
    const [dark, light] = [...wrapper.querySelectorAll('fw-queue-stats')];
    expect(getComputedStyle(dark!).fontFamily, 'under fw-theme-dark').to.equal('"Brand Sans", serif');
    expect(getComputedStyle(light!).fontFamily, 'under fw-theme-light').to.equal('"Brand Sans", serif');
    // The theme itself still applies there.
    expect(getComputedStyle(dark!).color).to.equal('rgb(246, 247, 249)');
  });

  it('follows the core spacing scale, so a host can make the elements compact', async () => {
    sheet = await adopt(['tokens.css', 'themes/light.css'], `.compact { --fw-core-space-1: 0.125rem; }`);
    const wrapper = await fixture<HTMLDivElement>(html`<div><fw-queue-stats></fw-queue-stats><div class="compact"><fw-queue-stats></fw-queue-stats></div></div>`);
    const [normal, compact] = [...wrapper.querySelectorAll('fw-queue-stats')];
    const gap = (el: Element | undefined): string => getComputedStyle(el!.shadowRoot!.querySelector('[part~="empty"]')!).marginBlockStart;
    expect(gap(normal), 'default scale').to.equal('4px');
    expect(gap(compact), 'compact scale').to.equal('2px');
  });

  it('rounds corners by the core radius token, so a host can square them off or round them more', async () => {
    sheet = await adopt(['tokens.css', 'themes/light.css'], `.square { --fw-core-radius-m: 0px; }`);
    const wrapper = await fixture<HTMLDivElement>(html`<div><fw-queue-stats></fw-queue-stats><div class="square"><fw-queue-stats></fw-queue-stats></div></div>`);
    const [normal, square] = [...wrapper.querySelectorAll('fw-queue-stats')];
    // Every element's corners (and each per-element radius knob's fallback) read this alias.
    const radius = (el: Element | undefined): string => getComputedStyle(el!).getPropertyValue('--_fw-radius').trim();
    expect(radius(normal), 'default radius').to.equal('0.375rem');
    expect(radius(square), 'host radius').to.equal('0px');
  });
});
