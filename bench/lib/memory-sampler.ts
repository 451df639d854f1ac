/**
 * Samples process.memoryUsage() every `everyMs` and keeps the sample with the highest RSS, so a peak
 * can be told apart: JS heap, Buffers (arrayBuffers) or native memory outside both (e.g. libvips).
 */
export function sampleMemory(everyMs = 50) {
  let peak = process.memoryUsage();
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  }, everyMs);
  timer.unref();
  const mb = (bytes: number) => Math.round(bytes / 1_048_576);
  return {
    /** MB at the sampled peak; `native` is what RSS holds beyond the JS heap and Buffers. */
    atPeak: () => ({
      rssMb: mb(peak.rss),
      heapUsedMb: mb(peak.heapUsed),
      arrayBuffersMb: mb(peak.arrayBuffers),
      nativeMb: mb(peak.rss - peak.heapTotal - peak.arrayBuffers),
    }),
  };
}
