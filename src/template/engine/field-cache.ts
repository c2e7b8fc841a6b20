/**
 * Inline caches for field access: what a field name resolved to (method, struct field, map key)
 * on the prototype last seen at one call site.
 */

type Method = (...args: never[]) => unknown;

/** How a field name resolved on objects of one prototype at one call site. */
export const enum Resolved {
  Nothing,
  Method,
  DeclaredField,
  OwnField,
  MapKey,
  InterfaceMapKey,
}

/**
 * A monomorphic inline cache for one field name at one call site: the prototype last seen and
 * what the name resolved to on it, so repeated evaluations skip the method/field/key lookup.
 */
export interface FieldCache {
  proto: object | null | undefined;
  kind: Resolved;
  method: Method | undefined;
}

/** Fresh inline caches for a chain of `n` field names. */
export function fieldCaches(n: number): FieldCache[] {
  return Array.from({ length: n }, () => ({ proto: undefined, kind: Resolved.Nothing, method: undefined }));
}

/** Records what `receiver`'s prototype resolved to. */
export function remember(cache: FieldCache, receiver: object, kind: Resolved, method: Method | undefined): void {
  cache.proto = Object.getPrototypeOf(receiver) as object | null;
  cache.kind = kind;
  cache.method = method;
}
