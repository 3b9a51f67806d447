/** Paths into argument lists and results (used on both sides of the sandbox). */

/** An argument index, or a path into an argument: `[1, 'gamma']` is `args[1].gamma`. */
export type ArgPath = number | Array<number | string>;

/** Replace the value at `path` in a copy of `root` (objects and arrays along the path are copied). */
export function withValueAt(root: unknown[], path: ArgPath, value: unknown): unknown[] {
  const p = typeof path === 'number' ? [path] : path;
  const top = root.slice();
  let parent: Record<string | number, unknown> = top as unknown as Record<number, unknown>;
  for (let i = 0; i < p.length - 1; i++) {
    const cur = parent[p[i]];
    const copy = Array.isArray(cur) ? cur.slice() : { ...(cur as object) };
    parent[p[i]] = copy;
    parent = copy as Record<string | number, unknown>;
  }
  parent[p[p.length - 1]] = value;
  return top;
}

/** The value at `path` (a result's field, e.g. `['y']`). */
export function valueAt(root: unknown, path: Array<number | string> = []): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root);
}

