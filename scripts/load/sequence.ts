import type { CannonResult } from "./cannon-job.ts";

// Order sequence numbers, so every order of a load run is new: each autocannon run starts after the numbers the
// previous runs used (the load generator reports how many it built).

export type Sequence = { use(run: (firstSeq: number) => Promise<CannonResult>): Promise<CannonResult> };

export function sequence(start = 1): Sequence {
  let next = start;
  return {
    async use(run) {
      const result = await run(next);
      next += result.issued + 1;
      return result;
    },
  };
}
