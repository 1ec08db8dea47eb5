import { describe, expect, it } from "vitest";
import { jit, reshape, stack, tensor, vmap, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { checkGrads } from "../../laws";
import { expectClose, values } from "./helpers";

// One 3×4 single-channel image, [H, W, C], and a batch of it with a different second channel.
const a = reshape(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "float64"), [3, 4, 1]);
const batch = reshape(
  tensor(
    Array.from({ length: 5 * 3 * 4 * 2 }, (_, i) => (i * 37) % 41),
    "float64",
  ),
  [5, 3, 4, 2],
);
const k = random.key(42);

/** The 2-D [H, W] values of a one-channel image. */
const plane = (x: Tensor): unknown => reshape(x, x.shape.slice(0, 2)).toArray();

/** Image `i` of a batch, from its values. */
const take1 = (x: Tensor, i: number): Tensor =>
  reshape(tensor(values(x).slice(i * (x.size / x.shape[0]), (i + 1) * (x.size / x.shape[0])), "float64"), x.shape.slice(1));

describe("flips", () => {
  it("flipLeftRight reverses the columns", () => {
    expect(plane(nn.flipLeftRight(a))).toEqual([
      [4, 3, 2, 1],
      [8, 7, 6, 5],
      [12, 11, 10, 9],
    ]);
  });

  it("randomFlipLeftRight flips each image or leaves it, per key, deterministically", () => {
    const big = reshape(
      tensor(
        Array.from({ length: 16 * 3 * 4 }, (_, i) => i),
        "float64",
      ),
      [16, 3, 4, 1],
    );
    const y = nn.randomFlipLeftRight(k, big);
    expect(values(nn.randomFlipLeftRight(k, big))).toEqual(values(y));
    const flipped = nn.flipLeftRight(big);
    let count = 0;
    for (let i = 0; i < 16; i++) {
      const out = values(take1(y, i));
      const isFlip = out.join() === values(take1(flipped, i)).join();
      expect(isFlip || out.join() === values(take1(big, i)).join()).toBe(true);
      if (isFlip) count++;
    }
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(16);
    expect(values(nn.randomFlipLeftRight(random.key(7), big))).not.toEqual(values(y));
    expect(values(nn.randomFlipLeftRight(k, big, 0))).toEqual(values(big));
    expect(values(nn.randomFlipLeftRight(k, big, 1))).toEqual(values(flipped));
  });
});

describe("translations and crops", () => {
  it("translate by a known offset, uncovered pixels filled", () => {
    // Output (i, j) is input (i − 1, j + 1): one down, one left.
    expect(plane(nn.translate(a, [1, -1]))).toEqual([
      [0, 0, 0, 0],
      [2, 3, 4, 0],
      [6, 7, 8, 0],
    ]);
    expect(plane(nn.translate(a, [0, 2], { fill: -1 }))).toEqual([
      [-1, -1, 1, 2],
      [-1, -1, 5, 6],
      [-1, -1, 9, 10],
    ]);
    // One shift per image.
    const two = stack([a, a]);
    const y = nn.translate(
      two,
      tensor(
        [
          [1, -1],
          [0, 2],
        ],
        "int32",
      ),
    );
    expect(plane(take1(y, 0))).toEqual([
      [0, 0, 0, 0],
      [2, 3, 4, 0],
      [6, 7, 8, 0],
    ]);
    expect(plane(take1(y, 1))).toEqual([
      [0, 0, 1, 2],
      [0, 0, 5, 6],
      [0, 0, 9, 10],
    ]);
  });

  /** The shift [dy, dx] within ±m that maps image `x` to `y`, or undefined. */
  const shiftOf = (x: Tensor, y: Tensor, m: number): [number, number] | undefined => {
    for (let dy = -m; dy <= m; dy++) for (let dx = -m; dx <= m; dx++) if (values(nn.translate(x, [dy, dx])).join() === values(y).join()) return [dy, dx];
    return undefined;
  };

  it("randomTranslate shifts every image by whole pixels within the bound, per key", () => {
    const y = nn.randomTranslate(k, batch, 1);
    expect(y.shape).toEqual([5, 3, 4, 2]);
    expect(values(nn.randomTranslate(k, batch, 1))).toEqual(values(y));
    const shifts = Array.from({ length: 5 }, (_, i) => shiftOf(take1(batch, i), take1(y, i), 1));
    expect(shifts.every((s) => s !== undefined)).toBe(true);
    expect(new Set(shifts.map((s) => String(s))).size).toBeGreaterThan(1);
    expect(values(nn.randomTranslate(k, batch, 0))).toEqual(values(batch));
  });

  it("randomCrop of a padded image is a shift within the padding; without padding a window", () => {
    const y = nn.randomCrop(k, batch, [3, 4], { padding: 1 });
    expect(y.shape).toEqual([5, 3, 4, 2]);
    for (let i = 0; i < 5; i++) expect(shiftOf(take1(batch, i), take1(y, i), 1)).toBeDefined();
    const windows = nn.randomCrop(random.key(3), a, [2, 2]);
    const img = plane(a) as number[][];
    const w = plane(windows) as number[][];
    const found = [0, 1].some((r) =>
      [0, 1, 2].some((c) => img[r][c] === w[0][0] && img[r][c + 1] === w[0][1] && img[r + 1][c] === w[1][0] && img[r + 1][c + 1] === w[1][1]),
    );
    expect(found).toBe(true);
  });
});

