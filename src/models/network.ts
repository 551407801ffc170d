/**
 * Encoder F and decoder G (METHOD.md section 3) as plain TensorFlow.js variables and functions,
 * so that every training step is written out explicitly (no tf.layers machinery).
 *
 * F: x (N x Q) -> hidden ReLU layers (default 512, 512, 512) -> mean f (N x D), and for the VAE
 *    and PROP a second linear head for the log-variance ln sigma^2 (N x D).
 * G: z (N x D) -> the hidden widths of F reversed, ReLU -> linear output (N x Q).
 * Dropout (training only): rate `inputDropout` on F's input, `hiddenDropout` after every hidden
 * layer of F and G. Weights are He-normal, N(0, 2 / fanIn), drawn from an injected seeded
 * generator (section 3: "normal distribution", scale not stated); biases start at zero.
 * Dropout masks come from a fast seeded generator (../engine/dropout.ts) with a fresh seed per
 * call drawn from the injected generator, so a run is reproducible and masks differ between steps.
 */
import { tf } from '../engine/backend.ts';
import { dropout } from '../engine/dropout.ts';
import { fillGaussian, type Rng } from '../util/rng.ts';
import type { ModelSettings } from './settings.ts';

/** One fully connected layer: y = x W + b, W (in x out), b (out). */
export interface Dense {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

export interface Encoder {
  readonly hidden: Dense[];
  /** Linear head giving the feature (mean) f. */
  readonly mean: Dense;
  /** Linear head giving ln sigma^2 (VAE and PROP only). */
  readonly logVar?: Dense;
}

export interface Decoder {
  readonly hidden: Dense[];
  readonly out: Dense;
}

/** Source of per-call dropout seeds; undefined = inference (no dropout). */
export type DropoutSeeds = Rng | undefined;

/**
 * Normal (in x out) weights of variance gain / fanIn (gain 2: He-normal, the default; 0: zeros)
 * and zero bias, drawn from `rng`. Variables are left unnamed (tfjs
 * names must be unique per process, and several models may live side by side).
 */
function denseLayer(rng: Rng, fanIn: number, fanOut: number, gain = 2): Dense {
  const w = new Float32Array(fanIn * fanOut);
  fillGaussian(rng, w);
  const scale = Math.sqrt(gain / fanIn);
  for (let i = 0; i < w.length; i++) w[i] *= scale;
  // Inside tidy so the initial-value tensors are freed (a variable shares their data).
  return tf.tidy(() => ({
    w: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true),
    b: tf.variable(tf.zeros([fanOut]) as tf.Tensor1D, true),
  }));
}

/** A fresh encoder for Q-dim inputs; `withLogVar` adds the VAE's variance head. */
export function createEncoder(
  q: number,
  s: Pick<ModelSettings, 'hidden' | 'featureDim'>,
  rng: Rng,
  withLogVar: boolean,
): Encoder {
  const hidden: Dense[] = [];
  let width = q;
  for (const h of s.hidden) {
    hidden.push(denseLayer(rng, width, h));
    width = h;
  }
  const mean = denseLayer(rng, width, s.featureDim);
  // The log-variance head starts at zero (sigma = 1, the prior's). He-normal here gave
  // exp(logVar) ~ 1e20 within the first epoch with the paper's dropout (0.5 doubles the second
  // moment at every hidden layer), and the VAE loss overflowed; see docs/findings/vae-init.md.
  const logVar = withLogVar ? denseLayer(rng, width, s.featureDim, 0) : undefined;
  return logVar ? { hidden, mean, logVar } : { hidden, mean };
}

/** A fresh decoder mirroring the encoder: D -> hidden reversed -> Q. */
export function createDecoder(
  q: number,
  s: Pick<ModelSettings, 'hidden' | 'featureDim'>,
  rng: Rng,
): Decoder {
  const hidden: Dense[] = [];
  let width = s.featureDim;
  for (const h of [...s.hidden].reverse()) {
    hidden.push(denseLayer(rng, width, h));
    width = h;
  }
  return { hidden, out: denseLayer(rng, width, q) };
}

function seedOf(rng: Rng): number {
  return Math.floor(rng() * 4294967296);
}

function drop(x: tf.Tensor2D, rate: number, seeds: DropoutSeeds): tf.Tensor2D {
  return seeds && rate > 0 ? dropout(x, rate, seedOf(seeds)) : x;
}

function linear(x: tf.Tensor2D, l: Dense): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: l.w, bias: l.b }) as tf.Tensor2D;
}

function reluStack(
  x: tf.Tensor2D,
  layers: readonly Dense[],
  rate: number,
  seeds: DropoutSeeds,
): tf.Tensor2D {
  let h = x;
  for (const l of layers) {
    const a = tf.fused.matMul({ a: h, b: l.w, bias: l.b, activation: 'relu' }) as tf.Tensor2D;
    h = drop(a, rate, seeds);
  }
  return h;
}

/**
 * F(x): mean f (N x D) and, if the encoder has the head, ln sigma^2 (N x D). With `seeds`,
 * training mode (dropout on); without, inference. Call inside tf.tidy or a gradient function.
 */
export function encode(
  e: Encoder,
  x: tf.Tensor2D,
  s: Pick<ModelSettings, 'inputDropout' | 'hiddenDropout'>,
  seeds?: DropoutSeeds,
): { mean: tf.Tensor2D; logVar?: tf.Tensor2D } {
  const h = reluStack(drop(x, s.inputDropout, seeds), e.hidden, s.hiddenDropout, seeds);
  const mean = linear(h, e.mean);
  return e.logVar ? { mean, logVar: linear(h, e.logVar) } : { mean };
}

/** G(z) (N x Q), linear output; dropout after hidden layers in training mode. */
export function decode(
  g: Decoder,
  z: tf.Tensor2D,
  s: Pick<ModelSettings, 'hiddenDropout'>,
  seeds?: DropoutSeeds,
): tf.Tensor2D {
  return linear(reluStack(z, g.hidden, s.hiddenDropout, seeds), g.out);
}

/** All layers of F, input side first, heads last (mean, then logVar). */
export function encoderLayers(e: Encoder): Dense[] {
  return e.logVar ? [...e.hidden, e.mean, e.logVar] : [...e.hidden, e.mean];
}

/** All layers of G, input side first. */
export function decoderLayers(g: Decoder): Dense[] {
  return [...g.hidden, g.out];
}

/** Variables of layers (weights and biases), for optimizer var lists. */
export function variablesOf(layers: readonly Dense[]): tf.Variable[] {
  return layers.flatMap((l) => [l.w, l.b]);
}

/** lambda * sum of squared weights (biases excluded): the L2 penalty of section 3. */
export function l2Penalty(layers: readonly Dense[], lambda: number): tf.Scalar {
  if (lambda === 0 || layers.length === 0) return tf.scalar(0);
  return tf.mul(tf.addN(layers.map((l) => tf.sum(tf.square(l.w)))), lambda) as tf.Scalar;
}

/** Disposes the variables of layers. */
export function disposeLayers(layers: readonly Dense[]): void {
  for (const l of layers) tf.dispose([l.w, l.b]);
}
