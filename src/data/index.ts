/** Seeded data generators: pure functions, no I/O, all randomness from mulberry32. */
export * from './rng';
export * from './twoD';
export * from './images';
export * from './sequences';
export * from './linalg';
export * from './portable';
