// Announcements read from the computed tree: what a screen reader would be given to say, and
// that it is given it once.
import { expect } from '@open-wc/testing';
import { announced, liveRegions, outline, textOf, type AXNode } from './a11y-tree.js';

/**
 * Waits until a live region of this politeness holds `text` (all of its text, or matching the
 * pattern), fails when any other live region of either politeness holds the same words, and
 * returns the tree.
 */
export async function voicedOnce(
  el: Element & { readonly updateComplete?: Promise<unknown> },
  politeness: 'polite' | 'assertive',
  text: string | RegExp,
): Promise<AXNode> {
  const said = (region: AXNode): boolean => (typeof text === 'string' ? textOf(region) === text : text.test(textOf(region)));
  const tree = await announced(el, text, politeness);
  const spoken = textOf(liveRegions(tree, politeness).find(said)!);
  expect(liveRegions(tree).filter((region) => textOf(region).includes(spoken)).map((region) => region.role), outline(tree)).to.have.length(1);
  return tree;
}
