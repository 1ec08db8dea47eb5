/**
 * The `Either` of the functions that return their errors as values (`tensorE`,
 * `train.loadParamsE`, the data loaders' `…E` forms): fp-ts's `Either`, written out with
 * the same structure. The values are made by fp-ts (`left`, `right`) and work with every
 * fp-ts function; declaring the type here keeps the published declarations from loading
 * fp-ts's, whose type-class modules a user's type check would otherwise check too (see
 * `npm run bench:types`).
 * @module
 */

/**
 * A failure: fp-ts's `Left`.
 * @example
 * const failed: Left<Error> = { _tag: "Left", left: new Error("no such file") };
 */
export interface Left<E> {
  readonly _tag: "Left";
  readonly left: E;
}

/**
 * A success: fp-ts's `Right`.
 * @example
 * const loaded: Right<number> = { _tag: "Right", right: 3 };
 */
export interface Right<A> {
  readonly _tag: "Right";
  readonly right: A;
}

/**
 * A failure `E` or a success `A`: fp-ts's `Either`, so `isLeft`, `fold`, `pipe`, ... from
 * fp-ts apply to it.
 * @example
 * const r: Either<Error, Tensor> = tensorE([1, 2]);
 * if (isLeft(r)) console.error(r.left.message);
 */
export type Either<E, A> = Left<E> | Right<A>;
