/**
 * A character-level language model of English words: an LSTM and a small causal
 * transformer trained to predict the next letter of words from the SCOWL word list (as
 * Debian's `wamerican` ships it, `examples/data/words/`, licence in `copyright.txt`).
 *
 * Words of lowercase a–z only (no capitals, possessives, accents) and at most
 * `maxLength − 2` letters are kept and split 90/10 into training and held-out words by a
 * seeded shuffle. Each word becomes the sequence [BOS, letters…, EOS, PAD…] of length
 * `maxLength`; the model reads the sequence without its last token and predicts each next
 * token, with a mask so that PAD positions do not count. The score is the held-out bits
 * per character: the mean cross-entropy over the real targets (the letters and the EOS),
 * in nats, divided by ln 2. Predicting the token frequencies alone (a unigram model)
 * gives about 4.25 bits here (the end-of-word token counted).
 *
 * Models: (a) embedding(28, 64) → LSTM(128) returning all steps → dense(27);
 * (b) embedding(28, 64) + learned positions → 2 causal transformer encoder blocks (4 heads,
 * width 64) → layer norm → dense(27). Both train with Adam (gradient clipped at global norm
 * 1); each step is one jitted program, traced once. Then each samples new words at a
 * temperature, one letter at a time from the prefix.
 *
 * Run: `npx tsx examples/char-lm.ts` (or `npm run example:char-lm`).
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { div, jit, logSoftmax, mul, nn, oneHot, optim, random, slice, sum, tensor, valueAndGrad, type Tensor } from "../src/index";

/** Token id of the boundary: BOS as input, EOS as target. Letters a–z are ids 1–26. */
export const BOUNDARY = 0;
/** Token id of the padding (an input only; never a target that counts). */
export const PAD = 27;
/** Output classes: the boundary and the 26 letters. */
export const CLASSES = 27;
/** Input vocabulary: the classes and PAD. */
export const VOCAB = 28;

/** The path of the bundled word list (`examples/data/words/american-english.txt`). */
export const WORDS_PATH = join(__dirname, "data", "words", "american-english.txt");

/**
 * Words of `text` (one a line) made of lowercase a–z only and at most `maxLetters` long,
 * in file order, without duplicates.
 * @example cleanWords("cat\nCat's\ndog\nélan\n", 14); // ["cat", "dog"]
 */
export function cleanWords(text: string, maxLetters: number): string[] {
  if (!(Number.isInteger(maxLetters) && maxLetters >= 1)) throw new Error(`cleanWords: maxLetters must be an integer ≥ 1, got ${maxLetters}`);
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const w = line.trim();
    if (w.length > 0 && w.length <= maxLetters && /^[a-z]+$/.test(w)) seen.add(w);
  }
  return [...seen];
}

/**
 * The token ids of `word` as [BOS, letters…, EOS, PAD…] of length `length`.
 * @example encodeWord("ab", 6); // [0, 1, 2, 0, 27, 27]
 */
export function encodeWord(word: string, length: number): number[] {
  if (!/^[a-z]*$/.test(word)) throw new Error(`encodeWord: a word must be lowercase a–z only, got ${JSON.stringify(word)}`);
  if (word.length + 2 > length) throw new Error(`encodeWord: "${word}" needs ${word.length + 2} tokens, more than the length ${length}`);
  const ids = [BOUNDARY, ...[...word].map((c) => c.charCodeAt(0) - 96), BOUNDARY];
  while (ids.length < length) ids.push(PAD);
  return ids;
}

/**
 * The word of the token ids `ids` (letters up to the first boundary; pass them without the BOS).
 * @example decodeIds([1, 2, 0, 27]); // "ab"
 */
export function decodeIds(ids: readonly number[]): string {
  let s = "";
  for (const id of ids) {
    if (id < 1 || id > 26) break;
    s += String.fromCharCode(96 + id);
  }
  return s;
}

/**
 * A batch for next-token prediction: inputs `x` [n, L−1] (int32 ids, PAD included),
 * targets `y` [n, L−1] (int32 class ids; 0 where masked) and `mask` [n, L−1] (1 at the
 * real targets: the letters and the EOS).
 */
