/** Viewport margin a popup keeps, in px. */
const EDGE = 4;
/** Gap between an anchor and its popup, in px. */
const GAP = 2;

/**
 * Places a popup shown in the top layer (a `popover`, positioned `fixed`) beside its anchor:
 * below it, above when there is no room below, and kept inside the viewport either way. `align`
 * is the anchor's edge the popup lines up with (`start`: the inline start, so the right edge in
 * right-to-left text). Sets the popup's `top` and `left` through the CSSOM, which a strict
 * `style-src` allows.
 */
export function placePopup(popup: HTMLElement, anchor: DOMRect, size: { readonly width: number; readonly height: number }, align: 'start' | 'end', rtl: boolean): void {
  let top = anchor.bottom + GAP;
  if (top + size.height > window.innerHeight - EDGE && anchor.top - size.height - GAP >= EDGE) top = anchor.top - size.height - GAP;
  // Room on neither side: keep it all in view, over the anchor if need be.
  top = Math.max(EDGE, Math.min(top, window.innerHeight - size.height - EDGE));
  const fromLeft = (align === 'start') !== rtl;
  const left = fromLeft ? anchor.left : anchor.right - size.width;
  popup.style.top = `${top}px`;
  popup.style.left = `${Math.max(EDGE, Math.min(left, window.innerWidth - size.width - EDGE))}px`;
}

/**
 * Makes the popup a menu button controls (its `aria-controls`, in the same root) a manual popover
 * shown in the top layer beside the button, and keeps it there while any scrolling ancestor
 * scrolls or the viewport resizes. Returns the function that hides it and stops following.
 * Without the Popover API it does nothing: the popup stays where its own styles put it. Elements
 * load this module when a menu first opens.
 */
export function popOver(anchor: HTMLElement, align: 'start' | 'end', rtl: boolean): () => void {
  const popup = (anchor.getRootNode() as ParentNode & { getElementById(id: string): HTMLElement | null }).getElementById(anchor.getAttribute('aria-controls') ?? '');
  if (popup === null || typeof popup.showPopover !== 'function') return () => undefined;
  const place = (): void => placePopup(popup, anchor.getBoundingClientRect(), popup.getBoundingClientRect(), align, rtl);
  popup.popover = 'manual';
  // The top layer positions against the viewport; the user agent's centring margin goes.
  popup.style.position = 'fixed';
  popup.style.inset = 'auto';
  popup.style.margin = '0';
  popup.style.color = 'inherit';
  if (!popup.matches(':popover-open')) popup.showPopover();
  place();
  // Capture: a scroll inside any scrolling ancestor moves the anchor too.
  window.addEventListener('scroll', place, { capture: true, passive: true });
  window.addEventListener('resize', place, { passive: true });
  return () => {
    window.removeEventListener('scroll', place, { capture: true });
    window.removeEventListener('resize', place);
    if (popup.matches(':popover-open')) popup.hidePopover();
  };
}
