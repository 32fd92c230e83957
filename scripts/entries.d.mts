/** The adapters package's public entries found on disk: subpath name and source file. */
export function adapterEntries(): { name: string; file: string }[];
