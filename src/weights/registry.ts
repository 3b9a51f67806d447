/**
 * Networks whose weights ship with the course. Each trainer is a seeded recipe: `train` builds and
 * trains the network from seeded data, `evaluate` measures it on a seeded held-out set. The
 * training script (`npm run weights -- train <name>`, src/weights/cli.ts) writes the weights and the
 * metrics into a TypeScript module that checks and demos import; `test/course/weights.test.ts`
 * checks that the shipped weights reach those metrics and that training again reproduces them.
 */
import type * as TF from '@tensorflow/tfjs';
import { transferBase } from './transferBase';

export type Tf = typeof TF;
export type Recipe = Record<string, number | string | boolean | string[]>;
export type Metrics = Record<string, number>;

export interface Trainer {
  /** The command-line name, e.g. 'transfer-base'. */
  name: string;
  /** The module written, relative to the repository root. */
  out: string;
  /** The exported constant's name in that module. */
  exportName: string;
  seed: number;
  /** The recipe the shipped weights are trained with. */
  recipe: Recipe;
  /**
   * For a recipe too long for CI (more than about 40 s on tfjs-node): a shorter one (same code,
   * fewer images or epochs) whose metrics are recorded too; CI trains it instead of the full one.
   */
  shortRecipe?: Recipe;
  /** Allowed absolute difference per metric between a new training run and the recorded one. */
  tolerance: Metrics;
  train(tf: Tf, recipe: Recipe, seed: number): Promise<TF.LayersModel>;
  /** Metrics on a seeded held-out set (never the training data). */
  evaluate(tf: Tf, model: TF.LayersModel): Metrics;
}

export const TRAINERS: Trainer[] = [transferBase];

export function trainerNamed(name: string): Trainer {
  const t = TRAINERS.find((x) => x.name === name);
  if (!t) throw new Error(`no trainer named '${name}' (known: ${TRAINERS.map((x) => x.name).join(', ')})`);
  return t;
}
