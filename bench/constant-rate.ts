// An open-loop load generator: requests are due at evenly spaced times (rate per second) and
// sent over a fixed pool of keep-alive connections; each latency is measured from the time the
// request was DUE, not from when a connection became free (wrk2's correction for coordinated
// omission), so a stalled server cannot hide its queue.
//
// Why not autocannon's `overallRate`: it lets every connection send its whole second's quota
// back to back and then pause until the next second, so "1,000 req/s" arrives as a burst of 1,000
// at the top of each second with 50 in flight. That measures latency at full concurrency, not at
// a steady 1,000 req/s.
import http from 'node:http';

export interface ConstantRateOptions {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  rate: number;
  connections: number;
  seconds: number;
  /** Headers made for each request (e.g. a fresh signed JWT). */
  perRequestHeaders?: () => Record<string, string>;
}

export interface ConstantRateResult {
  sent: number;
  completed: number;
  non2xx: number;
  errors: number;
  achievedPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function constantRate(o: ConstantRateOptions): Promise<ConstantRateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  const url = new URL(o.url);
  const body = o.body ? Buffer.from(o.body) : undefined;
  const headers = { ...o.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
  const total = Math.round(o.rate * o.seconds);
  const latencies = new Float64Array(total);
  let sent = 0;
  let completed = 0;
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  const waiting: number[] = []; // due times of requests waiting for a free connection

  const t0 = performance.now();
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finish = (due: number) => {
    latencies[completed++] = performance.now() - due;
    inFlight--;
    if (waiting.length > 0) send(waiting.shift()!);
    if (completed === total) resolveDone();
  };
  const send = (due: number) => {
    inFlight++;
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: o.method,
        headers: o.perRequestHeaders ? { ...headers, ...o.perRequestHeaders() } : headers,
      },
      (res) => {
        if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
        res.resume();
        res.on('end', () => finish(due));
      },
    );
    req.on('error', () => {
      errors++;
      finish(due);
    });
    req.end(body);
  };

  // Every millisecond, issue what is due by now; a request due while all connections are busy
  // waits, and its wait counts in its latency.
  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * o.rate));
    for (; sent < due; sent++) {
      const dueAt = t0 + (sent * 1000) / o.rate;
      if (inFlight < o.connections) send(dueAt);
      else waiting.push(dueAt);
    }
    if (sent >= total) clearInterval(timer);
  }, 1);
  await done;
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = latencies.slice(0, completed).sort();
  return {
    sent,
    completed,
    non2xx,
    errors,
    achievedPerSecond: completed / elapsed,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted[sorted.length - 1],
  };
}
