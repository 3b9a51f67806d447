import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderLesson } from '../../src/core/lesson';

const root = path.resolve(__dirname, '../../..');

/** Every lesson of the written stages: explanation first, with a figure, questions and a next step. */
describe('Stage 1–4 lessons', () => {
  for (const stage of [1, 2, 3, 4]) {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, `exercises/stage${stage}/manifest.json`), 'utf8')) as { topics: Array<{ id: string; lesson?: string }> };
    // A topic lists its lesson once written (Stage 3 is being written topic by topic).
    for (const topic of manifest.topics.filter((t): t is { id: string; lesson: string } => !!t.lesson)) {
      it(`stage ${stage} ${topic.id}: figure, 2–3 folded questions, a tfjs box at most, a next step, no internal labels`, () => {
        const md = fs.readFileSync(path.join(root, `exercises/stage${stage}`, topic.lesson), 'utf8');
        const html = renderLesson(md);
        assert.ok((html.match(/<svg class="lesson-figure"/g) ?? []).length >= 1, 'at least one figure');
        assert.ok(!html.includes('figure-error'), 'every figure renders');
        assert.ok(!html.includes('katex-error'), 'every formula renders');
        const answers = (html.match(/<details class="answer">/g) ?? []).length;
        assert.ok(answers >= 2 && answers <= 4, `2–3 check-your-understanding answers, found ${answers}`);
        assert.match(md, /^## Next/m, 'a pointer to the next step');
        assert.ok((html.match(/<aside class="tfjs-box">/g) ?? []).length <= 2, 'library facts collected in one box');
        assert.ok(!/^#+ .*(tfjs|TensorFlow\.js) convention/im.test(md), 'no "tfjs conventions" section in the main text');
        const text = html.replace(/<[^>]+>/g, ' ');
        assert.ok(!/\bfinding\s+F?\d|\(F\d+\)|\bF\d{1,2}\b|§\s*\d/.test(text), 'no internal finding labels or section references');
        assert.ok(!text.includes('$'), 'no unrendered math');
      });
    }
  }
});
