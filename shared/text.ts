/**
 * Length of a string in Unicode code points (not UTF-16 units), the measure DESIGN.md fixes for
 * every text limit, in client, server and database alike. `'😀'.length === 2`, `codePointLength('😀') === 1`.
 */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
