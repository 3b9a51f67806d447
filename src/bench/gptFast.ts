/**
 * The tiny GPT of the bench, written for few kernels per training step on tfjs-node, where each
 * kernel costs a fixed dispatch overhead (tens of µs) whatever its size:
 * - every parameter lives in ONE flat variable, cut into views with a single tf.split (its
 *   gradient is a single concat), so Adam updates one tensor instead of ~30;
 * - q, k and v come from one matMul and one split;
 * - feed-forward layers and the output layer use tf.fused.matMul (bias and ReLU in the same kernel);
 * - layer norm and attention have hand-written gradients (tf.customGrad), fewer kernels than the
 *   autodiff records of the same ops.
 * Same architecture and sizes as exercises/stage5/solutions/s5-gpt.ts: token embedding + learned
 * positions, pre-norm blocks (causal MHA with Wqkv [d,3d] and Wo [d,d] without biases, FFN 4d with
 * biases and ReLU), final layer norm, Wout [d,V] + bout.
 */
type Tf = typeof import('@tensorflow/tfjs');
type T = import('@tensorflow/tfjs').Tensor;
type GradSaveFunc = import('@tensorflow/tfjs').GradSaveFunc;
type Variable = import('@tensorflow/tfjs').Variable;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;

export interface GptConfig { vocab: number; dModel: number; numHeads: number; numLayers: number; maxLen: number; seed: number }

export interface FastGpt {
  forward(ids: Tensor2D): Tensor3D;
  readonly trainableVariables: Variable[];
  dispose(): void;
}

