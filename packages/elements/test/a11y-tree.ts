// Reads what Chromium computes for an element (roles, names, states) rather than the ARIA
// attributes we wrote: a name pointing at an id in another shadow root, or one hidden by
// aria-hidden, is right in the DOM and empty in the tree that screen readers get.
import { waitUntil } from './wait.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { plain } from './isolates.js';

/**
 * A node of the computed accessibility tree, as puppeteer serialises it, pruned by
 * {@link axTree}: ignored nodes (`aria-hidden`, `hidden`) and unnamed generic containers are
 * flattened away and text is a `StaticText` node named by the text.
 */
export interface AXNode {
  readonly role: string;
  readonly name?: string;
  readonly description?: string;
  readonly value?: string | number;
  readonly roledescription?: string;
  readonly disabled?: boolean;
  readonly expanded?: boolean;
  readonly focused?: boolean;
  readonly modal?: boolean;
  readonly multiline?: boolean;
  readonly multiselectable?: boolean;
  readonly readonly?: boolean;
  readonly required?: boolean;
  readonly selected?: boolean;
  readonly busy?: boolean;
  readonly atomic?: boolean;
  readonly checked?: boolean | 'mixed';
  readonly pressed?: boolean | 'mixed';
  readonly level?: number;
  readonly valuemin?: number;
  readonly valuemax?: number;
  readonly haspopup?: string;
  readonly invalid?: string;
  readonly orientation?: string;
  readonly live?: string;
  readonly relevant?: string;
  readonly children?: readonly AXNode[];
}

/** What to look for: a role, and optionally the name (exact, or a pattern). */
export type AXName = string | RegExp | undefined;

const SUBJECT = 'fw-a11y-subject';
let subjects = 0;

/**
 * The computed accessibility tree under `el`'s parent, read after `el` has rendered, through
 * the wtr config's `a11y-full-snapshot` command (every node; puppeteer's default keeps only
 * "interesting" ones and drops lists, rows, cells and notes). The parent is made a named region
 * for the duration of the read, so the root is always one node; that region is returned.
 */
export async function axTree(el: Element & { readonly updateComplete?: Promise<unknown> }): Promise<AXNode> {
  await el.updateComplete;
  const parent = el.parentElement;
  if (parent === null) throw new Error(`${el.localName} is not in a document.`);
  const before = { id: parent.getAttribute('id'), role: parent.getAttribute('role'), label: parent.getAttribute('aria-label') };
  const id = `${SUBJECT}-${++subjects}`;
  parent.id = id;
  parent.setAttribute('role', 'region');
  parent.setAttribute('aria-label', SUBJECT);
  try {
    const tree = await executeServerCommand<AXNode | null, { selector: string }>('a11y-full-snapshot', { selector: `#${id}` });
    if (tree === null || tree.role !== 'region' || tree.name !== SUBJECT) throw new Error(`No accessibility node for ${el.localName}'s parent.`);
    return prune(tree)[0]!;
  } finally {
    restore(parent, 'id', before.id);
    restore(parent, 'role', before.role);
    restore(parent, 'aria-label', before.label);
  }
}

/**
 * Chromium's full tree, without what no screen reader presents as a node of its own: ignored
 * nodes (the role `none`), unnamed generic containers that are not live regions, and the
 * InlineTextBox layout runs under each text. Their children move up to the parent.
 */
function prune(node: AXNode): AXNode[] {
  if (node.role === 'InlineTextBox') return [];
  const children = (node.children ?? []).flatMap(prune);
  const flattened = node.role === 'none' || (node.role === 'generic' && !node.name && (node.live === undefined || node.live === 'off'));
  if (flattened) return children;
  // The DOM node ids puppeteer adds mean nothing in the page; leaving them out keeps failure output readable.
  const { children: _, backendNodeId: __, loaderId: ___, ...rest } = node as AXNode & { backendNodeId?: unknown; loaderId?: unknown };
  return [children.length > 0 ? { ...rest, children } : rest];
}

function restore(el: Element, name: string, value: string | null): void {
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}

function matches(node: AXNode, role: string, name: AXName): boolean {
  if (node.role !== role) return false;
  if (name === undefined) return true;
  // Names are matched as wording: without the isolates around interpolated values (isolates.ts).
  const said = plain(node.name ?? '');
  return typeof name === 'string' ? said === name : name.test(said);
}

