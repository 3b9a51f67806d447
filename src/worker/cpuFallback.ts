/**
 * tfjs-node has no native kernel for a few ops the pure-JS engine has (`tf.image.transform`,
 * `tf.image.rotateWithOffset`, `tf.searchSorted`, `tf.denseBincount`…): on the native engine they throw
 * "Kernel 'Transform' not registered for backend 'tensorflow'", although the same learner code runs
 * on the fallback engine. Register those kernels for the native backend by running the pure-JS
 * kernel on copies of the inputs and copying the result back, so an op works on both engines.
 */
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
interface Info { dataId: object; shape: number[]; dtype: string }
interface DataBackend {
  readSync(dataId: object): ArrayLike<number>;
  write(values: ArrayLike<number>, shape: number[], dtype: string): object;
  disposeData(dataId: object, force?: boolean): boolean;
}
type KernelFunc = (args: { inputs: Record<string, Info | undefined>; backend: unknown; attrs?: unknown }) => Info | Info[];

/** Numeric kernels the pure-JS engine has and tfjs-node lacks (string and ragged ones are left out). */
export const BORROWED_KERNELS = ['Transform', 'RotateWithOffset', 'SearchSorted', 'DenseBincount', 'BitwiseAnd', 'MaxPoolWithArgmax'];

/**
 * Native kernels replaced by the pure-JS one. tfjs-node's `Multinomial` ignores the seed across calls
 * (`tf.multinomial(logits, 4, 7)` twice gives different draws), so seeded sampling (s5-gpt's
 * sampleTokens) would not repeat; the pure-JS kernel draws from the seed and repeats on both engines.
 */
export const REPLACED_KERNELS = ['Multinomial'];

/** The pure-JS backend, started quietly (it prints an "install the node backend" banner otherwise). */
function pureJs(tf: Tf): DataBackend | null {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const cpu = tf.findBackend('cpu') as unknown as (DataBackend & { firstUse?: boolean }) | null;
    // It prints the banner on its first write; the learner's output is no place for it.
    if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
    return cpu;
  } finally {
    console.warn = warn;
  }
}

/** Register the missing kernels on the 'tensorflow' backend; returns the names registered. */
export function borrowCpuKernels(tf: Tf): string[] {
  const done: string[] = [];
  let cpuBackend: DataBackend | null | undefined;
  for (const name of [...BORROWED_KERNELS, ...REPLACED_KERNELS]) {
    const cpuKernel = tf.getKernel(name, 'cpu') as unknown as { kernelFunc: KernelFunc } | undefined;
    const existing = tf.getKernel(name, 'tensorflow') as unknown as { borrowed?: boolean } | undefined;
    if (!cpuKernel || (existing && (!REPLACED_KERNELS.includes(name) || existing.borrowed))) continue;
    if (existing) tf.unregisterKernel(name, 'tensorflow');
    tf.registerKernel({
      kernelName: name,
      backendName: 'tensorflow',
      kernelFunc: ((args: { inputs: Record<string, Info | undefined>; backend: unknown; attrs?: unknown }) => {
        const cpu = (cpuBackend ??= pureJs(tf));
        if (!cpu) throw new Error(`${name}: the pure-JS engine this op borrows is not available`);
        const native = args.backend as DataBackend;
        const moved: Record<string, Info> = {};
        const made: object[] = [];
        try {
          for (const [k, t] of Object.entries(args.inputs)) {
            if (!t) continue;
            const dataId = cpu.write(native.readSync(t.dataId), t.shape, t.dtype);
            made.push(dataId);
            moved[k] = { dataId, shape: t.shape, dtype: t.dtype };
          }
          const out = cpuKernel.kernelFunc({ inputs: moved, backend: cpu, attrs: args.attrs });
          const back = (Array.isArray(out) ? out : [out]).map((o) => {
            const values = cpu.readSync(o.dataId);
            cpu.disposeData(o.dataId, true);
            return { dataId: native.write(values, o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
          });
          return Array.isArray(out) ? back : back[0];
        } finally {
          for (const id of made) cpu.disposeData(id, true);
        }
      }) as unknown as tfType.KernelFunc,
    });
    (tf.getKernel(name, 'tensorflow') as unknown as { borrowed?: boolean }).borrowed = true;
    done.push(name);
  }
  return done;
}
