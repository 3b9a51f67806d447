/**
 * How values cross between the judge (the worker's main thread: checks, references, verdicts) and
 * the sandbox (a worker thread with its own V8 isolate and its own TensorFlow.js, where only the
 * learner's module runs). Nothing is shared: tensors and plain data are copied, functions and class
 * instances stay where they live and the other side gets a handle. Both sides use this codec; each
 * owns the objects it handed out by id.
 */
import type * as tfType from '@tensorflow/tfjs';
import { mulberry32, rngState } from '../../data/rng';
import { fromPortableSpec, portableSpec, type PortableSpec } from '../../data/portable';

type Tf = typeof tfType;

/** A value on the wire: primitives as they are, everything else tagged. */
export type Wire = null | undefined | boolean | number | string | bigint | WireObj;
export type WireObj =
  /** A tensor; `id` pairs it with its copy on the other side (disposing one disposes the other). */
  | { $: 't'; k: number; id: number; shape: number[]; dtype: string; data: ArrayBufferView | string[] }
  /** A variable; `data` is absent when it was disposed (the other side's twin keeps its identity). */
  | { $: 'v'; k: number; id: number; shape: number[]; dtype: string; data?: ArrayBufferView | string[]; trainable: boolean }
  | { $: 'n'; k: number; items: number[] }
  | { $: 'a'; k: number; items: Wire[] }
  | { $: 'o'; k: number; entries: Array<[string, Wire]> }
  | { $: 'ta'; k: number; value: ArrayBufferView }
  | { $: 'map'; k: number; entries: Array<[Wire, Wire]> }
  | { $: 'set'; k: number; items: Wire[] }
  /** A function that lives on the sender's side (call it through the channel). */
  | { $: 'fn'; id: number; name: string }
  /** A class instance that lives on the sender's side. */
  | { $: 'obj'; id: number; ctor: string }
  /** A handle the receiver handed out earlier, coming back. */
  | { $: 'ref'; id: number }
  | { $: 'err'; name: string; message: string }
  | { $: 'sym'; description: string }
  /** A value too deep or too large to copy. */
  | { $: 'cut'; what: string }
  /** A mulberry32 generator, copied by its state. */
  | { $: 'rng'; state: number }
  /** A function rebuilt from its spec on the other side (polynomial, sinusoid). */
  | { $: 'pf'; spec: PortableSpec }
  /** A tensor that was disposed (it arrives disposed, as it would be in one process). */
  | { $: 'gone'; shape: number[]; dtype: string }
  /** The argument object numbered `k` in the call's arguments: returned as it was given. */
  | { $: 'in'; k: number }
  /** The object numbered `k` earlier in the same value (aliases and cycles survive the copy). */
  | { $: 'same'; k: number };

const MAX_DEPTH = 40;
const MAX_ITEMS = 5_000_000;

/** What the codec needs from its side: its engine and how to treat handles. */
export interface CodecSide {
  tf: Tf;
  /** Id parity of variables this side creates (judge 0, sandbox 1), so mirrored ids never collide. */
  parity: 0 | 1;
  /** A proxy made for the other side's handle `id` (function or object). */
  remoteFunction(id: number, name: string): unknown;
  remoteObject(id: number, ctor: string): unknown;
  /** The other side's handle id if `v` is one of its proxies. */
  remoteIdOf(v: unknown): number | undefined;
}

interface Own { value: unknown; holder?: unknown }

