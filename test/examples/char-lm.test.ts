import { describe, expect, it } from "vitest";
import { BOUNDARY, CLASSES, PAD, VOCAB, charBatch, cleanWords, decodeIds, encodeWord, loadWords, trainCharLm, unigramBits } from "../../examples/char-lm";

describe("examples/char-lm.ts", () => {
  it("keeps lowercase a–z words only and splits them without overlap", () => {
    expect(cleanWords("cat\nCat's\ndog's\nélan\ndog\ncat\nabcdefghijklmnop\n", 14)).toEqual(["cat", "dog"]);
    const { train, heldOut } = loadWords();
    expect(train.length).toBeGreaterThan(50_000);
    expect(heldOut.length).toBeCloseTo((train.length + heldOut.length) / 10, -1);
    const seen = new Set(train);
    expect(heldOut.every((w) => /^[a-z]{1,14}$/.test(w) && !seen.has(w))).toBe(true);
    expect(loadWords().heldOut.slice(0, 5)).toEqual(heldOut.slice(0, 5));
    const u = unigramBits({ train, heldOut });
    expect(u).toBeGreaterThan(4);
    expect(u).toBeLessThan(4.4);
    expect(() => loadWords({ heldOut: 1 })).toThrow("loadWords: heldOut must be in (0, 1), got 1");
  });

  it("encodes words as [BOS, letters, EOS, PAD…] with targets shifted by one and PAD masked out", () => {
    expect([BOUNDARY, PAD, CLASSES, VOCAB]).toEqual([0, 27, 27, 28]);
    expect(encodeWord("abz", 7)).toEqual([0, 1, 2, 26, 0, 27, 27]);
    expect(decodeIds([1, 2, 26, 0, 5])).toBe("abz");
    expect(() => encodeWord("abcde", 6)).toThrow('encodeWord: "abcde" needs 7 tokens, more than the length 6');
    expect(() => encodeWord("Ab", 6)).toThrow('encodeWord: a word must be lowercase a–z only, got "Ab"');
    const { x, y, mask } = charBatch(["ab", "wxyz"], 7);
    expect(x.shape).toEqual([2, 6]);
    expect(x.dtype).toBe("int32");
    expect(x.toArray()).toEqual([
      [0, 1, 2, 0, 27, 27],
      [0, 23, 24, 25, 26, 0],
    ]);
    expect(y.toArray()).toEqual([
      [1, 2, 0, 0, 0, 0],
      [23, 24, 25, 26, 0, 0],
    ]);
    expect(mask.toArray()).toEqual([
      [1, 1, 1, 0, 0, 0],
      [1, 1, 1, 1, 1, 0],
    ]);
  });

  // The time limit: the claim is the bits per character, so a generous limit for a loaded machine.
  it("both models beat the unigram baseline on held-out words after a short run and sample a–z words", () => {
    const words = loadWords();
    const baseline = unigramBits(words);
    const lstm = trainCharLm({ model: "lstm", words, steps: 120, dim: 32, units: 64, samples: 8 });
    const transformer = trainCharLm({ model: "transformer", words, steps: 120, dim: 32, blocks: 1, samples: 8 });
    for (const r of [lstm, transformer]) {
      expect(r.heldOutBits).toBeLessThan(baseline - 0.5);
      expect(r.samples).toHaveLength(8);
      for (const w of r.samples) expect(w).toMatch(/^[a-z]{0,14}$/);
      expect(r.samples.filter((w) => w.length > 0).length).toBeGreaterThanOrEqual(6);
    }
    expect(() => trainCharLm({ model: "gru" as "lstm" })).toThrow('trainCharLm: model must be "lstm" or "transformer", got "gru"');
    expect(() => trainCharLm({ model: "lstm", temperature: 0 })).toThrow("trainCharLm: temperature must be > 0, got 0");
  }, 360_000);
});
