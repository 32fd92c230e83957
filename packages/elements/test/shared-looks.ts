import { expect } from '@open-wc/testing';

/*
 * Checks of the rules several elements share (internal/panel.styles.ts, internal/charts.ts),
 * run by each element that uses them: a rule moved into a shared sheet must still reach the same
 * nodes with the same computed values, and the element's own knobs must still drive it.
 */

const look = (root: ParentNode, selector: string): CSSStyleDeclaration => {
  const node = root.querySelector(selector);
  expect(node, selector).to.not.equal(null);
  return getComputedStyle(node!);
};

/**
 * formStyles: sets the element's `-radius` (9px) and `-error-color` (rgb(1, 2, 3)) knobs, then
 * checks the submit button `[part=<button>]`, the first `.input` (block padding `padTop`) and its
 * `.field`, and the input's invalid look.
 */
export function expectFormLook(el: HTMLElement, button: string, padTop: string): void {
  el.style.setProperty(`--${el.localName}-radius`, '9px');
  el.style.setProperty(`--${el.localName}-error-color`, 'rgb(1, 2, 3)');
  const root = el.shadowRoot!;
  const b = look(root, `[part="${button}"]`);
  expect([b.borderTopLeftRadius, b.justifySelf, b.backgroundColor, b.fontWeight, b.minBlockSize]).to.deep.equal(['9px', 'start', 'rgb(29, 91, 191)', '600', '36px']);
  const input = root.querySelector<HTMLElement>('.input')!;
  const i = getComputedStyle(input);
  expect([i.borderTopLeftRadius, i.paddingTop, i.paddingLeft, i.fontWeight]).to.deep.equal(['9px', padTop, '8px', '400']);
  expect(getComputedStyle(input.closest('.field')!).display).to.equal('grid');
  input.setAttribute('aria-invalid', 'true');
  expect([i.borderTopWidth, i.borderTopColor]).to.deep.equal(['2px', 'rgb(1, 2, 3)']);
}

/**
 * reviewFormStyles: sets the element's `-radius` knob (9px), then checks the primary button
 * `[part=<primary>]` and the `.actions` row it sits in.
 */
export function expectActionLook(el: HTMLElement, primary: string): void {
  el.style.setProperty(`--${el.localName}-radius`, '9px');
  const b = look(el.shadowRoot!, `[part="${primary}"]`);
  expect([b.alignItems, b.columnGap, b.borderTopLeftRadius, b.backgroundColor, b.minBlockSize]).to.deep.equal(['center', '4px', '9px', 'rgb(29, 91, 191)', '36px']);
  expect(look(el.shadowRoot!, '.actions').flexWrap).to.equal('wrap');
}

/** chartStyles: the framed `.chart` figure and its `.chart__title`. */
export function expectChartFrame(root: ParentNode): void {
  const frame = look(root, '.chart');
  expect([frame.marginTop, frame.paddingTop, frame.paddingLeft, frame.borderTopWidth, frame.borderTopLeftRadius]).to.deep.equal(['0px', '8px', '12px', '1px', '6px']);
  const title = look(root, '.chart__title');
  expect([title.fontWeight, title.marginBlockEnd]).to.deep.equal(['600', '8px']);
}

/** chartStyles: the figure `.rows`, a `.row`, its `.row__value` and its `.bar-chart`. */
export function expectFigureRows(root: ParentNode): void {
  const rows = look(root, '.rows');
  expect([rows.listStyleType, rows.display, rows.rowGap, rows.paddingLeft]).to.deep.equal(['none', 'grid', '4px', '0px']);
  const row = look(root, '.row');
  expect([row.display, row.alignItems, row.columnGap]).to.deep.equal(['grid', 'center', '8px']);
  const value = look(root, '.row__value');
  expect([value.textAlign, value.whiteSpace, value.fontVariantNumeric]).to.deep.equal(['end', 'nowrap', 'tabular-nums']);
  expect(parseFloat(look(root, '.bar-chart').blockSize), 'the bar is 0.9rem high').to.be.closeTo(14.4, 0.1);
}
