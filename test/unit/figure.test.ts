import assert from 'node:assert/strict';
import { formatTick, GENERATORS, niceTicks, renderFigure, seriesPoints } from '../../src/core/figure';
import { renderLesson } from '../../src/core/lesson';

const spec = {
  title: 'Sigmoid',
  x: { label: 'z', min: -6, max: 6 },
  y: { label: 'σ(z)', min: 0, max: 1 },
  series: [{ name: 'σ', gen: 'sigmoid' }, { name: 'data', points: [[0, 0.5], [2, 0.9]], style: 'points' }],
};

describe('lesson figures', () => {
  it('draws an inline SVG with both axis titles, a legend and a caption', () => {
    const html = renderFigure(JSON.stringify(spec));
    assert.match(html, /^<figure class="lesson-figure"><svg class="lesson-figure"/);
    assert.match(html, /class="fig-axis-label"[^>]*>z<\/text>/);
    assert.match(html, /class="fig-axis-label"[^>]*>σ\(z\)<\/text>/);
    assert.match(html, /class="fig-legend"[^>]*>data<\/text>/);
    assert.match(html, /<path class="fig-line fig-s0" d="M/);
    assert.equal((html.match(/class="fig-marker fig-s1"/g) ?? []).length, 2 + 1, 'two points plus the legend sample');
    assert.match(html, /<figcaption>Sigmoid<\/figcaption>/);
    assert.ok(!/style=/.test(html), 'no inline styles (the webview CSP blocks them)');
    assert.ok(!/<script/i.test(html));
  });

  it('puts a point where its value says: σ(0) = 0.5 sits halfway up the plot', () => {
    const html = renderFigure(JSON.stringify({ ...spec, series: [{ name: 'p', points: [[0, 0.5]], style: 'points' }] }));
    const m = /<circle class="fig-marker fig-s0" cx="([\d.]+)" cy="([\d.]+)"/.exec(html);
    assert.ok(m);
    // plot area: x from 62 to 544, y from 30 to 254
    assert.equal(Number(m[1]), 303);
    assert.equal(Number(m[2]), 142);
  });

  it('samples named generators over the x range', () => {
    const pts = seriesPoints({ name: 'r', gen: 'relu', samples: 5 }, -2, 2);
    assert.deepEqual(pts, [[-2, 0], [-1, 0], [0, 0], [1, 1], [2, 2]]);
    assert.ok(Math.abs(GENERATORS.gelu(1) - 0.8413) < 1e-3);
    assert.equal(GENERATORS.softThreshold(0.5, 1), 0);
    assert.equal(GENERATORS.softThreshold(-3, 1), -2);
  });

  it('uses whole-number ticks on an integer axis and readable tick labels', () => {
    assert.deepEqual(niceTicks(0, 4, true).ticks, [0, 1, 2, 3, 4]);
    assert.ok(niceTicks(0, 3, true).ticks.every((t) => Number.isInteger(t)), 'no 0.5 ticks for counts');
    assert.deepEqual(niceTicks(0, 1).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.equal(formatTick(0.30000000000000004, 0.1), '0.3');
    assert.equal(formatTick(-2, 1), '−2');
    assert.equal(formatTick(1e-6), '10⁻⁶');
  });

  it('draws a log axis with powers of ten and skips non-positive values', () => {
    const html = renderFigure({ x: { label: 'layer', min: 0, max: 3, integer: true }, y: { label: 'std', log: true }, series: [{ name: 's', points: [[0, 1], [1, 0.1], [2, 0], [3, 0.0001]] }] });
    assert.match(html, />10⁻⁴<\/text>/);
    assert.match(html, />10⁻²<\/text>/);
    assert.match(html, />10⁰<\/text>/, 'every log tick in the same 10ᵏ format');
    assert.match(html, /d="M[^"]*L[^"]*M/, 'the line breaks at the zero value');
  });

  it('shows a visible error for a bad spec instead of throwing', () => {
    assert.match(renderFigure('{not json'), /class="figure-error"/);
    assert.match(renderFigure('{"x":{"label":"a"},"y":{"label":"b"},"series":[{"name":"s","gen":"eval"}]}'), /unknown generator &quot;eval&quot;/);
    assert.match(renderFigure('{"x":{"label":""},"y":{"label":"b"},"series":[{"name":"s","points":[[0,1]]}]}'), /axis &quot;x&quot; needs a label/);
  });

  it('escapes text from the spec', () => {
    const html = renderFigure({ ...spec, title: '<script>alert(1)</script>', x: { label: '<b>', min: 0, max: 1 } } as never);
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('<b>'));
    assert.match(html, /&lt;script&gt;/);
  });

  it('renders figure, answer and tfjs fences in a lesson, other fences as code', () => {
    const md = [
      'Question: what is 1 + 1?', '', '```answer', 'It is **2**, and $x^2$ renders.', '```', '',
      '```tfjs', '`tf.add` adds.', '```', '',
      '```figure', JSON.stringify(spec), '```', '',
      '```ts', 'const a = 1;', '```', '',
      '```answer', '<script>alert(1)</script>', '```',
    ].join('\n');
    const html = renderLesson(md);
    assert.match(html, /<details class="answer"><summary>Answer<\/summary>\n<p>It is <strong>2<\/strong>/);
    assert.match(html, /<details class="answer">[\s\S]*class="katex"/);
    assert.match(html, /<aside class="tfjs-box"><p class="box-title">In TensorFlow.js<\/p>\n<p><code>tf.add<\/code> adds.<\/p>/);
    assert.match(html, /<svg class="lesson-figure"/);
    assert.match(html, /language-typescript/);
    assert.ok(!html.includes('<script>'), 'raw HTML stays escaped inside answers');
  });
});