export interface CharBatch {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly mask: Tensor;
}

/**
 * The next-token batch of `words`, each padded to `length` tokens.
 * @example const { x, y, mask } = charBatch(["ab"], 6); // x [[0,1,2,0,27]], y [[1,2,0,0,0]], mask [[1,1,1,0,0]]
 */
export function charBatch(words: readonly string[], length: number): CharBatch {
  const xs: number[][] = [];
  const ys: number[][] = [];
  const ms: number[][] = [];
  for (const w of words) {
    const ids = encodeWord(w, length);
    xs.push(ids.slice(0, -1));
    const next = ids.slice(1);
    ys.push(next.map((id) => (id === PAD ? 0 : id)));
    ms.push(next.map((id) => (id === PAD ? 0 : 1)));
  }
  return { x: tensor(xs, "int32"), y: tensor(ys, "int32"), mask: tensor(ms, "float32") };
}

/** `items` in the order of a random permutation drawn from `key`. */
function shuffled<T>(items: readonly T[], key: Tensor): T[] {
  const order = random.permutation(key, items.length).toArray() as number[];
  return order.map((i) => items[i]);
}

/** Training and held-out words. */
export interface WordSplit {
  readonly train: readonly string[];
  readonly heldOut: readonly string[];
}

/**
 * The bundled word list cleaned by {@link cleanWords} and split by a shuffle seeded with
 * `seed`: a fraction `heldOut` of the words held out.
 * @example const { train, heldOut } = loadWords({ maxLength: 16 }); // ~57k and ~6k words
 */
export function loadWords(options: { readonly maxLength?: number; readonly heldOut?: number; readonly seed?: number; readonly path?: string } = {}): WordSplit {
  const { maxLength = 16, heldOut = 0.1, seed = 0, path = WORDS_PATH } = options;
  if (!(Number.isInteger(maxLength) && maxLength >= 3)) throw new Error(`loadWords: maxLength must be an integer ≥ 3, got ${maxLength}`);
  if (!(heldOut > 0 && heldOut < 1)) throw new Error(`loadWords: heldOut must be in (0, 1), got ${heldOut}`);
  const words = shuffled(cleanWords(readFileSync(path, "utf8"), maxLength - 2), random.key(seed));
  const n = Math.round(words.length * heldOut);
  return { train: words.slice(n), heldOut: words.slice(0, n) };
}

/**
 * Bits per character of the letter frequencies alone (a unigram model fitted on `train`,
 * scored on `heldOut`, the EOS counting as a character).
 * @example unigramBits(loadWords()); // ≈ 4.1
 */
