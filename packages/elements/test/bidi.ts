// Where characters land on screen, for tests of bidirectional text. Markup cannot show whether
// user text is isolated from the UI around it (a `<bdi>` or `dir="auto"` may be in the wrong
// place, or a style may undo it); the laid-out position of its characters can.
import type { Agent, FloorwalkEvent } from '@floorwalk/core';
import type { Centre } from './centre.js';

/** The text nodes under `root`, in document order, open shadow roots included. */
function* texts(root: Node): Generator<Text> {
  if (root instanceof Text) {
    yield root;
    return;
  }
  const shadow = root instanceof Element ? root.shadowRoot : null;
  if (shadow !== null) yield* texts(shadow);
  for (const child of root.childNodes) yield* texts(child);
}

/**
 * The horizontal centre on screen of the last occurrence of `char` in the text under `root`
 * (the last, because trailing punctuation is what the bidi algorithm moves).
 */
export function charX(root: Node, char: string): number {
  let found: { node: Text; at: number } | undefined;
  for (const node of texts(root)) {
    const at = node.data.lastIndexOf(char);
    if (at >= 0) found = { node, at };
  }
  if (found === undefined) throw new Error(`"${char}" is not in the text of ${root.nodeName}`);
  const range = document.createRange();
  range.setStart(found.node, found.at);
  range.setEnd(found.node, found.at + char.length);
  const box = range.getBoundingClientRect();
  if (box.width === 0) throw new Error(`"${char}" is not laid out (hidden, or out of the rendered rows)`);
  return box.left + box.width / 2;
}

/** Whether `a` shows to the left of `b` inside `root` (see {@link charX} for which occurrence). */
export function leftOf(root: Node, a: string, b: string): boolean {
  return charX(root, a) < charX(root, b);
}

let serial = 0;
/** The fields every canonical event carries, for {@link Centre.emit}. */
export function eventBase(c: Centre): { id: string; at: number; source: string } {
  return { id: `bidi-${++serial}`, at: c.clock.now(), source: 'test' };
}

/** Renames an agent as the platform would (an `agent` event with their details), and renders. */
export async function renameAgent(c: Centre, agentId: string, name: string): Promise<Agent> {
  const agent = c.client.getAgent(agentId);
  if (agent === undefined) throw new Error(`no agent ${agentId}`);
  const renamed: Agent = { ...agent, name };
  await c.emit([{ ...eventBase(c), type: 'agent', agent: renamed } satisfies FloorwalkEvent]);
  return renamed;
}

/** A Hebrew name ending in "!": in an LTR row without isolation the "!" shows at its right end. */
export const HEBREW_NAME = 'דנה כהן!';
/** Its first letter, the rightmost when the name runs right to left. */
export const HEBREW_FIRST = 'ד';
/** A Latin name ending in "!": on an RTL board without isolation the "!" shows at its left end. */
export const LATIN_NAME = 'Dana Cohen!';
