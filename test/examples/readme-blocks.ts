/**
 * Fenced code blocks of a Markdown file, for tests that run the README's examples.
 * A block whose info string is `ts runnable` is an example to run; a ```text output block
 * right after it (only blank lines between) is what it must print.
 */

export interface CodeBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string after the fence, e.g. "ts runnable". */
  readonly info: string;
  /** The first word of the info string. */
  readonly lang: string;
  readonly runnable: boolean;
  /** The nearest heading above the block. */
  readonly heading: string;
  readonly code: string;
  /** The text of the following ```text output block, if any. */
  readonly expected?: string;
}

interface RawBlock {
  readonly line: number;
  readonly info: string;
  readonly code: string;
  readonly heading: string;
  /** Index of the line after the closing fence. */
  readonly next: number;
}

export function extractBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const raw: RawBlock[] = [];
  let heading = "(top)";
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (h) {
      heading = h[1].trim();
      continue;
    }
    const open = /^(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const start = i;
    const body: string[] = [];
    i++;
    while (i < lines.length && !(lines[i].startsWith(fence) && lines[i].slice(fence.length).trim() === "")) body.push(lines[i++]);
    if (i >= lines.length) throw new Error(`unclosed code fence at line ${start + 1}`);
    raw.push({ line: start + 1, info: open[2].trim(), code: `${body.join("\n")}\n`, heading, next: i + 1 });
  }
  const blocks: CodeBlock[] = [];
  for (let k = 0; k < raw.length; k++) {
    const b = raw[k];
    const words = b.info.split(/\s+/).filter((w) => w.length > 0);
    if (words[0] === "text" && words.includes("output")) continue; // attached to the block before
    const after = raw[k + 1];
    const onlyBlankBetween = after !== undefined && lines.slice(b.next, after.line - 1).every((l) => l.trim() === "");
    const afterWords = after?.info.split(/\s+/) ?? [];
    const expected = onlyBlankBetween && afterWords[0] === "text" && afterWords.includes("output") ? after.code : undefined;
    blocks.push({
      line: b.line,
      info: b.info,
      lang: words[0] ?? "",
      runnable: words.includes("runnable"),
      heading: b.heading,
      code: b.code,
      expected,
    });
  }
  return blocks;
}
