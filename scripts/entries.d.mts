/** The adapters package's public entries found on disk: subpath name and source file. */
export function adapterEntries(): { name: string; file: string }[];
/** The elements package's entries found on disk: output name and source file. */
export function elementEntries(): { name: string; file: string }[];
