// The recommended setup for heavy work: purediff in a Web Worker. In a cross-origin isolated
// page the kernels' thread pool then runs on every core (Web Workers over shared WebAssembly
// memory); elsewhere on this one thread. Either way the results are the same, bit for bit:
// this worker computes one product both ways and reports.
import { matmul, random, setThreads, threads } from "/purediff/purediff.js";

self.onmessage = async () => {
  const a = random.normal(random.key(1), [384, 384]);
  const b = random.normal(random.key(2), [384, 384]);
  const poolThreads = threads();
  // The first large product starts the pool's workers; a browser starts them only once this
  // thread returns to its event loop, so let it, briefly.
  matmul(a, b);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const t0 = performance.now();
  const pooled = matmul(a, b).data();
  const pooledMs = performance.now() - t0;
  setThreads(1);
  const t1 = performance.now();
  const single = matmul(a, b).data();
  const singleMs = performance.now() - t1;
  setThreads(poolThreads);
  const same = pooled.length === single.length && pooled.every((v, i) => Object.is(v, single[i]));
  postMessage({
    isolated: crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    threads: poolThreads,
    identical: same,
    pooledMs,
    singleMs,
    checksum: single.reduce((s, v) => s + v, 0),
  });
};