export function unigramBits(split: WordSplit): number {
  const counts = new Array<number>(CLASSES).fill(1);
  for (const w of split.train) {
    counts[BOUNDARY]++;
    for (const c of w) counts[c.charCodeAt(0) - 96]++;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  let bits = 0;
  let n = 0;
  for (const w of split.heldOut) {
    for (const id of [...[...w].map((c) => c.charCodeAt(0) - 96), BOUNDARY]) {
      bits -= Math.log2(counts[id] / total);
      n++;
    }
  }
  return bits / n;
}

/**
 * Options of {@link trainCharLm}.
 * @example trainCharLm({ model: "lstm", steps: 300, units: 64 })
 */
export interface CharLmOptions {
  /** The model: "lstm" or "transformer". */
  readonly model: "lstm" | "transformer";
  /** Tokens a word takes with BOS and EOS; longer words are dropped (default 16). */
  readonly maxLength?: number;
  /** Width of the embedding (and of the transformer) (default 64). */
  readonly dim?: number;
  /** Units of the LSTM (default 128). */
  readonly units?: number;
  /** Transformer blocks (default 2). */
  readonly blocks?: number;
  /** Attention heads (default 4). */
  readonly heads?: number;
  /** Training steps (default 600). */
  readonly steps?: number;
  /** Words per step (default 128). */
  readonly batchSize?: number;
  /** Adam's learning rate (default 2e-3), after clipping the gradient's global norm at 1. */
  readonly learningRate?: number;
  /** Words to sample after training (default 10). */
  readonly samples?: number;
  /** Sampling temperature (default 0.8). */
  readonly temperature?: number;
  /** Seed of the split, the initialization, the batches and the samples (default 0). */
  readonly seed?: number;
  /** The words, if not the bundled list split by {@link loadWords}. */
  readonly words?: WordSplit;
}

/**
 * What {@link trainCharLm} measured: the held-out bits per character, the training loss
 * (bits per character) of the last step, the sampled words and the seconds taken.
 * @example const { heldOutBits, samples } = trainCharLm({ model: "lstm" });
 */
export interface CharLmResult {
  readonly heldOutBits: number;
  readonly trainBits: number;
  readonly samples: readonly string[];
  readonly seconds: number;
}

/** The part of a layer this example uses, with the parameters' type erased to `P`. */
interface Model<P> {
  readonly init: (key: random.PRNGKey, shape: readonly number[]) => P;
  readonly apply: (params: P, x: Tensor) => Tensor;
}

function lstmModel(dim: number, units: number) {
  const net = nn.serial(nn.embedding(VOCAB, dim), nn.rnn(nn.lstmCell(units), { returnSequences: true }), nn.dense(CLASSES));
  return net;
}

function transformerModel(length: number, dim: number, heads: number, blocks: number) {
  const stack = Array.from({ length: blocks }, () => nn.transformerEncoderBlock(heads, dim, { causal: true }));
  return nn.serial(nn.embedding(VOCAB, dim, { init: nn.initializers.normal(0.02) }), nn.learnedPositional(length), ...stack, nn.layerNorm(), nn.dense(CLASSES));
}

/**
 * Trains a character-level model of the chosen kind on the training words, then measures
 * its held-out bits per character and samples words at `temperature`.
 * @example
 * const r = trainCharLm({ model: "transformer", steps: 600 });
 * r.heldOutBits; // well below the unigram 4.1
 */
export function trainCharLm(options: CharLmOptions): CharLmResult {
  const {
    model,
    maxLength = 16,
    dim = 64,
    units = 128,
    blocks = 2,
    heads = 4,
    steps = 600,
    batchSize = 128,
    learningRate = 2e-3,
    samples = 10,
    temperature = 0.8,
    seed = 0,
  } = options;
  if (model !== "lstm" && model !== "transformer") throw new Error(`trainCharLm: model must be "lstm" or "transformer", got ${JSON.stringify(model)}`);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`trainCharLm: steps must be an integer ≥ 1, got ${steps}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`trainCharLm: batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (!(temperature > 0)) throw new Error(`trainCharLm: temperature must be > 0, got ${temperature}`);
  const t0 = performance.now();
  const split = options.words ?? loadWords({ maxLength, seed });
  if (split.train.length < batchSize) throw new Error(`trainCharLm: ${split.train.length} training words are fewer than a batch of ${batchSize}`);
  const width = maxLength - 1;
  const [initKey, sampleKey] = random.split(random.key(seed), 2);
  const run = (m: Model<unknown>): CharLmResult => fit(m, split, { width, steps, batchSize, learningRate, samples, temperature, seed, initKey, sampleKey, t0 });
  if (model === "lstm") {
    const net = lstmModel(dim, units);
    type P = ReturnType<typeof net.init>[1];
    const m: Model<P> = { init: (k, s) => net.init(k, s)[1], apply: (p, x) => net.apply(p, x) as Tensor };
    return run(m as Model<unknown>);
  }
  const net = transformerModel(width, dim, heads, blocks);
  type P = ReturnType<typeof net.init>[1];
  const m: Model<P> = { init: (k, s) => net.init(k, s)[1], apply: (p, x) => net.apply(p, x) as Tensor };
  return run(m as Model<unknown>);
}

interface FitSettings {
  readonly width: number;
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly samples: number;
  readonly temperature: number;
  readonly seed: number;
  readonly initKey: random.PRNGKey;
  readonly sampleKey: random.PRNGKey;
  readonly t0: number;
}

/** Summed cross-entropy (nats) over the masked targets, and the number of targets. */
function maskedNats(logits: Tensor, batch: CharBatch): [Tensor, Tensor] {
  const nll = mul(sum(mul(logSoftmax(logits, -1), oneHot(batch.y, CLASSES)), -1), -1);
  return [sum(mul(nll, batch.mask)), sum(batch.mask)];
}

function fit(m: Model<unknown>, split: WordSplit, s: FitSettings): CharLmResult {
  const length = s.width + 1;
  const initial = m.init(s.initKey, [-1, s.width]);
  const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adam(s.learningRate));
  const loss = (p: unknown, b: CharBatch): Tensor => {
    const [nats, count] = maskedNats(m.apply(p, b.x), b);
    return div(nats, count);
  };
  const step = jit((p: unknown, st: unknown, b: CharBatch) => {
    const [value, grads] = valueAndGrad((q: unknown) => loss(q, b))(p);
    const [updates, next] = opt.update(grads, st as ReturnType<typeof opt.init<unknown>>, p);
    return [optim.applyUpdates(p, updates), next, value] as const;
  });
  const orderKey = random.key(s.seed + 1);
  let epoch = 0;
  let order: string[] = [];
  let params = initial;
  let state: unknown = opt.init(params);
  let last = NaN;
  for (let i = 0; i < s.steps; i++) {
    if (order.length < s.batchSize) order = shuffled(split.train, random.foldIn(orderKey, epoch++));
    const words = order.splice(0, s.batchSize);
    const [p, st, value] = step(params, state, charBatch(words, length));
    params = p;
    state = st;
    if (i === s.steps - 1) last = (value as Tensor).item() / Math.LN2;
  }
  // Held-out score in chunks of a fixed size (the last one padded with masked rows), one traced program.
  const evaluate = jit((p: unknown, b: CharBatch) => maskedNats(m.apply(p, b.x), b));
  const chunk = 1024;
  let nats = 0;
  let count = 0;
  for (let i = 0; i < split.heldOut.length; i += chunk) {
    const words = split.heldOut.slice(i, i + chunk);
    const filler = chunk - words.length;
    const b = charBatch([...words, ...new Array<string>(filler).fill("")], length);
    const keep = tensor(
      Array.from({ length: chunk }, (_, r) => [r < words.length ? 1 : 0]),
      "float32",
    );
    const [n, c] = evaluate(params, { ...b, mask: mul(b.mask, keep) });
    nats += n.item();
    count += c.item();
  }
  return { heldOutBits: nats / count / Math.LN2, trainBits: last, samples: sampleWords(m, params, s), seconds: (performance.now() - s.t0) / 1000 };
}

