// Architecture rules (STYLE.md §2): `vscode` only in src/extension.ts and src/vscode/;
// TensorFlow.js only on the worker side (src/worker/, src/data/) and in the weights training script (src/weights/).
import tseslint from 'typescript-eslint';

const tfjs = { group: ['@tensorflow/*'], message: 'TensorFlow.js is loaded only in the grader worker (src/worker/, src/data/).' };
const vscode = { name: 'vscode', message: 'Only src/extension.ts and src/vscode/ may import vscode.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'test/fixtures/hostile/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: [tfjs] }] },
  },
  {
    files: ['src/extension.ts', 'src/vscode/**/*.ts', 'test/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs] }] },
  },
  {
    files: ['src/worker/**/*.ts', 'src/data/**/*.ts', 'src/weights/**/*.ts', 'test/unit/**/*.ts', 'test/course/**/*.ts', 'test/fixtures/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode] }] },
  },
);
