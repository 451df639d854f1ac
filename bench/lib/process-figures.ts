/**
 * Peak memory and CPU time (user + system) of this process so far. Bench servers print them when
 * ready (the bench takes those off) and as their last line on SIGTERM.
 */
export function processFigures() {
  const usage = process.resourceUsage();
  return { maxRssKb: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) };
}

/** What a server reports with its port: where start-up left it. */
export function readyFigures() {
  const { maxRssKb, cpuMs } = processFigures();
  return { cpuMsAtReady: cpuMs, maxRssKbAtReady: maxRssKb };
}
