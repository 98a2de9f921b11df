import * as E from 'fp-ts/lib/Either.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `stored` with every key it lacks (at any depth) taken from `resolved`; keys it has are kept as they are. */
function withMissingKeys(stored: unknown, resolved: unknown): unknown {
  if (!isRecord(stored) || !isRecord(resolved)) return stored;
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(resolved)) {
    merged[key] = key in stored ? withMissingKeys(stored[key], value) : value;
  }
  return merged;
}

/**
 * For `createRunDirectory`'s `resolveStoredConfig`: a run's stored config gets the keys added to the config
 * since it was written, at their defaults (`decode` resolves it with today's codec); nothing it has changes,
 * so only a key that did not exist when the run started can differ from before. An undecodable stored
 * config is returned unchanged (the comparison then names the difference).
 */
export const storedConfigResolver =
  <A>(decode: (input: unknown) => E.Either<unknown, A>) =>
  (stored: unknown): unknown => {
    const resolved = decode(stored);
    return E.isLeft(resolved) ? stored : withMissingKeys(stored, JSON.parse(JSON.stringify(resolved.right)) as unknown);
  };
