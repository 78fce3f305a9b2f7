import { describe, expect, it } from "vitest";
import { createFifo } from "./fifo.ts";

describe("createFifo", () => {
  it("returns items in insertion order across internal compactions", () => {
    const fifo = createFifo<number>();
    const out: number[] = [];
    for (let i = 0; i < 5000; i += 1) {
      fifo.push(i);
      if (i % 3 === 0) out.push(fifo.shift()!);
    }
    expect(fifo.size).toBe(5000 - out.length);
    for (let item = fifo.shift(); item !== undefined; item = fifo.shift()) out.push(item);
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(fifo.size).toBe(0);
  });

  it("hands back everything still queued on drainAll", () => {
    const fifo = createFifo<string>();
    fifo.push("a");
    fifo.push("b");
    fifo.push("c");
    fifo.shift();
    expect(fifo.drainAll()).toEqual(["b", "c"]);
    expect(fifo.size).toBe(0);
    expect(fifo.shift()).toBeUndefined();
  });
});
