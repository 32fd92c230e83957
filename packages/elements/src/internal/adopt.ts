import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult } from 'lit';

/**
 * Adds a lazily loaded part's styles to an element's shadow root: its own sheets stay and the
 * part's join them (or, without adoptable sheets, a `<style>`). Only modules loaded on first
 * need import it; an element that imported it up front would pull it out of their chunk.
 *
 * @internal
 */
export function adoptLater(root: ShadowRoot | null, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (root === null) return;
  if (supportsAdoptingStyleSheets && sheet !== undefined) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  else adoptStyles(root, [styles]);
}
