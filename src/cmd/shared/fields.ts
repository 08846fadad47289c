/**
 * Bitbucket Cloud's partial responses (`fields=`): a list asks only for the item fields its output reads.
 * A command keeps a map from each of its `--json` fields to the API fields it is made of.
 */

/** The API fields a `--json` selection needs (each once); names not in the map are left to --json's own check. */
export function apiFieldsFor(json: readonly string[], map: Record<string, readonly string[]>): string[] {
  return [...new Set(json.flatMap((f) => map[f] ?? []))];
}