/** Is `v` a tensor of this side's engine? Duck-typed: the judge's and the sandbox's classes differ. */
export function isTensorLike(v: unknown): v is tfType.Tensor {
  return typeof v === 'object' && v !== null && typeof (v as { dataSync?: unknown }).dataSync === 'function' &&
    Array.isArray((v as { shape?: unknown }).shape) && typeof (v as { dtype?: unknown }).dtype === 'string' && 'dataId' in (v as object);
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

export class Codec {
  private readonly own = new Map<number, Own>();
  private readonly ownIds = new WeakMap<object, number>();
  private nextOwn = 1;
  private nextVar: number;
  /** Mirrored variables by id (both sides keep one per id). */
  readonly vars = new Map<number, tfType.Variable>();
  private readonly varIds = new WeakMap<object, number>();
  /** Tensors paired with a copy on the other side, by pair id. */
  readonly mirrors = new Map<number, tfType.Tensor>();
  private readonly mirrorIds = new WeakMap<object, number>();

  constructor(private readonly side: CodecSide) {
    this.nextVar = side.parity + 2;
  }

  /** The object or function this side handed out as `id`, with the object it was read from. */
  owned(id: number): Own | undefined {
    return this.own.get(id);
  }

  private handle(value: object, holder?: unknown): number {
    // A method read from an object is handed out with that object (its `this`): not shared by value.
    const known = holder === undefined ? this.ownIds.get(value) : undefined;
    if (known !== undefined) return known;
    const id = this.nextOwn++;
    this.own.set(id, { value, holder });
    if (holder === undefined) this.ownIds.set(value, id);
    return id;
  }

  private tensorData(t: tfType.Tensor): ArrayBufferView | string[] {
    if (t.dtype === 'string') return (t.dataSync() as unknown as Uint8Array[]).map((b) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8')));
    const d = t.dataSync() as ArrayBufferView;
    // tfjs-node may hand out a view of a larger buffer: copy exactly the elements.
    return (d as Float32Array).slice();
  }

  /** The pair id of a tensor this side sent or received, if it has one. */
  mirrorId(t: object): number | undefined {
    return this.mirrorIds.get(t);
  }

  /** A new id for a tensor or variable pair, of this side's parity (the two sides never collide). */
  private newId(): number {
    const id = this.nextVar;
    this.nextVar += 2;
    return id;
  }

  private pair(t: tfType.Tensor, id?: number): number {
    const m = id ?? this.mirrorIds.get(t) ?? this.newId();
    this.mirrorIds.set(t, m);
    this.mirrors.set(m, t);
    return m;
  }

  /** Forget (and dispose) this side's copies of pairs the other side disposed. */
  drop(ids: number[]): void {
    for (const id of ids) {
      const t = this.mirrors.get(id);
      this.mirrors.delete(id);
      if (t && !t.isDisposed) t.dispose();
    }
  }

  variableId(v: tfType.Variable): number {
    let id = this.varIds.get(v);
    if (id === undefined) {
      id = this.newId();
      this.varIds.set(v, id);
      this.vars.set(id, v);
    }
    return id;
  }

  encode(v: unknown, holder?: unknown, inputs?: Map<object, number>): Wire {
    return this.enc(v, holder, 0, { items: 0, seen: new Map(), next: 0, inputs });
  }

  /** Encode an argument list; also returns its objects by number, to recognise them coming back. */
  encodeArgs(args: unknown[]): { wire: Wire; objects: Map<number, unknown> } {
    const seen = new Map<object, number>();
    const wire = this.enc(args, undefined, 0, { items: 0, seen, next: 0 });
    return { wire, objects: new Map([...seen].map(([o, k]) => [k, o])) };
  }

  /** Decode an argument list; also returns its objects, numbered as the sender numbered them. */
  decodeArgs(w: Wire): { args: unknown[]; inputs: Map<object, number> } {
    const byK = new Map<number, unknown>();
    const args = this.dec(w, byK) as unknown[];
    const inputs = new Map<object, number>();
    for (const [k, o] of byK) if (o !== null && typeof o === 'object' && !isTensorLike(o) && o !== args) inputs.set(o, k);
    return { args, inputs };
  }

  private enc(v: unknown, holder: unknown, depth: number, ctx: { items: number; seen: Map<object, number>; next: number; inputs?: Map<object, number> }): Wire {
    if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint') return v;
    if (typeof v === 'symbol') return { $: 'sym', description: String(v.description ?? '') };
    if (depth > MAX_DEPTH) return { $: 'cut', what: 'nested too deeply' };
    const remote = this.side.remoteIdOf(v);
    if (remote !== undefined) return { $: 'ref', id: remote };
    const rs = rngState(v);
    if (rs) return { $: 'rng', state: rs.get() };
    const pf = portableSpec(v);
    if (pf) return { $: 'pf', spec: pf };
    if (typeof v === 'function') return { $: 'fn', id: this.handle(v, holder), name: safeName(v) };
    const o = v as object;
    const given = ctx.inputs?.get(o);
    if (given !== undefined) return { $: 'in', k: given };
    const again = ctx.seen.get(o);
    if (again !== undefined) return { $: 'same', k: again };
    const number = () => { const k = ctx.next++; ctx.seen.set(o, k); return k; };
    if (isTensorLike(o)) {
      const isVar = 'assign' in o && typeof (o as tfType.Variable).assign === 'function' && 'trainable' in o;
      // A variable keeps its identity across the boundary even after a dispose (tf lets `assign`
      // give a disposed variable new values): only one that cannot be read arrives as gone.
      let data: ArrayBufferView | string[] | undefined;
      if (!o.isDisposed || isVar) { try { data = this.tensorData(o); } catch { data = undefined; } }
      if (data === undefined && !isVar) return { $: 'gone', shape: o.shape.slice(), dtype: o.dtype };
      const k = number();
      ctx.items += o.size;
      if (isVar) {
        const tv = o as tfType.Variable;
        return { $: 'v', k, id: this.variableId(tv), shape: tv.shape.slice(), dtype: tv.dtype, data, trainable: tv.trainable };
      }
      return { $: 't', k, id: this.pair(o), shape: o.shape.slice(), dtype: o.dtype, data: data! };
    }
    if (ArrayBuffer.isView(o)) {
      ctx.items += (o as Uint8Array).length ?? 0;
      return { $: 'ta', k: number(), value: (o as Uint8Array).slice() };
    }
    if (Array.isArray(o)) {
      ctx.items += o.length;
      if (ctx.items > MAX_ITEMS) return { $: 'cut', what: 'more than 5 million values' };
      const k = number();
      if (o.every((x) => typeof x === 'number')) return { $: 'n', k, items: o.slice() };
      return { $: 'a', k, items: o.map((x) => this.enc(x, undefined, depth + 1, ctx)) };
    }
    if (o instanceof Map) { const k = number(); return { $: 'map', k, entries: [...o].map(([a, x]) => [this.enc(a, undefined, depth + 1, ctx), this.enc(x, undefined, depth + 1, ctx)]) }; }
    if (o instanceof Set) { const k = number(); return { $: 'set', k, items: [...o].map((x) => this.enc(x, undefined, depth + 1, ctx)) }; }
    if (o instanceof Error) return { $: 'err', name: String(o.name), message: String(o.message).slice(0, 4000) };
    if (isPlainObject(o)) {
      const k = number();
      const entries: Array<[string, Wire]> = [];
      for (const key of Object.keys(o)) {
        ctx.items++;
        entries.push([key, this.enc((o as Record<string, unknown>)[key], o, depth + 1, ctx)]);
      }
      return { $: 'o', k, entries };
    }
    return { $: 'obj', id: this.handle(o), ctor: safeCtor(o) };
  }

  decode(w: Wire, inputs?: Map<number, unknown>): unknown {
    return this.dec(w, new Map(), inputs);
  }

  private dec(w: Wire, byK: Map<number, unknown>, inputs?: Map<number, unknown>): unknown {
    if (w === null || typeof w !== 'object') return w;
    const tf = this.side.tf;
    const keep = <T>(k: number, x: T): T => { byK.set(k, x); return x; };
    switch (w.$) {
      case 'same': return byK.get(w.k);
      case 'in': return inputs?.get(w.k);
      case 't': {
        const known = this.mirrors.get(w.id);
        if (known && !known.isDisposed && known.dtype === w.dtype && known.shape.join() === w.shape.join()) return keep(w.k, known);
        const t = w.dtype === 'string' ? tf.tensor(w.data as string[], w.shape, 'string') : tf.tensor(w.data as Float32Array, w.shape, w.dtype as tfType.DataType);
        this.pair(t, w.id);
        return keep(w.k, t);
      }
      case 'v': {
        const known = this.vars.get(w.id);
        if (w.data === undefined) {
          if (known) return keep(w.k, known);
          const gone = tf.zeros(w.shape, w.dtype as tfType.DataType);
          gone.dispose();
          return keep(w.k, gone);
        }
        const value = tf.tensor(w.data as Float32Array, w.shape, w.dtype as tfType.DataType);
        if (known && known.shape.join() === w.shape.join() && known.dtype === w.dtype) {
          try {
            known.assign(value);
            value.dispose();
            return keep(w.k, known);
          } catch { /* a variable that cannot take values any more: a new one */ }
        }
        const v = tf.variable(value, w.trainable);
        value.dispose();
        this.vars.set(w.id, v);
        this.varIds.set(v, w.id);
        return keep(w.k, v);
      }
      case 'n': return keep(w.k, w.items);
      case 'a': {
        const a = keep(w.k, [] as unknown[]);
        for (const x of w.items) a.push(this.dec(x, byK, inputs));
        return a;
      }
      case 'o': {
        const o = keep(w.k, {} as Record<string, unknown>);
        for (const [k, x] of w.entries) o[k] = this.dec(x, byK, inputs);
        return o;
      }
      case 'ta': return keep(w.k, w.value);
      case 'map': {
        const m = keep(w.k, new Map<unknown, unknown>());
        for (const [k, x] of w.entries) m.set(this.dec(k, byK, inputs), this.dec(x, byK, inputs));
        return m;
      }
      case 'set': {
        const st = keep(w.k, new Set<unknown>());
        for (const x of w.items) st.add(this.dec(x, byK, inputs));
        return st;
      }
      case 'fn': return this.side.remoteFunction(w.id, w.name);
      case 'obj': return this.side.remoteObject(w.id, w.ctor);
      case 'ref': {
        const o = this.own.get(w.id);
        if (!o) throw new Error(`internal: unknown handle ${w.id}`);
        return o.value;
      }
      case 'err': {
        const e = new Error(w.message);
        e.name = w.name;
        return e;
      }
      case 'sym': return Symbol(w.description);
      case 'gone': {
        const t = tf.zeros(w.shape, w.dtype === 'string' ? 'float32' : w.dtype as tfType.DataType);
        t.dispose();
        return t;
      }
      case 'pf': return fromPortableSpec(w.spec);
      case 'rng': {
        const r = mulberry32(0);
        rngState(r)!.set(w.state);
        return r;
      }
      default: return undefined;
    }
  }

  /**
   * Copies the other side's version of an argument back onto the original, in place: what the
   * learner did to an array, a typed array or a plain object it was given is visible to the check,
   * as if they shared it. A tensor the learner disposed is disposed here too.
   */
  applyBack(orig: unknown, back: Wire): void {
    const rs = rngState(orig);
    if (rs && back !== null && typeof back === 'object' && back.$ === 'rng') { rs.set(back.state); return; }
    if (orig === null || typeof orig !== 'object' || back === null || typeof back !== 'object' || back.$ === 'same') return;
    // A frozen object is a check file's shared constant: the learner's changes to its copy stay there
    // (later checks must see the constant as written), while unfrozen arguments show the change.
    if (Object.isFrozen(orig)) return;
    if (isTensorLike(orig)) {
      if (back.$ === 'gone' && !orig.isDisposed) orig.dispose();
      return;
    }
    if (ArrayBuffer.isView(orig) && back.$ === 'ta') {
      const a = orig as unknown as { length: number; set(x: ArrayLike<number>): void };
      const b = back.value as unknown as ArrayLike<number>;
      if (a.length === b.length) a.set(b);
      return;
    }
    if (Array.isArray(orig) && (back.$ === 'n' || back.$ === 'a')) {
      const items: Wire[] = back.items;
      for (let i = 0; i < items.length; i++) {
        const x = orig[i];
        if ((x !== null && typeof x === 'object' && !isTensorLike(x)) || rngState(x)) this.applyBack(x, items[i]);
        else if (!isTensorLike(x)) orig[i] = this.decode(items[i]);
        else this.applyBack(x, items[i]);
      }
      orig.length = items.length;
      return;
    }
    if (back.$ === 'o' && isPlainObject(orig)) {
      const rec = orig as Record<string, unknown>;
      const keys = new Set<string>();
      for (const [k, x] of back.entries) {
        keys.add(k);
        const cur = rec[k];
        if ((cur !== null && typeof cur === 'object') || rngState(cur)) this.applyBack(cur, x);
        else if (typeof cur !== 'function') rec[k] = this.decode(x);
      }
      for (const k of Object.keys(rec)) if (!keys.has(k) && typeof rec[k] !== 'function') delete rec[k];
    }
  }
}

function safeName(f: unknown): string {
  try {
    const n = (f as { name?: unknown }).name;
    return typeof n === 'string' ? n.slice(0, 100) : '';
  } catch { return ''; }
}

function safeCtor(o: object): string {
  try {
    const c = (Object.getPrototypeOf(o) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof c === 'string' ? c.slice(0, 100) : 'Object';
  } catch { return 'Object'; }
}
