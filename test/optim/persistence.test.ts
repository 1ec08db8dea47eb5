/**
 * Optimizer states are trees of tensors, so the persistence of `train` saves and loads
 * them like params: int32 counts stay int32, an infinite best value survives, and
 * training resumes from the loaded state exactly as from the saved one.
 */
import { describe, expect, it } from "vitest";
import { tensor } from "../../src/index";
import * as optim from "../../src/optim";
import { decode, encode, fromJson, toJson } from "../../src/train";
import { stateDTypes, stateValues } from "./helpers";

describe("optimizer states round-trip through the saved formats", () => {
  const p = {
    W: tensor([
      [1, -2],
      [0.5, 3],
    ]),
    b: tensor([0.25, -0.5]),
  };
  const g = {
    W: tensor([
      [0.1, 0.2],
      [-0.3, 0.4],
    ]),
    b: tensor([0.5, -0.6]),
  };
  const opt = optim.chain(optim.adam(optim.cosineDecay(0.1, 10)), optim.reduceOnPlateau({ patience: 2 }));

  it.each(["binary", "json"] as const)("%s: fresh and trained states load with their values and dtypes", (format) => {
    const save = <T>(s: T): T => (format === "binary" ? decode(encode(s), s) : fromJson(toJson(s), s));
    const fresh = opt.init(p);
    const loadedFresh = save(fresh);
    expect(stateValues(loadedFresh)).toEqual(stateValues(fresh)); // bestValue: Infinity included
    expect(stateDTypes(loadedFresh)).toEqual(stateDTypes(fresh));
    let s = fresh;
    for (let k = 0; k < 3; k++) [, s] = opt.update(g, s, p, { loss: 1 });
    const loaded = save(s);
    expect(stateDTypes(loaded)).toEqual(stateDTypes(s));
    expect(stateValues(loaded)).toEqual(stateValues(s));
    expect(loaded[0][0].count.dtype).toBe("int32");
    const [u1] = opt.update(g, s, p, { loss: 1 });
    const [u2] = opt.update(g, loaded, p, { loss: 1 });
    expect(Array.from(u2.W.data())).toEqual(Array.from(u1.W.data()));
  });
});
