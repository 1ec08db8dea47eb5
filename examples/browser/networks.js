// The networks and optimizers the page offers, built from purediff's nn and optim.

/**
 * A network by name for inputs of `inputShape` and `classes` outputs: a perceptron (one
 * dense layer: softmax regression), an MLP, or a small CNN (8×8 images only).
 * @example const net = makeNetwork(pd, "mlp", [2], 3)
 */
export function makeNetwork(pd, name, inputShape, classes) {
  const { nn } = pd;
  if (name === "perceptron") return nn.serial(nn.dense(classes));
  if (name === "mlp") return nn.serial(nn.dense(32), nn.activation(nn.tanh), nn.dense(32), nn.activation(nn.tanh), nn.dense(classes));
  if (name === "cnn") {
    if (inputShape.length !== 3) throw new Error("the CNN takes images: pick the digits");
    return nn.serial(
      nn.conv2d(8, 3, { padding: "SAME" }),
      nn.activation(nn.relu),
      nn.maxPoolLayer([2, 2], { strides: [2, 2] }),
      nn.flatten(),
      nn.dense(classes),
    );
  }
  throw new Error(`unknown network ${name}`);
}

/**
 * An optimizer by name.
 * @example makeOptimizer(pd, "adam", 0.01)
 */
export function makeOptimizer(pd, name, learningRate) {
  const { optim } = pd;
  if (name === "sgd") return optim.sgd(learningRate);
  if (name === "momentum") return optim.momentum(learningRate, 0.9);
  if (name === "adam") return optim.adam(learningRate);
  throw new Error(`unknown optimizer ${name}`);
}
