/** The files `npm test` hands to Node's test runner, relative to the repository. */
export function nodeTestFiles(): string[];
