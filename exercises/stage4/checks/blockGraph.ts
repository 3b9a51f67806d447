/**
 * Structure of a learner-built block (s4-resnet, s4-inception), as plain data.
 *
 * In the sandbox, `describeBlock` turns the model built from `tf.input → learner's block` into
 * chains of layers: every path from the input to the merge layer (Add, Concatenate), then the path
 * from the merge to the output. A Conv2D with a ReLU inside counts as Conv2D followed by ReLU, so a
 * separate ReLU layer and an inside one compare equal. In the judge, `chainDiff` and `matchChains` compare the
 * learner's chains with the reference's and names the first layer that diverges.
 */
import * as tf from '@tensorflow/tfjs';

export interface LayerInfo {
  name: string;
  className: string;
  /** Conv2D 3×3 stride 2 'same', MaxPooling2D 3×3 stride 1 'same', ReLU, … */
  label: string;
  shape: Array<number | null>;
  params: number;
  /** The params this layer would have with its bias switched the other way (convs only). */
  paramsOtherBias?: number;
  /** Set for an activation written inside a layer (activation: 'relu' in a Conv2D): that layer's class. */
  inside?: string;
  /** BatchNormalization: momentum and epsilon. */
  momentum?: number;
  epsilon?: number;
  /** Weight arrays, flat, with shapes (when asked for). */
  weights?: Array<{ shape: number[]; values: number[] }>;
}
export interface BlockInfo {
  /** Paths from the input to the merge layer (empty when a path is the input itself). */
  chains: LayerInfo[][];
  merge: LayerInfo | null;
  /** Layers after the merge, to the output. */
  tail: LayerInfo[];
  /** Set when the block is not "paths → one merge → tail". */
  irregular?: string;
  outputShape: Array<number | null>;
  params: number;
}

type AnyLayer = tf.layers.Layer & { getConfig(): Record<string, unknown> };

const pair = (v: unknown): string => {
  const a = Array.isArray(v) ? v : [v, v];
  return a[0] === a[1] ? `${a[0]}` : `${a[0]}×${a[1]}`;
};
const size = (v: unknown): string => {
  const a = Array.isArray(v) ? v : [v, v];
  return `${a[0]}×${a[1]}`;
};

function infoOf(layer: AnyLayer, withWeights: boolean): LayerInfo[] {
  const cls = layer.getClassName();
  const cfg = layer.getConfig();
  let shape: Array<number | null> = [];
  try { shape = (layer.outputShape as Array<number | null>).slice(); } catch { /* a layer used twice */ }
  const params = layer.countParams();
  const base: LayerInfo = { name: layer.name, className: cls, label: cls, shape, params };
  if (withWeights) base.weights = layer.getWeights().map((w) => ({ shape: w.shape.slice(), values: Array.from(w.dataSync()) }));
  const act = typeof cfg.activation === 'string' ? cfg.activation : 'linear';
  if (cls === 'Conv2D') {
    const k = size(cfg.kernelSize), s = pair(cfg.strides);
    // A 1×1 kernel reads no neighbours: 'same' and 'valid' pad nothing and give the same output.
    base.label = `Conv2D ${k} stride ${s}${k === '1×1' ? '' : ` '${cfg.padding}'`}${pair(cfg.dilationRate ?? 1) !== '1' ? ` dilation ${pair(cfg.dilationRate)}` : ''}`;
    const filters = Number(cfg.filters);
    base.paramsOtherBias = cfg.useBias ? params - filters : params + filters;
  } else if (cls === 'MaxPooling2D' || cls === 'AveragePooling2D') {
    base.label = `${cls} ${size(cfg.poolSize)} stride ${pair(cfg.strides)} '${cfg.padding}'`;
  } else if (cls === 'BatchNormalization') {
    base.momentum = Number(cfg.momentum);
    base.epsilon = Number(cfg.epsilon);
  } else if (cls === 'Activation') {
    return [{ ...base, className: act === 'relu' ? 'ReLU' : `Activation`, label: act === 'relu' ? 'ReLU' : `Activation '${act}'` }];
  } else if (cls === 'Dense') {
    base.label = `Dense ${cfg.units}`;
  }
  if (cls !== 'Activation' && act !== 'linear' && (cls === 'Conv2D' || cls === 'Dense')) {
    return [base, { name: `${layer.name} (its activation)`, className: act === 'relu' ? 'ReLU' : 'Activation', label: act === 'relu' ? 'ReLU' : `Activation '${act}'`, inside: cls, shape, params: 0 }];
  }
  return [base];
}

