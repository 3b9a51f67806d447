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
  /**
   * Per token, instead of right/wrong: how a masking changed it (BERT inputs): 'masked' (replaced by
   * [MASK]), 'random' (replaced by a random token), 'kept' (selected but unchanged), null (not
   * selected). `expected` then holds the original tokens, shown on hover.
   */
  marks?: Array<TokenMark | null>;
}

export type TokenMark = 'masked' | 'random' | 'kept';

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
  /** A computation as a strip of labelled matrices with a step control (`.steps-step[data-step]`, `.steps-cell`). */
  | StepsPlot
  /**
   * A kernel sliding over a single-channel image: step through the output positions and see the
   * products and their sum next to the output value the convolution returned. Includes an
   * output-size calculator.
   */
  | ConvSlidePlot
  /**
   * Object detection on images: each panel is an image with candidate boxes (class label and score),
   * optional ground-truth boxes and an optional S×S grid with highlighted (responsible) cells. With
   * `nms`, an IoU-threshold slider and a score-threshold slider switch between precomputed results.
   */
  | DetectionsPlot
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
  /**
   * SSD anchors over one image: several views side by side (anchors of each feature map, matched
   * anchors coloured by their gt box, the positive / hard-negative map), each the image with SVG
   * rectangles (`rect.anchor-box[data-role][data-gt]`) and optional grid lines.
   */
  | AnchorsPlot
  /**
   * Segmentation masks side by side: one row per example, one small canvas per column (image, true
   * mask, predicted masks…) as `canvas.masks-cell[data-kind][data-row]`. Each event replaces the
   * grid; `step` tells refreshes apart during training.
   */
  | MasksPlot
  /** A table (a model's layers: output shape, parameters, receptive field). Replaces the chart's rows. */
  | { kind: 'table'; chart: string; title?: string; columns: string[]; rows: Array<Array<string | number>>; caption?: string }
  /** A sentence shown above the charts (e.g. the regime a learning curve is in). */
  /**
   * A model's layers as boxes in order (input first), each with its name, class, output shape,
   * parameter count and whether it trains. Boxes are DOM elements `.layer-box[data-layer="<i>"]`
   * with the class `frozen` or `trainable` (and `no-params` when the layer has no weights). With
   * `states`, a slider (`input.layers-state`) switches between precomputed trainable flags, e.g. the
   * learner's freezeUpTo(model, i) for every i.
   */
  | LayersPlot
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
  /**
   * Several heads of multi-head attention: when present, the panel draws one heatmap per head side
   * by side (`.attn-heads` holding `.attn-head[data-head="i"]`, each with its own `.attn-map`) instead
   * of `weights` alone; `weights` should then be the first head's (it is what older panels show).
   */
  heads?: AttentionHead[];
}

/** One head of an `attention` plot: its name (e.g. "head 2: previous word") and weights[q][k]. */
export interface AttentionHead { label: string; weights: number[][] }

/**
 * A computation shown step by step: a sequence of small labelled matrices (e.g. Q·Kᵀ → ÷√d → mask →
 * softmax → ·V), drawn side by side with arrows; Previous/Next buttons move the highlighted step.
 */
export interface StepsPlot {
  kind: 'steps';
  chart: string;
  title?: string;
  steps: StepMatrix[];
  /** The step highlighted first (default 0). */
  start?: number;
  caption?: string;
}

/** One matrix of a `steps` plot. Values ≤ −1e8 are shown as "−1e9" (a blocked score). */
export interface StepMatrix {
  /** Short name, e.g. "scores = Q·Kᵀ". */
  label: string;
  /** What this step does, in a sentence (shown under the strip when the step is highlighted). */
  note?: string;
  /** Row and column titles (e.g. "query", "key") and the labels of each row and column. */
  rowTitle?: string;
  colTitle?: string;
  rowLabels: string[];
  colLabels: string[];
  values: number[][];
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

/** One box of a `detections` panel: [x1, y1, x2, y2] normalised to [0, 1], y pointing down. */
export interface DetectionBox {
  box: [number, number, number, number];
  /** Class name (or id) shown on the box. */
  label: string;
  classId?: number;
  /** Confidence in [0, 1], shown after the label. */
  score?: number;
}

/** One image of a `detections` plot. */
export interface DetectionsPanel {
  image: { width: number; height: number; channels: 1 | 3; data: number[] };
  caption?: string;
  /** Candidate (or predicted) boxes. */
  boxes: DetectionBox[];
  /** Ground-truth boxes, drawn dashed. */
  truth?: Array<{ box: [number, number, number, number]; label?: string }>;
  /** An S×S grid over the image; `cells` are [row, column] pairs drawn highlighted (responsible cells). */
  grid?: { size: number; cells: Array<[number, number]> };
}

export interface DetectionsPlot {
  kind: 'detections';
  chart: string;
  title?: string;
  panels: DetectionsPanel[];
  /**
   * Non-max suppression results for every slider stop, precomputed by the emitter:
   * kept[i][s][p] = indices into panels[p].boxes kept at iouThresholds[i] and scoreThresholds[s].
   * Without `nms` every box is drawn as kept.
   */
  nms?: { iouThresholds: number[]; scoreThresholds: number[]; kept: number[][][][]; /** Initial stops (indices). */ iouIndex?: number; scoreIndex?: number };
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

/** One rectangle of an `anchors` view: [x1, y1, x2, y2] normalised to [0, 1], y pointing down. */
export interface AnchorRect {
  box: [number, number, number, number];
  /** gt: a ground-truth box; anchor: an anchor shown for its shape; positive: matched to gt `gt`; hard-negative: a negative kept by mining; negative: any other negative. */
  role: 'gt' | 'anchor' | 'positive' | 'hard-negative' | 'negative';
  /** Index of the gt box (role gt and positive): the colour. */
  gt?: number;
  label?: string;
}

export interface AnchorsView {
  /** Shown above the view (e.g. "map 4×4, scale 0.2"). */
  name: string;
  rects: AnchorRect[];
  /** Draw an f×f grid of feature-map cells. */
  grid?: number;
  caption?: string;
}

export interface AnchorsPlot {
  kind: 'anchors';
  chart: string;
  title?: string;
  /** The image all views are drawn over (its boxes, if any, are ignored: use gt rects). */
  image: PlotImage;
  views: AnchorsView[];
  caption?: string;
}

export interface MasksPlot {
  kind: 'masks';
  chart: string;
  title?: string;
  /** Column titles, e.g. "image", "true mask", "your U-Net". */
  columns: string[];
  /** Stable per-column ids for tests and styling, e.g. "image", "true", "pred", "ablation". */
  kinds: string[];
  /** Every cell is width × height, one channel, values in [0, 1]. */
  width: number;
  height: number;
  /** rows[r][c]: the cell of row r and column c (row-major pixels). */
  rows: number[][][];
  /** Training step of this snapshot (shown, and set as `data-step`). */
  step?: number;
  caption?: string;
}

/** One layer of a `layers` plot. */
export interface LayerBox {
  name: string;
  /** The layer's class, e.g. 'Conv2D'. */
  className: string;
  /** Output shape, batch dimension first (null). */
  outputShape: Array<number | null>;
  params: number;
  trainable: boolean;
}

export interface LayersPlot {
  kind: 'layers';
  chart: string;
  title?: string;
  layers: LayerBox[];
  /** Trainable flags per layer for each stop of the slider; `index` is the stop shown first. */
  states?: Array<{ label: string; trainable: boolean[] }>;
  index?: number;
  /** What the slider changes, e.g. "freezeUpTo(model, i)". */
  stateLabel?: string;
  caption?: string;
}
