/**
 * Shared by the s4-lenet checks and demo: a model's layers as plain data (class, output shape,
 * parameters, activation, kernel/stride/padding), the reference layer list, the first difference
 * explained in the learner's words, and receptive fields per layer.
 */
import * as tf from '@tensorflow/tfjs';

export interface LayerInfo {
  cls: string;
  name: string;
  out: Array<number | null>;
  params: number;
  activation?: string;
  kernel?: number[];
  strides?: number[];
  padding?: string;
  filters?: number;
  units?: number;
  poolSize?: number[];
  rate?: number;
}

const pair = (v: unknown): number[] | undefined => (v === undefined || v === null ? undefined : Array.isArray(v) ? v.map(Number) : [Number(v), Number(v)]);

/** A layer's facts as plain data (works on any tf.layers layer). */
export function layerInfo(l: tf.layers.Layer): LayerInfo {
  const cfg = l.getConfig() as Record<string, unknown>;
  const out = (Array.isArray(l.outputShape[0]) ? l.outputShape[0] : l.outputShape) as Array<number | null>;
  const info: LayerInfo = { cls: l.getClassName(), name: l.name, out: [...out], params: l.countParams() };
  if (typeof cfg.activation === 'string') info.activation = cfg.activation;
  if (cfg.kernelSize !== undefined) info.kernel = pair(cfg.kernelSize);
  if (cfg.strides !== undefined) info.strides = pair(cfg.strides);
  if (typeof cfg.padding === 'string') info.padding = cfg.padding;
  if (typeof cfg.filters === 'number') info.filters = cfg.filters;
  if (typeof cfg.units === 'number') info.units = cfg.units;
  if (cfg.poolSize !== undefined) info.poolSize = pair(cfg.poolSize);
  if (typeof cfg.rate === 'number') info.rate = cfg.rate;
  return info;
}

export interface ModelInfo { isSequential: boolean; layers: LayerInfo[]; countParams: number; output: Array<number | null> }

export function modelInfo(model: tf.LayersModel): ModelInfo {
  const out = model.outputs[0].shape;
  return { isSequential: model instanceof tf.Sequential, layers: model.layers.map(layerInfo), countParams: model.countParams(), output: [...out] };
}

export type LeNetOptions = { inputShape: [number, number, number]; numClasses: number; pooling: 'avg' | 'max'; activation: 'tanh' | 'relu'; seed: number };

/** The reference layers of LeNet-5 for these options, computed by arithmetic. */
export function refLayers(o: LeNetOptions): LayerInfo[] {
  const [h, w, c] = o.inputShape;
  const pool = o.pooling === 'avg' ? 'AveragePooling2D' : 'MaxPooling2D';
  const h1 = h - 4, w1 = w - 4, h2 = Math.floor(h1 / 2), w2 = Math.floor(w1 / 2);
  const h3 = h2 - 4, w3 = w2 - 4, h4 = Math.floor(h3 / 2), w4 = Math.floor(w3 / 2);
  const flat = h4 * w4 * 16;
  return [
    { cls: 'Conv2D', name: 'conv1', out: [null, h1, w1, 6], params: 6 * (25 * c + 1), activation: o.activation, kernel: [5, 5], padding: 'valid', filters: 6, strides: [1, 1] },
    { cls: pool, name: 'pool1', out: [null, h2, w2, 6], params: 0, poolSize: [2, 2], strides: [2, 2] },
    { cls: 'Conv2D', name: 'conv2', out: [null, h3, w3, 16], params: 16 * (25 * 6 + 1), activation: o.activation, kernel: [5, 5], padding: 'valid', filters: 16, strides: [1, 1] },
    { cls: pool, name: 'pool2', out: [null, h4, w4, 16], params: 0, poolSize: [2, 2], strides: [2, 2] },
    { cls: 'Flatten', name: 'flatten', out: [null, flat], params: 0 },
    { cls: 'Dense', name: 'dense1', out: [null, 120], params: flat * 120 + 120, activation: o.activation, units: 120 },
    { cls: 'Dense', name: 'dense2', out: [null, 84], params: 120 * 84 + 84, activation: o.activation, units: 84 },
    { cls: 'Dense', name: 'output', out: [null, o.numClasses], params: 84 * o.numClasses + o.numClasses, activation: 'softmax', units: o.numClasses },
  ];
}

export const refCount = (o: LeNetOptions): number => refLayers(o).reduce((s, l) => s + l.params, 0);
const shp = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
const optStr = (o: LeNetOptions) => `{ inputShape: [${o.inputShape.join(', ')}], numClasses: ${o.numClasses}, pooling: '${o.pooling}', activation: '${o.activation}' }`;

export interface Diff { message: string; hintKey: string }

