/**
 * A small A/B benchmark harness: the subject and its baseline run interleaved, one after the
 * other in every round, so both see the same machine (load, heat, GC) and the ratio between
 * them is meaningful even when absolute times drift.
 */
export interface Contender {
  label: string;
  run(): Promise<unknown>;
}

export interface Comparison {
  name: string;
  baseline: Contender;
  subject: Contender;
  /** Rounds measured after warm-up. @default 200 */
  rounds?: number;
  /** Rounds run first and thrown away (JIT, caches, connection pools). @default 20 */
  warmup?: number;
}

export interface Figures {
  label: string;
  medianMs: number;
  p95Ms: number;
  opsPerSecond: number;
}

export interface ComparisonResult {
  name: string;
  rounds: number;
  baseline: Figures;
  subject: Figures;
  /** Subject median / baseline median: 1.5 means the subject takes 1.5 times as long. */
  ratio: number;
}

export async function compare(comparison: Comparison): Promise<ComparisonResult> {
  const rounds = comparison.rounds ?? 200;
  const warmup = comparison.warmup ?? 20;
  const baseline: number[] = [];
  const subject: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    // Alternate which goes first so neither always runs on a warmer cache.
    const pairs: Array<[Contender, number[]]> =
      round % 2 === 0
        ? [
            [comparison.baseline, baseline],
            [comparison.subject, subject],
          ]
        : [
            [comparison.subject, subject],
            [comparison.baseline, baseline],
          ];
    for (const [contender, samples] of pairs) {
      const started = performance.now();
      await contender.run();
      const elapsed = performance.now() - started;
      if (round >= warmup) samples.push(elapsed);
    }
  }
  const baselineFigures = figures(comparison.baseline.label, baseline);
  const subjectFigures = figures(comparison.subject.label, subject);
  return {
    name: comparison.name,
    rounds,
    baseline: baselineFigures,
    subject: subjectFigures,
    ratio: subjectFigures.medianMs / baselineFigures.medianMs,
  };
}

function figures(label: string, samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  const median = at(0.5);
  return { label, medianMs: median, p95Ms: at(0.95), opsPerSecond: median > 0 ? 1000 / median : 0 };
}

/** A Markdown table row set for docs/benchmarks.md. */
export function toMarkdown(results: readonly ComparisonResult[], context: string): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${context}.`,
    '',
    '| benchmark | baseline | median (p95) | subject | median (p95) | ratio |',
    '|---|---|---|---|---|---|',
  ];
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  for (const result of results) {
    lines.push(
      `| ${result.name} | ${result.baseline.label} | ${ms(result.baseline.medianMs)} (${ms(result.baseline.p95Ms)}) ` +
        `| ${result.subject.label} | ${ms(result.subject.medianMs)} (${ms(result.subject.p95Ms)}) | ${result.ratio.toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}
