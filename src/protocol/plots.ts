/**
 * Plot events: what a check or demo emits and the plot panel draws.
 * Each event names a `chart` (a stable id within the exercise) so later events update the same chart.
 * New plot kinds are added here and get one reusable component in src/webview/plot/.
 */

export interface ScatterPoint { x: number; y: number; label: number }

/** One node of a `graph` plot (a computation graph). */
export interface GraphNode {
  /** Unique within the event; edges refer to it. */
  id: number;
  /** The op ('+', 'tanh', 'mul'…) or the name of an input ('w1', 'x'). */
  label: string;
  /** The node's value after the forward pass. */
  data?: number;
  /** ∂output/∂node after the backward pass. */
  grad?: number;
  /** Not needed by the outputs (a dead branch): drawn greyed and dashed. */
  pruned?: boolean;
}

/** One node of a `beamTree` plot: a hypothesis (a prefix) of a beam search. */
export interface BeamNode {
  /** Unique within the event. */
  id: number;
  /** The node's parent (its prefix without the last token); absent for the root (the empty prefix). */
  parent?: number;
  /** The last token, as text ('<eos>', 'c'…); the root's label, e.g. '<start>'. */
  token: string;
  /** Sum of the log-probabilities of the tokens so far. */
  logProb: number;
  /** The ranking score (log-prob divided by the length penalty), when it differs from logProb. */
  score?: number;
  /**
   * kept: expanded at the next step; pruned: not expanded and not returned; finished: ends with EOS
   * and returned; result: returned after maxLen steps without EOS; root: the empty prefix.
   */
  status: 'root' | 'kept' | 'pruned' | 'finished' | 'result';
  /** 1-based rank among the returned hypotheses (result nodes only). */
  rank?: number;
}

/** One row of a `tokens` plot: a sequence with each token marked right or wrong against a target. */
export interface TokenRow {
  /** Shown before the row (e.g. the source sequence). */
  label: string;
  tokens: string[];
  /** Per token: true right, false wrong, null not graded (padding). Same length as `tokens`. */
  right: Array<boolean | null>;
  /** The expected tokens, shown on hover over a wrong token. */
  expected?: string[];
}

/** One thumbnail of an `images` event: row-major pixels, values in [0, 1]. */
export interface PlotImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** height × width × channels values in [0, 1] (HWC, row 0 at the top). */
  data: number[];
  /** Shown under the image (e.g. the augmentation applied). */
  caption?: string;
  /** Boxes drawn as outlines: [x1, y1, x2, y2] normalised to [0, 1], y pointing down. */
  boxes?: Array<{ box: [number, number, number, number]; label?: string }>;
}

export type PlotEvent =
  /** One epoch/step of a training curve: x = epoch, one series per key of `values` (e.g. loss, valLoss, acc). */
  | { kind: 'epoch'; chart: string; title?: string; epoch: number; values: Record<string, number>; logY?: boolean; /** x-axis title, default "epoch" (say "step" for per-update curves). */ xLabel?: string; /** y-axis title, e.g. "loss (BCE)". */ yLabel?: string }
  /** A decision boundary / heatmap over a 2-D grid: values row-major, `height` rows from yRange[0] up to yRange[1]. */
  | { kind: 'grid'; chart: string; title?: string; xRange: [number, number]; yRange: [number, number]; width: number; height: number; values: number[]; points?: ScatterPoint[]; caption?: string }
  /** Static curves (activation functions, fitted polynomials, variance per layer…). Replaces the chart's curves. */
  | { kind: 'lines'; chart: string; title?: string; series: Array<{ name: string; x: number[]; y: number[]; dashed?: boolean }>; xLabel?: string; yLabel?: string; logY?: boolean; markers?: Array<{ x: number; label: string }>; points?: ScatterPoint[] }
  /** Contour of a 2-D function with trajectories drawn on top (optimizer paths). */
  | { kind: 'contour'; chart: string; title?: string; xRange: [number, number]; yRange: [number, number]; width: number; height: number; values: number[]; paths: Array<{ name: string; points: Array<[number, number]> }> }
  /** Grouped bars (errors per epoch, bias²/variance/noise, gradient norms per layer). */
  | BarsPlot
  /** Histograms, one per named group (activations per layer). `bins` are edges (length = counts.length + 1). */
  | { kind: 'histogram'; chart: string; title?: string; groups: Array<{ name: string; bins: number[]; counts: number[] }> }
  /** A labelled matrix heatmap (width × L2 grid, confusion matrix). */
  | { kind: 'matrix'; chart: string; title?: string; rowLabels: string[]; colLabels: string[]; values: number[][]; xLabel?: string; yLabel?: string }
  /**
   * A confusion matrix with the examples behind its cells: rows = true class, columns = predicted
   * class. The panel toggles counts and row-normalised views; clicking a cell shows its examples.
   */
  | ConfusionPlot
  /**
   * A computation graph (autograd DAG), drawn left to right: inputs first, each node one column after
   * its deepest input. `edges` are [from, to] node ids, in the direction values flow (input → op).
   */
  | { kind: 'graph'; chart: string; title?: string; nodes: GraphNode[]; edges: Array<[number, number]>; caption?: string }
  /** A grid of small images (augmented samples) with their boxes and captions. Replaces the chart's images. */
  | { kind: 'images'; chart: string; title?: string; images: PlotImage[] }
  /**
   * Attention weights as a heatmap: one row per query (output token, y axis), one column per key
   * (source token, x axis). Cells are DOM elements (`.attn-cell[data-q][data-k]`); hovering or
   * clicking one reads out its weight.
   */
  | AttentionPlot
  /**
   * A kernel sliding over a single-channel image: step through the output positions and see the
   * products and their sum next to the output value the convolution returned. Includes an
   * output-size calculator.
   */
  | ConvSlidePlot
  /**
   * A beam-search tree, drawn left to right: one column per decoding step, each node a token with its
   * cumulative log-prob (and score); kept, pruned, finished and returned hypotheses are marked.
   */
  | { kind: 'beamTree'; chart: string; title?: string; nodes: BeamNode[]; caption?: string; /** Column title, default "step". */ xLabel?: string }
  /** Rows of tokens with per-token right/wrong marks (decoded sequences against their targets). */
  | { kind: 'tokens'; chart: string; title?: string; rows: TokenRow[]; /** Title of the label column, e.g. "source". */ labelTitle?: string; /** Title of the token columns, e.g. "decoded output (position 1…)". */ tokensTitle?: string; caption?: string }
  /**
   * Live per-layer activations of one fixed input while a network trains: one row per layer with its
   * name, output shape and small feature-map thumbnails. Each event replaces the grid; `step` tells
   * refreshes apart (the panel shows it and sets `data-step`).
   */
  | ActivationsPlot
  /** A table (a model's layers: output shape, parameters, receptive field). Replaces the chart's rows. */
  | { kind: 'table'; chart: string; title?: string; columns: string[]; rows: Array<Array<string | number>>; caption?: string }
  /** A sentence shown above the charts (e.g. the regime a learning curve is in). */
  | { kind: 'note'; chart: string; text: string };

