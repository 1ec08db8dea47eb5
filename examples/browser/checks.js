// The numbers the browser test compares with Node's: one fixed case of grad, jit and the law
// kit, and a save/reload of params. Plain JS taking the library as arguments, so the page
// (with the bundle) and Node (with the sources) run the very same code.

/**
 * tanh(x·w) summed, at fixed float64 inputs: its value, gradient, their jitted versions,
 * the law kit's gradCheck report and whether checkGrads (orders 1 and 2) passed.
 * @example fixedCase(await import("/purediff/purediff.js"), await import("/purediff/laws.js"))
 */
export function fixedCase(pd, laws) {
  const { tensor, grad, jit, sum, tanh, matmul } = pd;
  const x = tensor(
    [
      [1, 2, 3],
      [-1, 0.5, 2],
    ],
    "float64",
  );
  const w = tensor(
    [
      [0.5, -1.25],
      [2, 0.75],
      [-0.5, 1],
    ],
    "float64",
  );
  const f = (v) => sum(tanh(matmul(x, v)));
  const report = laws.gradCheck(f, [w]);
  laws.checkGrads(f, [w], { order: 2 });
  return {
    value: f(w).item(),
    grad: grad(f)(w).toArray(),
    jitValue: jit(f)(w).item(),
    jitGrad: jit(grad(f))(w).toArray(),
    gradCheck: { passed: report.passed, checked: report.checked, maxAbsoluteError: report.maxAbsoluteError, maxRelativeError: report.maxRelativeError },
    checkGrads: "passed",
  };
}

/** True when two trees of tensors hold the same dtypes, shapes and bits. */
function sameBits(pd, a, b) {
  const isTensor = (t) => t instanceof pd.Tensor;
  const [xs] = pd.tree.flatten(a, isTensor);
  const [ys] = pd.tree.flatten(b, isTensor);
  if (xs.length !== ys.length) return false;
  return xs.every((x, i) => {
    const y = ys[i];
    if (x.dtype !== y.dtype || x.shape.join() !== y.shape.join()) return false;
    const u = new Uint8Array(x.data().buffer.slice(0));
    const v = new Uint8Array(y.data().buffer.slice(0));
    return u.length === v.length && u.every((byte, j) => byte === v[j]);
  });
}

/**
 * Saves `params` to bytes and to a Blob (binary and JSON), loads them back with `like`, and
 * reports whether every copy is bit-exact; also what a corrupted byte and a wrong `like` say.
 * @example await saveAndReload(pd, params) // { bytes: 1234, binary: true, json: true, blob: true, ... }
 */
export async function saveAndReload(pd, params) {
  const { train } = pd;
  const bytes = train.paramsToBytes(params);
  const fromBytes = train.paramsFromBytes(bytes, { like: params });
  const fromJson = train.paramsFromBytes(train.paramsToBytes(params, { format: "json" }), { like: params });
  const fromBlob = await train.paramsFromBlob(train.paramsToBlob(params), { like: params });
  const corrupt = bytes.slice();
  corrupt[corrupt.length - 9] ^= 1;
  const corrupted = train.paramsFromBytesE(corrupt, { like: params });
  const wrongLike = train.paramsFromBytesE(bytes, { like: { other: pd.zeros([2]) } });
  return {
    bytes: bytes.length,
    binary: sameBits(pd, params, fromBytes),
    json: sameBits(pd, params, fromJson),
    blob: sameBits(pd, params, fromBlob),
    corrupted: corrupted._tag === "Left" ? corrupted.left.message : "accepted",
    wrongLike: wrongLike._tag === "Left" ? wrongLike.left.message : "accepted",
  };
}
