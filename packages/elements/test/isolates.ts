// Every string a catalog function puts into its sentence comes wrapped in U+2068 FIRST STRONG
// ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE (internal/localize.ts). A test of wording compares
// without them; a test of bidi looks at where the text lands instead (bidi.ts). The readers of
// wording apply it themselves: liveText (centre.ts), textOf, voiced, announced and the name
// matching of findNode/findAll (a11y-tree.ts); an AXNode's own `name` keeps the marks.

/** `text` without the two isolate marks, and nothing else changed. */
export const plain = (text: string): string => text.replace(/[\u2068\u2069]/g, '');
