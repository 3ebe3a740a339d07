/**
 * Copying optional fields: under `exactOptionalPropertyTypes` a field is left out rather than set to
 * `undefined`, so a copy names only the fields that have a value.
 */

/** The fields `names` of `source` that have a value. */
export function definedFields<Source extends object, Name extends keyof Source>(
  source: Source,
  names: readonly Name[],
): { [Field in Name]?: Exclude<Source[Field], undefined> } {
  return Object.fromEntries(
    names.flatMap((name) => (source[name] === undefined ? [] : [[name, source[name]]])),
  ) as { [Field in Name]?: Exclude<Source[Field], undefined> };
}
