/** The value cached under `key`, created by `create` on first use (e.g. one tfjs custom-gradient op per setting). */
export function memoized<K, V>(cache: Map<K, V>, key: K, create: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}
