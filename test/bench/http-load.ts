import autocannon from 'autocannon';

export interface LoadTarget {
  label: string;
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadFigures {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx responses and socket errors: must be 0 for the figures to mean anything. */
  failures: number;
}

/** Drives one HTTP endpoint at a fixed concurrency for a fixed time, like a busy portal would. */
export async function load(
  target: LoadTarget,
  options: { connections: number; seconds: number },
): Promise<LoadFigures> {
  const result = await autocannon({
    url: target.url,
    method: target.method,
    connections: options.connections,
    duration: options.seconds,
    headers: { 'content-type': 'application/json', ...target.headers },
    ...(target.body ? { body: target.body } : {}),
  });
  return {
    label: target.label,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
