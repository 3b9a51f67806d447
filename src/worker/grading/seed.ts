/**
 * Inputs that change from grade to grade. A file that answers only the fixed inputs a check file
 * shows (a table of answers) fails on these; the fixed cases stay for the messages that need them.
 */
import { mulberry32, type Rng } from '../../data/rng';
import { gradeSeed } from '../sandbox/session';

/** A generator seeded for this grade (a new one each call, same stream within the grade). */
export function gradeRng(): Rng {
  return mulberry32(gradeSeed());
}

/** `rows × cols` numbers uniform in [lo, hi), drawn from `rng`. */
export function randomRows(rng: Rng, rows: number, cols: number, lo = -1, hi = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + (hi - lo) * rng()));
}
