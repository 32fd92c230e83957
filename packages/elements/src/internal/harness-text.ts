/**
 * An element's text as a person reads it, for the harnesses: whitespace collapsed and without the
 * invisible isolate marks (U+2068, U+2069) that keep a name inside a translated sentence in its
 * own direction, so a host's test compares with the words it expects.
 */
export const clean = (el: Element | null | undefined): string =>
  (el?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();
