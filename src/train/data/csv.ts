/**
 * Numeric CSV: every field a number, comma-separated by default, an optional header
 * line. Quoting is not supported (numeric data needs none). Errors are values naming
 * the line, the column and the offending text.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";

/**
 * Options of {@link parseCsvE}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const text = "alcohol;quality\n12.8;6\n9.4;5\n";
 * const table = train.parseCsvE(text, { header: true, delimiter: ";", name: "wine.csv" } satisfies train.CsvOptions);
 * table._tag; // => "Right"
 * ```
 */
export interface CsvOptions {
  /** Whether the first non-blank line is a header of names (default `false`). */
  readonly header?: boolean;
  /** The field separator (default `","`). */
  readonly delimiter?: string;
  /** The number of columns every row must have (default: as many as the first row). */
  readonly columns?: number;
  /** A name for error messages, e.g. the file name (default `"csv"`). */
  readonly name?: string;
}

/**
 * A parsed numeric CSV table: row-major values, float64.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { rows, columns, values }: train.CsvTable = train.parseCsv("1,2\n3,4"); // 2, 2, [1, 2, 3, 4]
 * ```
 */
export interface CsvTable {
  /** The header fields (trimmed) when `header` was set. */
  readonly header: readonly string[] | undefined;
  /** Number of data rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly columns: number;
  /** `rows × columns` values, row-major. */
  readonly values: Float64Array;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: { readonly [text: string]: number } = {
  nan: NaN,
  "+nan": NaN,
  "-nan": NaN,
  inf: Infinity,
  "+inf": Infinity,
  "-inf": -Infinity,
  infinity: Infinity,
  "+infinity": Infinity,
  "-infinity": -Infinity,
};

/**
 * A CSV field as a number, or `undefined` when it is not one: decimal notation with an
 * optional exponent, or `nan` / `inf` / `infinity` (any case, optional sign).
 * Unlike `Number`, the empty string, `0x10` and `1_000` are not numbers.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.parseNumber(" 4.5e-1 "); // => 0.45
 * // undefined
 * train.parseNumber("abc"); // => undefined
 * ```
 */
export function parseNumber(field: string): number | undefined {
  const text = field.trim();
  if (DECIMAL.test(text)) return Number(text);
  const lower = text.toLowerCase();
  return Object.hasOwn(SPECIAL, lower) ? SPECIAL[lower] : undefined;
}

/**
 * Parses numeric CSV text into a table, or a `Left` naming the first problem by line
 * and column: a field that is not a number (quoted in the message), a row with the
 * wrong number of columns, no data. Blank lines are skipped; `\r\n` line ends work.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.parseCsvE("a,b\n1,2\n3,4", { header: true });
 * // Right({ header: ["a", "b"], rows: 2, columns: 2, values: Float64Array [1, 2, 3, 4] })
 * train.parseCsvE("1,2\n3,x");
 * // Left(Error: csv: line 2, column 2: "x" is not a number)
 * ```
 */
export function parseCsvE(text: string, options: CsvOptions = {}): Either<Error, CsvTable> {
  const name = options.name ?? "csv";
  const delimiter = options.delimiter ?? ",";
  if (delimiter.length === 0) return left(new Error(`${name}: the delimiter must not be empty`));
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  let columns = options.columns;
  const values: number[] = [];
  let rows = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") continue;
    const fields = line.split(delimiter);
    const lineNo = i + 1;
    if (options.header === true && header === undefined) {
      header = fields.map((f) => f.trim());
      continue;
    }
    if (columns === undefined) columns = fields.length;
    if (fields.length !== columns) {
      return left(new Error(`${name}: line ${lineNo} has ${fields.length} columns, expected ${columns}`));
    }
    for (let j = 0; j < fields.length; j++) {
      const v = parseNumber(fields[j]);
      if (v === undefined) {
        const shown = fields[j].trim() === "" ? "an empty field" : JSON.stringify(fields[j].trim());
        return left(new Error(`${name}: line ${lineNo}, column ${j + 1}: ${shown} is not a number`));
      }
      values.push(v);
    }
    rows++;
  }
  if (rows === 0) return left(new Error(`${name}: no data rows`));
  return right({ header, rows, columns: columns as number, values: Float64Array.from(values) });
}

/**
 * {@link parseCsvE}, throwing its error.
 * @example
 * ```ts
 * import { train } from "purediff";
 * // Float64Array [1, 2, 3, 4]
 * train.parseCsv("1,2\n3,4").values; // => [1, 2, 3, 4]
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const result = parseCsvE(text, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
