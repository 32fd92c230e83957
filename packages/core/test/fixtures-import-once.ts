// A module for import-once.test.ts: each URL it is imported under is a module instance of its own.
export const url = import.meta.url;