/** `s.samples` words drawn one token at a time at `s.temperature`, each step's key folded from `s.sampleKey`. */
function sampleWords(m: Model<unknown>, params: unknown, s: FitSettings): string[] {
  const logitsOf = jit((p: unknown, x: Tensor) => m.apply(p, x));
  const rows = Array.from({ length: s.samples }, () => [BOUNDARY, ...new Array<number>(s.width - 1).fill(PAD)]);
  const done = new Array<boolean>(s.samples).fill(false);
  for (let t = 0; t < s.width - 1 && done.some((d) => !d); t++) {
    const logits = logitsOf(params, tensor(rows, "int32"));
    const atT = slice(logits, [0, t, 0], [s.samples, t + 1, CLASSES]);
    const drawn = random.categorical(random.foldIn(s.sampleKey, t), div(atT, s.temperature), -1).toArray() as number[][];
    drawn.forEach(([id], r) => {
      if (done[r]) return;
      if (id === BOUNDARY) done[r] = true;
      else rows[r][t + 1] = id;
    });
  }
  return rows.map((r) => decodeIds(r.slice(1)));
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  const words = loadWords();
  console.log(`${words.train.length} training words, ${words.heldOut.length} held out; unigram baseline ${unigramBits(words).toFixed(3)} bits per character`);
  for (const model of ["lstm", "transformer"] as const) {
    const r = trainCharLm({ model, words });
    console.log(
      `\n${model}: held-out ${r.heldOutBits.toFixed(3)} bits per character (last training batch ${r.trainBits.toFixed(3)}), ${r.seconds.toFixed(0)} s`,
    );
    console.log(`samples at temperature 0.8: ${r.samples.join(" ")}`);
  }
}
