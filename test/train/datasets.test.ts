import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isLeft, isRight, type Either } from "fp-ts/Either";
import { describe, expect, it } from "vitest";
import { tensor } from "../../src/index";
import {
  applyStandardizer,
  dataDirE,
  fitStandardizer,
  loadBreastCancer,
  loadDatasetE,
  loadDigits,
  loadIris,
  parseCsv,
  parseCsvE,
  parseNumber,
  standardize,
} from "../../src/train";

function leftMessage(e: Either<Error, unknown>): string {
  if (!isLeft(e)) throw new Error("expected a Left");
  return e.left.message;
}

function classCounts(y: { data(): ArrayLike<number> }, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const v of Array.from(y.data())) counts[v]++;
  return counts;
}

describe("numeric CSV", () => {
  it("parses numbers, a header, CRLF line ends and blank lines", () => {
    const t = parseCsv("a, b\r\n1,2.5\r\n\r\n-3e2, .5\r\n", { header: true });
    expect(t.header).toEqual(["a", "b"]);
    expect(t.rows).toBe(2);
    expect(t.columns).toBe(2);
    expect(Array.from(t.values)).toEqual([1, 2.5, -300, 0.5]);
    expect(Array.from(parseCsv("1;nan\n-inf;2", { delimiter: ";" }).values)).toEqual([1, NaN, -Infinity, 2]);
  });

  it("names the line, column and value of a non-numeric field", () => {
    expect(leftMessage(parseCsvE("1,2\n3,abc\n", { name: "t.csv" }))).toBe('t.csv: line 2, column 2: "abc" is not a number');
    expect(leftMessage(parseCsvE("h\n1,2\n\n3,", { header: true }))).toBe("csv: line 4, column 2: an empty field is not a number");
    expect(leftMessage(parseCsvE("0x10"))).toMatch(/"0x10" is not a number/);
  });

  it("rejects rows with the wrong number of columns and empty input", () => {
    expect(leftMessage(parseCsvE("1,2,3\n4,5\n"))).toBe("csv: line 2 has 2 columns, expected 3");
    expect(leftMessage(parseCsvE("1,2\n", { columns: 3 }))).toBe("csv: line 1 has 2 columns, expected 3");
    expect(leftMessage(parseCsvE("\n\n"))).toBe("csv: no data rows");
    expect(() => parseCsv("x")).toThrow(/line 1, column 1/);
  });

  it("parseNumber is stricter than Number", () => {
    expect(parseNumber(" 4.5e-1 ")).toBe(0.45);
    expect(parseNumber("")).toBeUndefined();
    expect(parseNumber("1_000")).toBeUndefined();
    expect(parseNumber("Infinity")).toBe(Infinity);
  });
});

describe("bundled datasets", () => {
  it("iris: 150 × 4, 50 per class", () => {
    const d = loadIris();
    expect(d.name).toBe("iris");
    expect(d.x.shape).toEqual([150, 4]);
    expect(d.x.dtype).toBe("float32");
    expect(d.y.shape).toEqual([150]);
    expect(d.y.dtype).toBe("int32");
    expect(d.featureCount).toBe(4);
    expect(d.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(d.featureNames[0]).toBe("sepal length (cm)");
    expect(classCounts(d.y, 3)).toEqual([50, 50, 50]);
    expect(Array.from(d.x.data().subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });

  it("breast cancer: 569 × 30, 212 malignant and 357 benign", () => {
    const d = loadBreastCancer({ dtype: "float64" });
    expect(d.name).toBe("breastCancer");
    expect(d.x.shape).toEqual([569, 30]);
    expect(d.x.dtype).toBe("float64");
    expect(d.classNames).toEqual(["malignant", "benign"]);
    expect(d.featureNames).toHaveLength(30);
    expect(d.featureNames[29]).toBe("worst fractal dimension");
    expect(classCounts(d.y, 2)).toEqual([212, 357]);
    expect(d.x.data()[0]).toBe(17.99);
  });

  it("digits: 1797 × 64 with the documented class counts", () => {
    const d = loadDigits();
    expect(d.name).toBe("digits");
    expect(d.x.shape).toEqual([1797, 64]);
    expect(d.featureCount).toBe(64);
    expect(classCounts(d.y, 10)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    const x = d.x.data();
    expect(Math.max(...x)).toBe(16);
    expect(Math.min(...x)).toBe(0);
    expect(Array.from(x.subarray(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });

  it("finds its data directory and reports problems in files as Left", () => {
    // Found next to the package (the repository's data/ here), not through the current directory.
    const cwd = process.cwd();
    process.chdir(tmpdir());
    let dir: Either<Error, string>;
    try {
      dir = dataDirE();
    } finally {
      process.chdir(cwd);
    }
    expect(dir).toEqual({ _tag: "Right", right: resolve(__dirname, "../../data") });
    const tmp = mkdtempSync(join(tmpdir(), "purediff-data-"));
    expect(leftMessage(loadDatasetE("iris", { dir: tmp }))).toMatch(/cannot read .*iris.csv/);
    writeFileSync(join(tmp, "iris.csv"), "3,4,a,b,c\n1,2,3,4,0\n1,2,3,4,1\n");
    expect(leftMessage(loadDatasetE("iris", { dir: tmp }))).toBe("iris.csv: the header announces 3 rows, the file has 2");
    writeFileSync(join(tmp, "iris.csv"), "2,4,a,b,c\n1,2,3,4,0\n1,2,3,4,7\n");
    expect(leftMessage(loadDatasetE("iris", { dir: tmp }))).toBe("iris.csv: data row 2: label 7 is not a class index in [0, 3)");
    writeFileSync(join(tmp, "iris.csv"), "2,4,a,b,c\n1,2,3,4,0\n1,2,x,4,1\n");
    expect(leftMessage(loadDatasetE("iris", { dir: tmp }))).toBe('iris.csv: line 3, column 3: "x" is not a number');
    if (isRight(dir)) copyFileSync(join(dir.right, "iris.csv"), join(tmp, "iris.csv"));
    expect(isRight(loadDatasetE("iris", { dir: tmp }))).toBe(true);
  });
});

describe("standardization", () => {
  it("fits mean and std on the training rows and applies them to other rows", () => {
    const train = tensor([
      [1, 10, 5],
      [3, 10, 7],
    ]);
    const s = fitStandardizer(train);
    expect(Array.from(s.mean.data())).toEqual([2, 10, 6]);
    expect(Array.from(s.std.data())).toEqual([1, 1, 1]); // the constant column gets 1
    expect(applyStandardizer(s, train).toArray()).toEqual([
      [-1, 0, -1],
      [1, 0, 1],
    ]);
    expect(applyStandardizer(s, tensor([[4, 12, 6]])).toArray()).toEqual([[2, 2, 0]]);
  });

  it("gives columns of mean 0 and std 1 on breast cancer", () => {
    const { x } = loadBreastCancer({ dtype: "float64" });
    const [z, stats] = standardize(x);
    expect(z.dtype).toBe("float64");
    expect(stats.mean.shape).toEqual([30]);
    const again = fitStandardizer(z);
    for (const m of again.mean.data()) expect(Math.abs(m)).toBeLessThan(1e-12);
    for (const v of again.std.data()) expect(v).toBeCloseTo(1, 12);
  });

  it("rejects a feature count that differs from the fitted one", () => {
    const s = fitStandardizer(tensor([[1, 2]]));
    expect(() => applyStandardizer(s, tensor([[1, 2, 3]]) as never)).toThrow(/x has 3 features, the standardizer was fitted on 2/);
  });
});
