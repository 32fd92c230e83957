/**
 * A misspelt option (`regoin`, `teamSid`) is otherwise ignored without a word: TypeScript catches
 * it in an object literal, but not from JavaScript or in an object spread in. Called only inside
 * `if (DEV)`, so production builds drop it with its text.
 *
 * @internal
 */
export function warnUnknownOptions(factory: string, options: unknown, known: Readonly<Record<string, true>>): void {
  if (typeof options !== 'object' || options === null) return;
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(known, key));
  if (unknown.length === 0) return;
  console.warn(`Floorwalk (development build): ${factory} ignores the unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Known options: ${Object.keys(known).join(', ')}.`);
}
