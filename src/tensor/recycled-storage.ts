/**
 * Recycled storage for large arrays. Tensors are never disposed by hand, so the library
 * cannot know in general when an array dies; a transform that runs a whole computation
 * itself (the eager backward pass, a jitted program) can. It opens a {@link RecyclingScope},
 * which records every large array {@link allocateStorage} hands out while it is open; the
 * transform gives back through {@link RecyclingScope.release} the ones it has proved dead,
 * and the next large allocation of the same byte length reuses one instead of asking the
 * system for fresh pages (a fresh 4 MB array costs about 1.3 ms of page faults on first
 * write, a recycled one nothing). Arrays enter the pool only that way, so storage a caller
 * may still hold is never handed out twice.
 */

/** Arrays smaller than this are left to the garbage collector: they are cheap to allocate. */
export const POOLED_MIN_BYTES = 1 << 16;

/** At most this many bytes wait in the pool; past it, released arrays are dropped. */
const POOL_CAPACITY_BYTES = 1 << 26;

/** Released arrays by byte length, most recently released last. */
const pool = new Map<number, ArrayBuffer[]>();
let pooledBytes = 0;

/** The open scopes, innermost last. */
const scopes: RecyclingScope[] = [];

/** A typed-array constructor of the kinds tensors are stored in. */
export interface StorageConstructor<A> {
  new (length: number): A;
  new (buffer: ArrayBuffer): A;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * An array of `length` elements: a recycled one when the pool holds one of this byte
 * length, else a fresh one. It is zero-filled unless `filled` is false, in which case its
 * contents are unspecified and the caller must write every element. Inside an open scope a
 * large array is recorded as the scope's, so the scope may release it once it is dead.
 * @example
 * allocateStorage(Float32Array, 3) // Float32Array [0, 0, 0]
 */
export function allocateStorage<A extends { readonly buffer: ArrayBufferLike }>(ctor: StorageConstructor<A>, length: number, filled = true): A {
  const bytes = length * ctor.BYTES_PER_ELEMENT;
  if (bytes < POOLED_MIN_BYTES) return new ctor(length);
  const recycled = pool.get(bytes)?.pop();
  let data: A;
  if (recycled === undefined) data = new ctor(length);
  else {
    pooledBytes -= bytes;
    data = new ctor(recycled);
    if (filled) new Uint8Array(recycled).fill(0);
  }
  const scope = scopes.length === 0 ? undefined : scopes[scopes.length - 1];
  if (scope?.recording) scope.record(data.buffer as ArrayBuffer);
  return data;
}

/**
 * The large arrays allocated while a transform runs, and the means to give back the ones
 * it has proved dead. Only arrays this scope recorded can be released.
 */
export class RecyclingScope {
  /** Arrays allocated in this scope and not yet released or given away. */
  private readonly owned = new Set<ArrayBuffer>();
  /** The same arrays in allocation order, for {@link allocatedSince}. */
  private readonly order: ArrayBuffer[] = [];
  /** While false, allocations are not recorded (they are someone else's to keep). */
  recording = true;

  /** Records an array allocated in this scope. */
  record(buffer: ArrayBuffer): void {
    this.owned.add(buffer);
    this.order.push(buffer);
  }

  /** Whether this scope allocated `buffer` and still owns it. */
  owns(buffer: ArrayBufferLike): boolean {
    return this.owned.size > 0 && this.owned.has(buffer as ArrayBuffer);
  }

  /** Whether the scope owns no array at all (nothing to release). */
  ownsNothing(): boolean {
    return this.owned.size === 0;
  }

  /** A position in the allocation order, for {@link allocatedSince}. */
  mark(): number {
    return this.order.length;
  }

  /** The arrays allocated since `mark` that the scope still owns. */
  allocatedSince(mark: number): ArrayBufferLike[] {
    return this.order.slice(mark).filter((b) => this.owned.has(b));
  }

  /** Gives up `buffer`: something the scope cannot see may keep it, so it is never released. */
  disown(buffer: ArrayBufferLike): void {
    this.owned.delete(buffer as ArrayBuffer);
  }

  /**
   * Returns `buffer` to the pool. The caller has proved that nothing refers to it any more;
   * arrays this scope does not own are ignored.
   */
  release(buffer: ArrayBufferLike): void {
    const b = buffer as ArrayBuffer;
    if (!this.owned.delete(b)) return;
    if (pooledBytes + b.byteLength > POOL_CAPACITY_BYTES) return;
    const list = pool.get(b.byteLength);
    if (list === undefined) pool.set(b.byteLength, [b]);
    else list.push(b);
    pooledBytes += b.byteLength;
  }
}

/**
 * Runs `body` with a new recycling scope open: large arrays allocated meanwhile (outside
 * any inner scope) are recorded as the scope's.
 * @example
 * withRecycling((scope) => scope.mark()) // 0
 */
export function withRecycling<R>(body: (scope: RecyclingScope) => R): R {
  const scope = new RecyclingScope();
  scopes.push(scope);
  try {
    return body(scope);
  } finally {
    scopes.pop();
  }
}

/** Whether arrays of `bytes` bytes go through the pool (smaller ones are left to the collector). */
export function isPooledSize(bytes: number): boolean {
  return bytes >= POOLED_MIN_BYTES;
}

/**
 * The storage under `data` when it is large enough to have come from the pool, else
 * undefined. Small arrays are not asked for their buffer: V8 keeps small typed arrays
 * inside its heap and reading `.buffer` would move them out.
 * @example poolableBuffer(new Float32Array(4)) // undefined
 */
export function poolableBuffer(data: { readonly byteLength: number; readonly buffer: ArrayBufferLike }): ArrayBufferLike | undefined {
  return data.byteLength >= POOLED_MIN_BYTES ? data.buffer : undefined;
}

/** How many bytes the pool holds, for tests. */
export function pooledStorageBytes(): number {
  return pooledBytes;
}