describe("rotations", () => {
  const square = reshape(tensor([1, 2, 3, 5, 6, 7, 9, 10, 11], "float64"), [3, 3, 1]);

  it("rotation by 0 is the identity, by π/2 NumPy's rot90", () => {
    expect(values(nn.rotate(batch, 0))).toEqual(values(batch));
    // np.rot90([[1, 2, 3], [5, 6, 7], [9, 10, 11]]) = [[3, 7, 11], [2, 6, 10], [1, 5, 9]]
    expectClose(nn.rotate(square, Math.PI / 2), reshape(tensor([3, 7, 11, 2, 6, 10, 1, 5, 9], "float64"), [3, 3, 1]), 1e-12);
  });

  it("a small rotation keeps the centre and blends neighbours bilinearly", () => {
    const y = plane(nn.rotate(square, 0.3)) as number[][];
    expect(y[1][1]).toBe(6);
    // Pixel (1, 2) comes from the centre + (sin 0.3, cos 0.3) in (row, col): rows 1–2, cols 1–2.
    const r = 1 + Math.sin(0.3);
    const c = 1 + Math.cos(0.3);
    const [fr, fc] = [r - 1, c - 1];
    const expected = (1 - fr) * (1 - fc) * 6 + (1 - fr) * fc * 7 + fr * (1 - fc) * 10 + fr * fc * 11;
    expect(y[1][2]).toBeCloseTo(expected, 12);
    // A corner's source lies partly outside (row 1 − √2, column 1): fill and pixel (0, 1) blend.
    const below = 1 - Math.SQRT2 + 1; // its distance below row −1
    expect((plane(nn.rotate(square, Math.PI / 4, { fill: 100 })) as number[][])[0][0]).toBeCloseTo((1 - below) * 100 + below * 2, 12);
  });

  it("randomRotate draws an angle per image; maxAngle 0 is the identity", () => {
    const y = nn.randomRotate(k, batch, 0.2);
    expect(values(nn.randomRotate(k, batch, 0.2))).toEqual(values(y));
    expect(values(y)).not.toEqual(values(batch));
    expect(values(nn.randomRotate(k, batch, 0))).toEqual(values(batch));
    // Image i is the rotation by the angle drawn for it.
    const angles = random.uniform(k, [5], { min: -0.2, max: 0.2, dtype: "float64" });
    expectClose(y, nn.rotate(batch, angles), 1e-15);
  });

  it("is linear in the images: gradients agree with finite differences", () => {
    checkGrads((x: Tensor) => nn.rotate(x, tensor([0.1, -0.25, 0.4, 0, 1], "float64")), [batch], { order: 1 });
  });
});

describe("under jit and vmap", () => {
  const augment = (key: Tensor, x: Tensor) => {
    const [k1, k2, k3] = random.split(key, 3);
    return nn.randomRotate(k3, nn.randomTranslate(k2, nn.randomFlipLeftRight(k1, x), 1), 0.2);
  };

  it("jit equals eager, with fresh keys", () => {
    const fast = jit(augment);
    expect(values(fast(k, batch))).toEqual(values(augment(k, batch)));
    expect(values(fast(random.key(5), batch))).toEqual(values(augment(random.key(5), batch)));
  });

  it("vmap over keys and single images equals the per-example loop", () => {
    const keys = stack(random.split(k, 5));
    const perImage = Array.from({ length: 5 }, (_, i) => augment(random.split(k, 5)[i], take1(batch, i)));
    const batched = vmap(augment)(keys, batch);
    perImage.forEach((y, i) => expectClose(take1(batched, i), y, 1e-15));
    expectClose(jit(vmap(augment))(keys, batch), batched, 1e-15);
  });

  it("errors name the op and the shapes", () => {
    expect(() => nn.rotate(tensor([[1, 2]]), 0.1)).toThrow("rotate: images must be [batch..., H, W, C] (or one [H, W, C] image), got shape [1,2]");
    expect(() => nn.randomCrop(k, a, [4, 4])).toThrow("randomCrop: size [4, 4] does not fit in images of shape [3,4,1] padded by 0");
    expect(() => nn.translate(batch, tensor([[1, 2]], "int32"))).toThrow("translate: shifts must have shape [5,2] (one [dy, dx] per image), got [1,2]");
    expect(() => nn.rotate(batch, tensor([1, 2], "float64"))).toThrow("rotate: angles must be a number or have shape [5] (one per image), got [2]");
  });
});
