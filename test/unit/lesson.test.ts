import assert from 'node:assert/strict';
import { isAllowedCommand, parseCommandLink, renderLesson } from '../../src/core/lesson';

describe('lesson renderer', () => {
  it('renders inline and display math with KaTeX', () => {
    const html = renderLesson('The sigmoid $\\sigma(z) = \\frac{1}{1+e^{-z}}$ squashes.\n\n$$\n\\hat y = Wx + b\n$$\n');
    assert.match(html, /<span class="katex">/);
    assert.match(html, /<span class="katex-display">/);
    assert.match(html, /class="mfrac"/);
    assert.ok(!html.includes('$'), 'no dollar signs left over');
  });

  it('leaves prices and lone dollars alone', () => {
    const html = renderLesson('It costs $5 and $6 today.');
    assert.ok(!html.includes('katex'));
    assert.match(html, /\$5 and \$6/);
  });

  it('shows a malformed formula as an error instead of throwing', () => {
    const html = renderLesson('bad $\\frac{1}{$ ok');
    assert.match(html, /katex-error|\\frac/);
  });

  it('highlights TypeScript code blocks', () => {
    const html = renderLesson('```ts\nconst x: number = tf.sum(a);\n```\n');
    assert.match(html, /<code class="language-typescript">/);
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
  });

  it('turns allowlisted command links into buttons and drops the rest', () => {
    const html = renderLesson('[Open it](command:dlTutor.openExercise?%5B%22s1-perceptron%22%5D) and [evil](command:workbench.action.terminal.new) and [docs](https://js.tensorflow.org)');
    assert.match(html, /<button type="button" class="dl-command" data-command="dlTutor.openExercise" data-args="\[&quot;s1-perceptron&quot;\]">Open it<\/button>/);
    assert.ok(!html.includes('workbench.action.terminal.new'), 'non-allowlisted command dropped');
    assert.match(html, /<span class="link-disabled">evil<\/span>/);
    assert.match(html, /<a href="https:\/\/js.tensorflow.org">docs<\/a>/);
  });

  it('keeps raw JSON arguments of a command link written by hand in a lesson', () => {
    const html = renderLesson('Now [try it](command:dlTutor.openExercise?["s1-perceptron"]).');
    assert.match(html, /data-command="dlTutor.openExercise" data-args="\[&quot;s1-perceptron&quot;\]">try it<\/button>/);
  });

  it('parses command links with raw JSON arguments', () => {
    assert.deepEqual(parseCommandLink('command:dlTutor.gradeExercise?["s1-mse"]'), { command: 'dlTutor.gradeExercise', args: ['s1-mse'] });
    assert.deepEqual(parseCommandLink('command:dlTutor.showPlots'), { command: 'dlTutor.showPlots', args: [] });
    assert.equal(parseCommandLink('command:dlTutor.openExercise?[{"a":1}]'), undefined);
    assert.equal(parseCommandLink('command:vscode.open?["file:///etc/passwd"]'), undefined);
    assert.equal(isAllowedCommand('dlTutor.openExercise', ['x']), true);
    assert.equal(isAllowedCommand('workbench.action.reloadWindow', []), false);
    assert.equal(isAllowedCommand('dlTutor.openExercise', [{}]), false);
  });

  it('escapes raw HTML and refuses javascript: links', () => {
    const html = renderLesson('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))');
    assert.ok(!/<script>/i.test(html));
    assert.ok(!/<img/i.test(html));
    assert.match(html, /&lt;script&gt;/);
    assert.ok(!/href="javascript:/i.test(html));
  });
});
