/**
 * The four checks nearly every exercise has, generated from a description of its functions:
 *   no-leaks          nothing but the result stays allocated, and the inputs are left intact;
 *   inputs-intact     P0 exercises (plain arrays): the inputs are left intact;
 *   bad-inputs-throw  calls with invalid arguments throw instead of returning something;
 *   no-banned-apis    the source uses none of the banned tf APIs (and, at run time, none of their kernels);
 *   no-tf-kernels     P0 exercises: the functions run no tf kernel at all.
 */
import { CheckFailure } from './api';
import type { CheckSpec } from './api';
import type { ThrowsOptions } from './compare';
import { expectThrows } from './compare';
import { collectTensors, disposeResult, expectInputsIntact, expectNoLeaks } from './memory';
import { expectKernelsNotUsed, expectNoTfKernels } from './kernels';
import { expectNoBannedApis } from './sourceScan';

/**
 * Run `fn` once: nothing but its result may stay allocated (it is disposed), and the inputs must
 * be untouched. Name the inputs after the learner's parameters (`{ yTrue, yPred }`) so a failure
 * says "you disposed the input `yTrue`".
 */
export async function expectCleanCall(name: string, inputs: Record<string, unknown>, fn: () => unknown): Promise<void> {
  let result: unknown;
  try {
    await expectNoLeaks(() => expectInputsIntact(inputs, () => (result = fn())), { name, dispose: true });
  } catch (e) {
    // A failed inputs check throws before expectNoLeaks can free the result.
    disposeResult(result, collectTensors(inputs));
    throw e;
  }
}

/** One call of a learner function, on inputs made fresh for it. */
export interface LearnerCall<M> {
  /** How the call reads in messages ('mse', 'act.relu'). */
  name: string;
  /** Inputs named after the learner's parameters; tensors among them are disposed after the call. */
  inputs?: () => Record<string, unknown>;
  call(m: M, inputs: Record<string, any>): unknown;
}

/** A call that must throw: `name` says how it reads, `mistake` what returning instead means. */
export interface BadInput<M> extends ThrowsOptions {
  call(m: M): unknown;
  /** The error must match (message RegExp or Error class). */
  match?: RegExp | (new (...a: any[]) => Error);
}

export interface StandardChecks<M> {
  /** The manifest's ruleLevel: P0 adds no-tf-kernels (pure TypeScript); P1/P2 scan for `banned`. */
  ruleLevel: 'P0' | 'P1' | 'P2';
  /** The learner export results are placed on. */
  fn: string;
  /** Calls graded for leaks and intact inputs (no-leaks; inputs-intact in P0) and, in P0, for kernels. */
  calls?: LearnerCall<M>[];
  /** Invalid calls that must throw (bad-inputs-throw). */
  badInputs?: BadInput<M>[];
  /**
   * Banned tf APIs (source scan) and kernels (run time, on `calls`), and why (no-banned-apis);
   * `kernelsWhy` words the kernel failure when it needs other words than the API one.
   */
  banned?: { apis?: string[]; kernels?: string[]; why: string; kernelsWhy?: string };
  /** Display names where the exercise words them its own way; ids stay the same. */
  names?: Partial<Record<StandardId, string>>;
  /** The exercise's hint keys for these checks; they replace the toolkit's generic keys. */
  hintKeys?: Partial<Record<StandardId, string>>;
}

async function withInputs<M>(m: M, c: LearnerCall<M>, body: (inputs: Record<string, unknown>, run: () => unknown) => Promise<void>): Promise<void> {
  const inputs = c.inputs?.() ?? {};
  try {
    await body(inputs, () => c.call(m, inputs));
  } finally {
    disposeResult(inputs);
  }
}

type StandardId = 'no-leaks' | 'inputs-intact' | 'bad-inputs-throw' | 'no-banned-apis' | 'no-tf-kernels';

export function standardChecks<M>(s: StandardChecks<M>): CheckSpec<M>[] {
  const checks: CheckSpec<M>[] = [];
  const meta = (id: StandardId, name: string) => ({ id, name: s.names?.[id] ?? name, fn: s.fn });
  const push = (c: CheckSpec<M>) => {
    const key = s.hintKeys?.[c.id as StandardId];
    // An exercise's own hint key for the check replaces the toolkit's generic one ('leak', 'no-tf'…).
    checks.push(!key ? c : {
      ...c, hintKey: key,
      async run(m, ctx) {
        try { await c.run(m, ctx); } catch (e) {
          if (e instanceof CheckFailure) throw new CheckFailure(e.message, { expected: e.expected, actual: e.actual, hintKey: key });
          throw e;
        }
      },
    });
  };
  if (s.calls?.length && s.ruleLevel === 'P0' && s.calls.some((c) => c.inputs)) {
    push({
      ...meta('inputs-intact', 'inputs left intact'),
      async run(m) {
        for (const c of s.calls ?? []) {
          if (!c.inputs) continue;
          await withInputs(m, c, async (inputs, run) => {
            try { await expectInputsIntact(inputs, run); } catch (e) {
              // Say which function changed its input: several share the names x, w…
              if (e instanceof CheckFailure) throw new CheckFailure(`\`${c.name}\`: ${e.message}`, { expected: e.expected, actual: e.actual, hintKey: e.hintKey });
              throw e;
            }
          });
        }
      },
    });
  }
  if (s.calls?.length && s.ruleLevel !== 'P0') {
    push({
      ...meta('no-leaks', 'no tensors leaked, inputs left intact'),
      async run(m) {
        for (const c of s.calls ?? []) await withInputs(m, c, (inputs, run) => expectCleanCall(c.name, inputs, run));
      },
    });
  }
  if (s.badInputs?.length) {
    push({
      ...meta('bad-inputs-throw', 'bad inputs throw'),
      run(m) {
        for (const b of s.badInputs ?? []) expectThrows(() => b.call(m), b.match, b);
      },
    });
  }
  if (s.banned && s.ruleLevel !== 'P0') {
    const { apis = [], kernels = [], why, kernelsWhy = why } = s.banned;
    push({
      ...meta('no-banned-apis', `no ${[...apis, ...kernels.filter((k) => !apis.includes(k))].join(' / ')}`),
      async run(m, ctx) {
        expectNoBannedApis(ctx.source, apis, why);
        if (kernels.length) for (const c of s.calls ?? []) await withInputs(m, c, (_i, run) => expectKernelsNotUsed(run, kernels, kernelsWhy));
      },
    });
  }
  if (s.ruleLevel === 'P0') {
    push({
      ...meta('no-tf-kernels', 'pure TypeScript: no tf kernels (P0)'),
      async run(m) {
        for (const c of s.calls ?? []) await withInputs(m, c, (_i, run) => expectNoTfKernels(run, c.name));
      },
    });
  }
  return checks;
}
