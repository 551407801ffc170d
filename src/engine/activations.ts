/**
 * The activations of tf.fused.matMul applied in place to a float32 array (the native matmul
 * kernel's output on the wasm heap). Same definitions as tfjs: relu max(x, 0); relu6
 * min(max(x, 0), 6); leakyrelu x < 0 ? alpha x : x; elu x >= 0 ? x : exp(x) - 1; sigmoid
 * 1 / (1 + exp(-x)); linear leaves x. prelu (per-channel weights) is not handled here.
 */

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'leakyrelu', 'elu', 'sigmoid'] as const;
export type NativeActivation = (typeof ACTIVATIONS)[number];

export function isNativeActivation(name: string): name is NativeActivation {
  return (ACTIVATIONS as readonly string[]).includes(name);
}

/** Applies `activation` to every element of `x` in place; `alpha` is leakyrelu's slope. */
export function applyActivation(
  x: Float32Array,
  activation: NativeActivation,
  alpha: number,
): void {
  const n = x.length;
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (x[i] < 0) x[i] = 0;
      return;
    case 'relu6':
      for (let i = 0; i < n; i++) x[i] = x[i] < 0 ? 0 : x[i] > 6 ? 6 : x[i];
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) if (x[i] < 0) x[i] *= alpha;
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (x[i] < 0) x[i] = Math.expm1(x[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) x[i] = 1 / (1 + Math.exp(-x[i]));
      return;
  }
}