/** Every node under (and including) `root` with this role and name, in tree order. */
export function findAll(root: AXNode, role: string, name?: AXName): AXNode[] {
  const found: AXNode[] = [];
  const walk = (node: AXNode): void => {
    if (matches(node, role, name)) found.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return found;
}

/**
 * The one node under `root` with this role and name. Fails, printing the tree, when there is
 * none or more than one: a test that asserts on a node must be sure it found the right one.
 */
export function findNode(root: AXNode, role: string, name?: AXName): AXNode {
  const found = findAll(root, role, name);
  if (found.length !== 1) {
    const what = name === undefined ? role : `${role} named ${String(name)}`;
    throw new Error(`Expected one ${what} in the accessibility tree, found ${found.length}:\n${outline(root)}`);
  }
  return found[0]!;
}

/** The text a node's subtree exposes (its StaticText names, joined by spaces), as wording: without isolates (isolates.ts). */
export function textOf(node: AXNode): string {
  const parts: string[] = [];
  const walk = (n: AXNode): void => {
    if (n.role === 'StaticText' && n.name !== undefined) parts.push(n.name);
    for (const child of n.children ?? []) walk(child);
  };
  walk(node);
  return plain(parts.join(' ')).replace(/\s+/g, ' ').trim();
}

const SHOWN_STATES = [
  'disabled',
  'expanded',
  'selected',
  'checked',
  'pressed',
  'invalid',
  'busy',
  'level',
  'live',
  'relevant',
  'atomic',
  'haspopup',
  'focused',
] as const;

/** The tree as indented lines (role "name" states), for failure messages and for reading. */
export function outline(root: AXNode, depth = 0): string {
  const states = SHOWN_STATES.filter((key) => root[key] !== undefined).map((key) => `${key}=${String(root[key])}`);
  const description = root.description === undefined || root.description === '' ? '' : ` desc="${root.description}"`;
  const line = `${'  '.repeat(depth)}${root.role} "${root.name ?? ''}"${description}${states.length > 0 ? ` ${states.join(' ')}` : ''}`;
  return [line, ...(root.children ?? []).map((child) => outline(child, depth + 1))].join('\n');
}

// Roles Chromium gives an svg or img that is exposed (not aria-hidden).
const GRAPHIC_ROLES = new Set(['image', 'img', 'graphics-document', 'graphics-symbol', 'graphics-object', 'SvgRoot']);

/** The images and graphics in the tree: decorative icons must not be among them. */
export function graphics(root: AXNode): AXNode[] {
  const found: AXNode[] = [];
  const walk = (node: AXNode): void => {
    if (GRAPHIC_ROLES.has(node.role)) found.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return found;
}

/** The live regions in the tree (nodes with `live` set), outermost first. */
export function liveRegions(root: AXNode, politeness?: 'polite' | 'assertive'): AXNode[] {
  const found: AXNode[] = [];
  const walk = (node: AXNode): void => {
    if (node.live !== undefined && node.live !== 'off' && (politeness === undefined || node.live === politeness)) found.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return found;
}

/** The live regions holding text, as [politeness, text]. */
export const voiced = (tree: AXNode): string[][] => liveRegions(tree).filter((r) => textOf(r) !== '').map((r) => [r.live as string, textOf(r)]);

/**
 * How long a wait that reads Chromium's tree at each look may take: one read alone took over
 * waitUntil's default second on a loaded machine, and the wait failed before its first answer.
 * Below mocha's 10 s per test; a voiced message stays in the tree 5 s.
 */
export const AX_WAIT = 8000;

/**
 * Waits until a live region (of this politeness, when given) holds `text` (all of its text, or
 * matching the pattern), and returns the tree.
 */
export async function announced(
  el: Element & { readonly updateComplete?: Promise<unknown> },
  text: string | RegExp,
  politeness?: 'polite' | 'assertive',
): Promise<AXNode> {
  const said = (region: AXNode): boolean => (typeof text === 'string' ? textOf(region) === text : text.test(textOf(region)));
  let tree: AXNode | undefined;
  await waitUntil(
    async () => {
      tree = await axTree(el);
      return liveRegions(tree, politeness).some(said);
    },
    `"${String(text)}" in a ${politeness ?? ''} live region`,
    { timeout: AX_WAIT },
  );
  return tree as AXNode;
}