function inboundOf(layer: tf.layers.Layer): tf.layers.Layer[] {
  const nodes = (layer as unknown as { inboundNodes: Array<{ inboundLayers: tf.layers.Layer[] }> }).inboundNodes;
  return nodes.length ? nodes[0].inboundLayers.slice() : [];
}

/** Describe `model` (built as tf.model({ inputs: one tf.input, outputs: block(input) })). Runs where the model lives. */
export function describeBlock(model: tf.LayersModel, o: { weights?: boolean } = {}): BlockInfo {
  const out: BlockInfo = { chains: [], merge: null, tail: [], outputShape: (model.outputs[0].shape as Array<number | null>).slice(), params: model.countParams() };
  const isInput = (l: tf.layers.Layer) => l.getClassName() === 'InputLayer';
  const w = !!o.weights;
  // Walk back from the output to the first layer with more than one input.
  const tail: tf.layers.Layer[] = [];
  let cur: tf.layers.Layer = model.outputLayers[0];
  while (!isInput(cur) && inboundOf(cur).length === 1) {
    tail.unshift(cur);
    cur = inboundOf(cur)[0];
  }
  if (isInput(cur)) {
    out.tail = tail.flatMap((l) => infoOf(l as AnyLayer, w));
    out.irregular = 'a single path from the input to the output: no layer merges two paths';
    return out;
  }
  out.merge = infoOf(cur as AnyLayer, w)[0];
  out.tail = tail.flatMap((l) => infoOf(l as AnyLayer, w));
  for (const start of inboundOf(cur)) {
    const chain: tf.layers.Layer[] = [];
    let c: tf.layers.Layer = start;
    while (!isInput(c)) {
      const ins = inboundOf(c);
      if (ins.length !== 1) {
        out.irregular = `the path into ${cur.name} (${cur.getClassName()}) passes ${c.name} (${c.getClassName()}), which merges ${ins.length} inputs: build each path from the block's input to the merge`;
        break;
      }
      chain.unshift(c);
      c = ins[0];
    }
    out.chains.push(chain.flatMap((l) => infoOf(l as AnyLayer, w)));
  }
  return out;
}

const fmtShape = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]`;
export const layerText = (l: LayerInfo | undefined, o: { inside?: boolean } = {}): string =>
  (l ? `${l.label}${o.inside && l.inside ? ` (inside ${l.inside})` : ''} → ${fmtShape(l.shape)}, ${l.params} params` : 'nothing');

/** The first difference between two chains, in words, or null. */
export function chainDiff(got: LayerInfo[], want: LayerInfo[], o: { biasOptional?: boolean } = {}): { index: number; text: string } | null {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const g = got[i], e = want[i];
    if (!g || !e || g.label !== e.label || fmtShape(g.shape) !== fmtShape(e.shape)) {
      return { index: i, text: `layer ${i + 1}: expected ${layerText(e)}, got ${layerText(g, { inside: true })}` };
    }
    const okParams = g.params === e.params || (o.biasOptional && g.className === 'Conv2D' && g.params === e.paramsOtherBias);
    if (!okParams) return { index: i, text: `layer ${i + 1} (${g.label}): ${g.params} params, expected ${e.params}${o.biasOptional && e.paramsOtherBias !== undefined ? ` (or ${e.paramsOtherBias} with${e.params < e.paramsOtherBias ? '' : 'out'} a bias)` : ''}` };
  }
  return null;
}

const permutations = (n: number): number[][] => (n <= 1 ? [[...Array(n).keys()]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));

/**
 * Pair the learner's chains with the reference's: the pairing with the most identical chains, then
 * the longest matching prefixes. Returns, for each reference chain, the index of the learner's chain.
 */
export function matchChains(got: LayerInfo[][], want: LayerInfo[][], o: { biasOptional?: boolean } = {}): number[] {
  if (got.length !== want.length || got.length > 6) return want.map((_, i) => i);
  let best: number[] = [], bestScore = -1;
  for (const p of permutations(got.length)) {
    let score = 0;
    p.forEach((gi, wi) => {
      const d = chainDiff(got[gi], want[wi], o);
      score += d ? d.index : 1000;
    });
    if (score > bestScore) { best = p; bestScore = score; }
  }
  return best;
}
