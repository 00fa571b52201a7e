/**
 * Origin amplification: a burst of requests over every region and three URL shapes, all sent at
 * once (a fixed number in flight) to a Worker that has never read anything, and the origin GETs
 * the counting proxy saw. One GET a region is the floor: each region's three shapes come from
 * one stored document.
 */
import type { ServingStack } from "./serving.ts";
import { startWorkerd } from "./workerd.ts";

/** The three shapes a region is asked in: plain text field, the JSON answer, an alias family. */
export const URL_SHAPES = [
  "/latest/{region}?field=ImageId",
  "/latest/{region}",
  "/latest/{region}/al2023-arm64",
];

export interface AmplificationResult {
  requests: number;
  inFlight: number;
  regions: number;
  shapes: number;
  originGets: number;
  /** Answers other than 200; a sane burst has none. */
  failures: number;
  wallMs: number;
}

/** Sends `requests` requests, `inFlight` at a time, round-robin over regions × shapes, to a cold Worker. */
export async function measureAmplification(
  serving: ServingStack,
  workerScript: string,
  requests: number,
  inFlight: number,
): Promise<AmplificationResult> {
  const worker = await startWorkerd({ script: workerScript, bindings: { ORIGIN_URL: serving.originUrl } });
  try {
    const paths = serving.regions.flatMap((region) =>
      URL_SHAPES.map((shape) => shape.replace("{region}", region)),
    );
    await serving.resetCounts();
    let next = 0;
    let failures = 0;
    const started = performance.now();
    const sender = async () => {
      for (let i = next++; i < requests; i = next++) {
        const response = await fetch(`${worker.url}${paths[i % paths.length]}`);
        await response.arrayBuffer();
        if (response.status !== 200) failures++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, sender));
    const wallMs = performance.now() - started;
    return {
      requests,
      inFlight,
      regions: serving.regions.length,
      shapes: URL_SHAPES.length,
      originGets: serving.originGets(),
      failures,
      wallMs,
    };
  } finally {
    await worker.stop();
  }
}
