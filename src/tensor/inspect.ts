/**
 * The symbol Node's `util.inspect` (and so the REPL and `console.log`) calls to print an
 * object. It is a registered symbol, so using it needs no import of `node:util` and the
 * library stays loadable where Node's modules are absent.
 */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom");