export function buildFastGpt(tf: Tf, c: GptConfig): FastGpt & { checkGradients(): number; inference(on: boolean): void } {
  const { vocab: V, dModel: d, numHeads: H, numLayers: L, maxLen } = c;
  const dh = d / H;
  // Parameter layout: [name, shape, init] in one flat vector.
  const spec: Array<[string, number[], 'normal' | 'one' | 'zero', number]> = [['E', [V, d], 'normal', 0.3], ['P', [maxLen, d], 'normal', 0.3]];
  for (let l = 0; l < L; l++) {
    spec.push([`ln1g${l}`, [d], 'one', 0], [`ln1b${l}`, [d], 'zero', 0], [`Wqkv${l}`, [d, 3 * d], 'normal', 1 / Math.sqrt(d)], [`Wo${l}`, [d, d], 'normal', 1 / Math.sqrt(d * 2 * L)],
      [`ln2g${l}`, [d], 'one', 0], [`ln2b${l}`, [d], 'zero', 0], [`W1${l}`, [d, 4 * d], 'normal', 1 / Math.sqrt(d)], [`b1${l}`, [4 * d], 'zero', 0],
      [`W2${l}`, [4 * d, d], 'normal', 1 / Math.sqrt(4 * d * 2 * L)], [`b2${l}`, [d], 'zero', 0]);
  }
  spec.push(['lnFg', [d], 'one', 0], ['lnFb', [d], 'zero', 0], ['Wout', [d, V], 'normal', 1 / Math.sqrt(d)], ['bout', [V], 'zero', 0]);
  const sizes = spec.map(([, s]) => s.reduce((a, b) => a * b, 1));
  const theta = tf.tidy(() => tf.variable(tf.concat(spec.map(([, shape, kind, std], k) =>
    kind === 'one' ? tf.ones([sizes[k]]) : kind === 'zero' ? tf.zeros([sizes[k]]) : tf.randomNormal([sizes[k]], 0, std, 'float32', c.seed * 997 + k)))));

  // Row means as a matMul by a [d, 1] column of 1/d: tfjs-node runs a Cast before every Mean.
  const avgCol = tf.keep(tf.fill([d, 1], 1 / d));
  const rowMean = (x: T) => tf.matMul(x, avgCol);
  // Causal masks (−1e9 above the diagonal), built once per length.
  const masks = new Map<number, T>();
  const blockedFor = (n: number) => {
    let m = masks.get(n);
    if (!m) { m = tf.keep(tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([n, n]), -1, 0)), -1e9))); masks.set(n, m); }
    return m;
  };
  // Layer norm over the last axis with its own gradient (x is [N, d]).
  const layerNorm = tf.customGrad(((x: T, g: T, b: T, save: GradSaveFunc) => {
    const mu = rowMean(x);
    const xc = tf.sub(x, mu);
    const rstd = tf.rsqrt(tf.add(rowMean(tf.square(xc)), 1e-5));
    const xhat = tf.mul(xc, rstd);
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (dy: T, saved: T[]) => {
        const [xh, rs, gg] = saved;
        const dxhat = tf.mul(dy, gg);
        // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat · xhat))
        const dx = tf.mul(rs, tf.sub(tf.sub(dxhat, rowMean(dxhat)), tf.mul(xh, rowMean(tf.mul(dxhat, xh)))));
        return [dx, tf.sum(tf.mul(dy, xh), 0), tf.sum(dy, 0)];
      },
    };
  }) as unknown as Parameters<Tf["customGrad"]>[0]) as unknown as (x: T, g: T, b: T) => T;

  // softmax(q·kᵀ·scale + blocked)·v with its own gradient; q, k, v are [B, H, T, dh].
  const scale = 1 / Math.sqrt(dh);
  const attention = (blocked: T) => tf.customGrad(((q: T, k: T, v: T, save: GradSaveFunc) => {
    const p = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), scale), blocked));
    save([q, k, v, p]);
    return {
      value: tf.matMul(p, v),
      gradFunc: (dO: T, saved: T[]) => {
        const [qq, kk, vv, pp] = saved;
        const dP = tf.matMul(dO, vv, false, true);
        const dS = tf.mul(tf.mul(pp, tf.sub(dP, tf.sum(tf.mul(dP, pp), -1, true))), scale);
        return [tf.matMul(dS, kk), tf.matMul(dS, qq, true, false), tf.matMul(pp, dO, true, false)];
      },
    };
  }) as unknown as Parameters<Tf["customGrad"]>[0]) as unknown as (q: T, k: T, v: T) => T;

  // The parameter views: one split of the flat vector (its gradient is one concat).
  const views = () => {
    const parts = tf.split(theta, sizes);
    return new Map(spec.map(([name, shape], k) => [name, shape.length === 1 ? parts[k] : tf.reshape(parts[k], shape)]));
  };
  // Sampling does not train: the views can be cut once for the whole generation.
  let frozen: Map<string, T> | undefined;

  return {
    get trainableVariables() { return [theta]; },
    inference(on: boolean) {
      if (frozen) { tf.dispose([...frozen.values()]); frozen = undefined; }
      if (on) {
        // Outside any tidy: keep the views, free the un-reshaped pieces.
        const parts = tf.split(theta, sizes);
        frozen = new Map(spec.map(([name, shape], k) => {
          if (shape.length === 1) return [name, parts[k]];
          const r = tf.reshape(parts[k], shape);
          parts[k].dispose();
          return [name, r];
        }));
      }
    },
    forward(ids: Tensor2D): Tensor3D {
      const [B, Tn] = ids.shape;
      const N = B * Tn;
      return tf.tidy(() => {
        const p = frozen ?? views();
        const P = (name: string) => p.get(name)!;
        const attend = attention(blockedFor(Tn));
        // [N, d] throughout: position rows tiled over the batch by a reshape-free add on [B, T, d].
        let x = tf.reshape(tf.add(tf.reshape(tf.gather(P('E'), tf.reshape(tf.cast(ids, 'int32'), [N])), [B, Tn, d]), tf.slice(P('P'), [0, 0], [Tn, d])), [N, d]);
        for (let l = 0; l < L; l++) {
          const h = layerNorm(x, P(`ln1g${l}`), P(`ln1b${l}`));
          const qkv = tf.transpose(tf.reshape(tf.matMul(h, P(`Wqkv${l}`)), [B, Tn, 3 * H, dh]), [0, 2, 1, 3]); // [B, 3H, T, dh]
          const [q, k, v] = tf.split(qkv, 3, 1);
          const heads = tf.reshape(tf.transpose(attend(q, k, v), [0, 2, 1, 3]), [N, d]);
          x = tf.add(x, tf.matMul(heads, P(`Wo${l}`)));
          const h2 = layerNorm(x, P(`ln2g${l}`), P(`ln2b${l}`));
          const f = tf.fused.matMul({ a: h2, b: P(`W1${l}`), bias: P(`b1${l}`), activation: 'relu' });
          x = tf.add(x, tf.fused.matMul({ a: f, b: P(`W2${l}`), bias: P(`b2${l}`) }));
        }
        const out = tf.fused.matMul({ a: layerNorm(x, P('lnFg'), P('lnFb')), b: P('Wout'), bias: P('bout') });
        return tf.reshape(out, [B, Tn, V]) as Tensor3D;
      });
    },
    dispose() { tf.dispose([theta, avgCol, ...masks.values(), ...(frozen?.values() ?? [])]); },
    /** Largest |Δ| between the hand-written gradients and autodiff of the same ops (a self-test). */
    checkGradients(): number {
      return tf.tidy(() => {
        const x = tf.randomNormal([6, d], 0, 1, 'float32', 1), g = tf.randomNormal([d], 1, 0.2, 'float32', 2), b = tf.randomNormal([d], 0, 0.2, 'float32', 3);
        const w = tf.randomNormal([6, d], 0, 1, 'float32', 4);
        const lnRef = (xx: T, gg: T, bb: T) => { const { mean, variance } = tf.moments(xx, -1, true); return tf.add(tf.mul(tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, 1e-5))), gg), bb); };
        const gl = tf.grads((xx: T, gg: T, bb: T) => tf.sum(tf.mul(layerNorm(xx, gg, bb), w)))([x, g, b]);
        const gr = tf.grads((xx: T, gg: T, bb: T) => tf.sum(tf.mul(lnRef(xx, gg, bb), w)))([x, g, b]);
        const q = tf.randomNormal([2, H, 5, dh], 0, 1, 'float32', 5), k = tf.randomNormal([2, H, 5, dh], 0, 1, 'float32', 6), v = tf.randomNormal([2, H, 5, dh], 0, 1, 'float32', 7);
        const wo = tf.randomNormal([2, H, 5, dh], 0, 1, 'float32', 8);
        const blocked = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([5, 5]), -1, 0)), -1e9);
        const att = attention(blocked);
        const attRef = (qq: T, kk: T, vv: T) => tf.matMul(tf.softmax(tf.add(tf.mul(tf.matMul(qq, kk, false, true), scale), blocked)), vv);
        const ga = tf.grads((qq: T, kk: T, vv: T) => tf.sum(tf.mul(att(qq, kk, vv), wo)))([q, k, v]);
        const gar = tf.grads((qq: T, kk: T, vv: T) => tf.sum(tf.mul(attRef(qq, kk, vv), wo)))([q, k, v]);
        return Math.max(...[...gl.map((t, i) => [t, gr[i]]), ...ga.map((t, i) => [t, gar[i]])].map(([a, r]) => tf.max(tf.abs(tf.sub(a, r))).dataSync()[0]));
      });
    },
  };
}