/** The first way the learner's layers differ from LeNet-5's, said in the learner's words; null when none. */
export function firstDifference(got: ModelInfo, o: LeNetOptions): Diff | null {
  const want = refLayers(o);
  const call = `buildLeNet5(${optStr(o)})`;
  const at = (i: number, l: LayerInfo) => `${call}: layer ${i} (${l.cls})`;
  if (!got.isSequential) return { message: `${call} must return a tf.Sequential (tf.sequential({ layers: […] }))`, hintKey: 'lenet-architecture' };
  const g = got.layers;
  const acts = g.findIndex((l) => l.cls === 'Activation');
  if (acts >= 0) return { message: `${at(acts, g[acts])}: a separate Activation layer; set the activation inside the Conv2D/Dense layers (activation: '${o.activation}') so the model has exactly the 8 layers of LeNet-5`, hintKey: 'activation-layer' };
  for (let i = 0; i < Math.max(g.length, want.length); i++) {
    const a = g[i], b = want[i];
    if (!a) return { message: `${call}: only ${g.length} layers, expected 8 (Conv2D, ${want[1].cls}, Conv2D, ${want[1].cls}, Flatten, Dense(120), Dense(84), Dense(${o.numClasses})); missing from layer ${i}: ${b.cls}${b.units ? `(${b.units})` : ''}`, hintKey: 'lenet-architecture' };
    if (!b) return { message: `${call}: ${g.length} layers, expected 8; layer ${i} (${a.cls}, output ${shp(a.out)}) is extra`, hintKey: 'lenet-architecture' };
    if (a.cls !== b.cls) {
      if (/Pooling2D$/.test(a.cls) && /Pooling2D$/.test(b.cls)) return { message: `${at(i, a)}: pooling: '${o.pooling}' must build ${b.cls} layers, got ${a.cls}`, hintKey: 'pooling-kind' };
      return { message: `${at(i, a)}: expected ${b.cls}${b.units ? `(${b.units})` : ''} here (LeNet-5 is Conv2D, Pool, Conv2D, Pool, Flatten, Dense(120), Dense(84), Dense(C)), got ${a.cls} with output ${shp(a.out)}`, hintKey: 'lenet-architecture' };
    }
    if (shp(a.out) !== shp(b.out)) {
      let why = '';
      if (a.cls === 'Conv2D' && a.padding === 'same') why = ` — 'same' padding keeps the size; LeNet's 5×5 convolutions are 'valid' and lose 4 pixels`;
      else if (a.cls === 'Conv2D' && a.kernel && a.kernel[0] !== 5) why = ` — the kernel is ${a.kernel.join('×')}; LeNet uses 5×5 ('valid' loses 4 pixels)`;
      else if (/Pooling2D$/.test(a.cls)) why = ` — a 2×2 pool with stride 2 halves the height and width (poolSize: 2, strides: 2)`;
      else if (a.cls === 'Conv2D' && a.filters !== b.filters) why = ` — ${b.filters} filters expected, got ${a.filters}`;
      else if (a.cls === 'Dense') why = ` — ${b.units} units expected, got ${a.units}`;
      const key = a.cls === 'Conv2D' && a.padding === 'same' ? 'same-padding' : 'lenet-architecture';
      return { message: `${at(i, a)}: expected output ${shp(b.out)}, got ${shp(a.out)}${why}`, hintKey: key };
    }
    if (a.params !== b.params) {
      const why = a.cls === 'Conv2D' ? ` (${b.filters} filters × (5·5·${i === 0 ? o.inputShape[2] : 6} weights + 1 bias))` : a.cls === 'Dense' ? ` (inputs × units + units biases)` : '';
      return { message: `${at(i, a)}: ${a.params} parameters, expected ${b.params}${why}${a.params < b.params && a.cls !== 'Flatten' ? ' — is the bias switched off?' : ''}`, hintKey: 'lenet-architecture' };
    }
  }
  for (let i = 0; i < want.length; i++) {
    const a = g[i], b = want[i];
    if (!b.activation) continue;
    const got = a.activation ?? 'linear';
    if (i === want.length - 1) {
      if (got !== 'softmax') return { message: `${at(i, a)}: the output layer's activation is '${got}'; it must be 'softmax' so the model outputs class probabilities (each row sums to 1)`, hintKey: 'softmax-output' };
      continue;
    }
    if (got === 'linear') {
      const next = g.slice(i + 1).find((l) => l.cls === a.cls || (a.cls === 'Conv2D' && l.cls === 'Dense'));
      return { message: `${at(i, a)}: a missing activation between ${a.cls === 'Conv2D' ? 'convolutions' : 'dense layers'}: layer ${i} has no activation (linear)${next ? `, so it and the next ${next.cls} collapse into one linear map` : ''}; set activation: '${o.activation}'`, hintKey: 'missing-activation' };
    }
    if (got !== o.activation) return { message: `${at(i, a)}: activation '${got}', expected '${o.activation}' (the activation option applies to both Conv2D and the hidden Dense layers)`, hintKey: 'activation-option' };
  }
  if (got.countParams !== refCount(o)) return { message: `${call}: countParams() = ${got.countParams}, expected ${refCount(o)}`, hintKey: 'lenet-architecture' };
  return null;
}

/** Receptive field (pixels of the input seen by one output position) after each layer; dense layers see everything. */
export function receptiveFields(layers: LayerInfo[], inputSize: number): number[] {
  let r = 1, jump = 1;
  return layers.map((l) => {
    if (l.kernel || l.poolSize) {
      const k = (l.kernel ?? l.poolSize)![0], s = (l.strides ?? [1])[0];
      r += (k - 1) * jump;
      jump *= s;
      return r;
    }
    if (l.cls === 'Flatten' || l.cls === 'Dense') r = inputSize;
    return r;
  });
}
