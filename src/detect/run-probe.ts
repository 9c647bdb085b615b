import type { Frame } from 'playwright-core';
import { PROBE_LIMITS, type ProbeResult, probePage } from './probe.js';

/** A frame that does not answer within this is skipped (hung scripts, frames mid-navigation). */
const FRAME_TIMEOUT_MS = 3000;

// Sent as source text with a no-op `__name`: some transpilers (esbuild's keepNames, used by tsx) wrap
// functions in `__name(...)`, which does not exist inside the page. The result comes back as one JSON
// string: Playwright's value serialiser walks objects node by node, which costs more than the probe itself
// on a page with a few hundred inputs.
const PROBE_SOURCE = `(() => { const __name = (f) => f; return JSON.stringify((${probePage.toString()})(${JSON.stringify(PROBE_LIMITS)})); })()`;

/**
 * Probes one frame; `null` when the frame is gone, crashed or does not answer in time.
 *
 * @example
 * const probe = await probeFrame(page.mainFrame());
 */
export async function probeFrame(frame: Frame): Promise<ProbeResult | null> {
  if (frame.isDetached()) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), FRAME_TIMEOUT_MS);
  });
  try {
    const probe = frame.evaluate(PROBE_SOURCE).then(
      (value) => (typeof value === 'string' ? (JSON.parse(value) as ProbeResult) : null),
      () => null,
    );
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
