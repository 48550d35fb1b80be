// `npm run bench -- topic-page-js`: the first-load JavaScript of the portal's topic page, as a
// browser downloads it: every `<script src>` in the server-rendered HTML (`nomodule` polyfills
// excluded), each gzipped at level 9, summed; against the budget of 150 kB. The part that
// is React and Next.js's own runtime (the build manifest's root main files) is shown apart.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startPortal } from '../support/portal.ts';
import { benchApp } from './bench-app.ts';

const portalDir = fileURLToPath(new URL('../../apps/portal/', import.meta.url));
/** Kilobytes of 1,000 bytes, as `next build` and the issue count them. */
const KB = 1000;
export const TOPIC_PAGE_JS_BUDGET_KB = 150;

interface Script {
  path: string;
  gzipBytes: number;
  framework: boolean;
}

export async function topicPageJs(machine: string): Promise<string> {
  const app = benchApp({ engine: 'pglite', dataDir: 'memory://' }, { seedDemo: true });
  await app.start();
  const portal = await startPortal(app.url).catch(async (error: unknown) => {
    await app.stop();
    throw error;
  });
  try {
    const home = await (await fetch(portal.url)).text();
    const topicPath = /href="(\/t\/\d+\/[^"#]+)"/.exec(home)?.[1];
    if (!topicPath) throw new Error('no topic linked from the home page');
    const html = await (await fetch(`${portal.url}${topicPath}`)).text();
    const manifest = JSON.parse(await readFile(`${portalDir}.next/build-manifest.json`, 'utf8')) as {
      rootMainFiles: string[];
    };
    const framework = new Set(manifest.rootMainFiles.map((file) => `/_next/${file}`));
    const sources = [...html.matchAll(/<script\b[^>]*>/g)]
      .map((match) => match[0])
      .filter((tag) => !/\bnomodule\b/i.test(tag))
      .map((tag) => /\bsrc="([^"]+)"/.exec(tag)?.[1])
      .filter((src): src is string => src?.startsWith('/_next/static/') === true);
    const scripts: Script[] = [];
    for (const src of new Set(sources)) {
      const path = src.split('?')[0] ?? src;
      const bytes = await readFile(`${portalDir}.next/${path.slice('/_next/'.length)}`);
      scripts.push({ path, gzipBytes: gzipSync(bytes, { level: 9 }).length, framework: framework.has(path) });
    }
    return toMarkdown(scripts, topicPath, machine);
  } finally {
    await portal.stop();
    await app.stop();
  }
}

function toMarkdown(scripts: readonly Script[], topicPath: string, machine: string): string {
  const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
  const sum = (list: readonly Script[]) => list.reduce((total, script) => total + script.gzipBytes, 0);
  const total = sum(scripts);
  const frameworkBytes = sum(scripts.filter((script) => script.framework));
  const verdict = total / KB <= TOPIC_PAGE_JS_BUDGET_KB ? 'within' : 'over';
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}: \`${topicPath.replace(/\/[^/]+$/, '/…')}\`, ` +
      `${scripts.length} scripts, gzip -9.`,
    '',
    '| | gzipped |',
    '|---|---|',
    `| React and Next.js runtime (build manifest's root main files) | ${kb(frameworkBytes)} |`,
    `| the portal's own code for this page | ${kb(total - frameworkBytes)} |`,
    `| **first-load JavaScript** | **${kb(total)}** (${verdict} the budget of ${TOPIC_PAGE_JS_BUDGET_KB} kB) |`,
    '',
    'Scripts, largest first:',
    '',
    ...[...scripts]
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .map(
        (script) => `- \`${script.path}\`: ${kb(script.gzipBytes)}${script.framework ? ' (runtime)' : ''}`,
      ),
  ].join('\n');
}
