import type { Catalog } from '../../internal/localize.js';

const en = {
  criterion: 'Criterion',
  answer: 'Answer',
  /** A scale answer: "3 of 5". */
  scaleOf: (value: string, max: string): string => `${value} of ${max}`,
  replyLabel: 'Your comment (required to dispute)',
  acknowledge: 'Acknowledge',
  dispute: 'Dispute',
  disputeNeedsComment: 'Say why you dispute it: a comment is required.',
  whyNotYours: 'Only the evaluated agent can answer it.',
  announceMine: (state: string): string => `${state}.`,
};

/**
 * What only the agent's side says (the answers table, Acknowledge and Dispute), in the
 * `evaluation` namespace, so translations of it reach these too. It travels with that side
 * (`agent.ts`, loaded when an agent's element first shows its list): a module that imports
 * nothing at run time (hence the literal rather than `defineCatalog`), so the bundler puts it in
 * that chunk and adds none the element loads up front.
 */
export const evaluationAgentCatalog: Catalog<typeof en> = { namespace: 'evaluation', en };
