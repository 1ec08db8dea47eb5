/**
 * The main job (`npm start`): MNIST with the MLP (default, fast) or LeNet-5.
 *
 *   npm start                          the 784-256-10 MLP, 10 epochs (examples/mnist.ts)
 *   npm start -- --model lenet         LeNet-5, 8 epochs (examples/lenet.ts)
 *   npm start -- --model lenet 3       LeNet-5, 3 epochs
 *
 * Both end with a line `test accuracy: NN.NN%`.
 */
import { runLenet } from "./lenet";
import { runMnist } from "./mnist";

const usage = "usage: npm start -- [--model mlp|lenet] [epochs]";

/** The model and epochs of the command line, or an error message. */
export function parseMainArgs(argv: readonly string[]): { readonly model: "mlp" | "lenet"; readonly epochs?: number } | string {
  let model: "mlp" | "lenet" = "mlp";
  let epochs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--model" || a.startsWith("--model=")) {
      const value = a === "--model" ? argv[++i] : a.slice("--model=".length);
      if (value !== "mlp" && value !== "lenet") return `${usage}: unknown model ${JSON.stringify(value)} (mlp or lenet)`;
      model = value;
    } else if (/^\d+$/.test(a) && Number(a) >= 1) {
      epochs = Number(a);
    } else {
      return `${usage}: unexpected argument ${JSON.stringify(a)}`;
    }
  }
  return epochs === undefined ? { model } : { model, epochs };
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  const parsed = parseMainArgs(process.argv.slice(2));
  if (typeof parsed === "string") {
    console.error(parsed);
    process.exit(2);
  }
  if (parsed.model === "lenet") runLenet(parsed.epochs);
  else runMnist(parsed.epochs);
}
