// Worker thread: makes the referral batches it is given (batch b = referral numbers
// [b·size, (b+1)·size)) as binary COPY data and hands them to the parent, which owns the database
// connections. Referrals come in fixed chunks with their own random streams, so the rows do not
// depend on which worker makes them. One batch ahead at most: the parent sends a credit per batch.
import { parentPort, workerData } from 'node:worker_threads';
import { generateRegion, type GeneratorOptions } from './generator.ts';
import { referralBatchBinary } from './referral-text.ts';

export interface WorkerInput {
  options: Omit<GeneratorOptions, 'now' | 'guidelines'> & { now: string };
  batches: number[];
  batchSize: number;
}
export type WorkerMessage =
  | {
      type: 'batch';
      batch: number;
      referrals: Uint8Array[];
      exams: Uint8Array[];
      events: Uint8Array[];
      messages: Uint8Array[];
      decisions: Uint8Array[];
      adviceEvents: Uint8Array[];
      count: number;
    }
  | { type: 'done' }
  | { type: 'error'; message: string };

const input = workerData as WorkerInput;
const port = parentPort!;
try {
  const region = generateRegion({ ...input.options, now: new Date(input.options.now) });
  let credits = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  for (const batchNo of input.batches) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const from = batchNo * input.batchSize;
    const to = Math.min(from + input.batchSize, input.options.referrals);
    const b = referralBatchBinary(region, from, to);
    // The chunks' memory moves to the parent (each chunk is its own ArrayBuffer).
    const transfer = [...b.referrals, ...b.exams, ...b.events, ...b.messages, ...b.decisions, ...b.adviceEvents].map((c) => c.buffer as ArrayBuffer);
    port.postMessage({ type: 'batch', batch: batchNo, ...b } satisfies WorkerMessage, transfer);
  }
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
} catch (e) {
  port.postMessage({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerMessage);
}
port.close();
