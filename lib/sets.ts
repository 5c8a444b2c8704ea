/** A copy of a set with `item` taken out if it was in, put in if it was not (a ticked box). */
export function toggled<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  if (!next.delete(item)) next.add(item);
  return next;
}