/** One setting of a `bars` control: the bars (and caption) to show when it is chosen. */
export interface BarsStop { label: string; labels: string[]; series: Array<{ name: string; values: number[] }>; caption?: string }

export interface BarsPlot {
  kind: 'bars';
  chart: string;
  title?: string;
  labels: string[];
  series: Array<{ name: string; values: number[] }>;
  stacked?: boolean;
  logY?: boolean;
  /** Axis titles. */
  xLabel?: string;
  yLabel?: string;
  caption?: string;
  /**
   * Precomputed results for every setting of a control (e.g. temperature and top-k): the panel shows a
   * select (`select.bars-control[data-chart]`, one option per stop, value = index) and switches the
   * bars to the chosen stop instantly. `labels`/`series` are shown until a stop is chosen.
   */
  stops?: BarsStop[];
  /** The select's label, e.g. "sampling setting". */
  controlLabel?: string;
  /** The stop selected at first (index into `stops`). */
  initialStop?: number;
}

export interface AttentionPlot {
  kind: 'attention';
  chart: string;
  title?: string;
  /** Key (source) tokens, left to right: the x axis. */
  keys: string[];
  /** Query (output) tokens, top to bottom: the y axis. */
  queries: string[];
  /** weights[q][k]: how much query q attends to key k (each row usually sums to 1). */
  weights: number[][];
  /** Axis titles; default "key (source token)" and "query (output token)". */
  xLabel?: string;
  yLabel?: string;
  caption?: string;
}

/** One feature map of an `activations` row: row-major values in [0, 1] (the emitter normalises). */
export interface ActivationMap { width: number; height: number; data: number[] }

export interface ActivationsPlot {
  kind: 'activations';
  chart: string;
  title?: string;
  /** Training step (or epoch) of this snapshot. */
  step: number;
  /** The fixed input image the activations are computed for. */
  input?: PlotImage;
  /** One row per layer, input side first. */
  layers: Array<{ name: string; /** e.g. "Conv2D [28, 28, 6]" */ info: string; maps: ActivationMap[] }>;
  caption?: string;
}

/** Small grayscale images behind one cell of a confusion plot. */
export interface ConfusionCellExamples {
  /** True class (row). */
  row: number;
  /** Predicted class (column). */
  col: number;
  /** Up to about a dozen images, each flat row-major with `imageSize[0] × imageSize[1]` values in [0, 1]. */
  images: number[][];
}

export interface ConfusionPlot {
  kind: 'confusion';
  chart: string;
  title?: string;
  /** Class names, in class-index order (rows and columns). */
  labels: string[];
  /** counts[t][p]: examples of true class t predicted as p. */
  counts: number[][];
  /** The row-normalised view (each row divided by its sum); computed from `counts` when absent. */
  normalized?: number[][];
  /** [height, width] of every example image. */
  imageSize?: [number, number];
  /** Example images per cell (cells without an entry have none to show). */
  examples?: ConfusionCellExamples[];
  /** Axis titles; default "true class" (rows) and "predicted class" (columns). */
  yLabel?: string;
  xLabel?: string;
  caption?: string;
}

/** A row-major grid of numbers (one channel). */
export interface PlotGrid { height: number; width: number; values: number[] }

export interface ConvSlidePlot {
  kind: 'convSlide';
  chart: string;
  title?: string;
  /** The input image (one channel), before padding. */
  input: PlotGrid;
  /** The kernel (one input and one output channel). */
  kernel: PlotGrid;
  /** The output the convolution returned (e.g. the learner's conv2d); the panel checks each value against the products' sum. */
  output: PlotGrid;
  /** [rows, columns]. */
  strides: [number, number];
  dilations: [number, number];
  /** Zero rows above and columns left of the image (tf's 'same' rule, or a numeric pad). */
  padTop: number;
  padLeft: number;
  /** How the padding was asked for: 'valid', 'same' or a number. */
  padding: string;
  /** A value differs from the products' sum when |diff| > tolerance · max(1, |sum|); default 1e-4. */
  tolerance?: number;
  caption?: string;
}
