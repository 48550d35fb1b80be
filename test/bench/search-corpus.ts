/**
 * A deterministic corpus for the search benchmark: support-forum text with a realistic word
 * distribution. A few hundred real support words (bank feeds, invoices, passwords, payroll…)
 * head a Zipf-distributed vocabulary whose long tail is made of pronounceable invented words,
 * so common terms match a large share of posts and rare ones a handful, as in real forums.
 * The same seed gives the same corpus and the same queries on every machine.
 */

/** mulberry32: small, fast, good enough for test data. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS =
  'the a to and i is it my in for of on that this with not but after when can how do does why what was have has be are from an at or no any all'.split(
    ' ',
  );

const DOMAIN_WORDS =
  `account bank feed sync syncing password reset login email invoice invoices payment payments
  refund card transaction transactions report reports export import csv pdf tax vat payroll employee salary
  customer supplier bill bills receipt receipts upload mobile app browser chrome safari error message
  crash crashes slow loading page dashboard balance reconcile reconciliation currency exchange rate
  subscription plan upgrade downgrade cancel trial price pricing discount coupon user users permission
  permissions role admin settings notification notifications webhook api token integration stripe paypal
  quickbooks xero shopify calendar date dates month year quarter annual budget forecast expense expenses
  category categories tag tags search filter sort column columns total totals rounding decimal cent
  cents duplicate duplicates missing wrong incorrect broken fix fixed update updated version release
  feature request idea suggestion bug problem issue question answer help support team thanks please
  working stopped started since yesterday today week monday friday morning again still never always
  connection connect disconnect reconnect authentication two factor code sms phone number address
  company business owner accountant bookkeeper ledger journal entry entries debit credit statement
  statements opening closing period lock locked unlock archive delete deleted restore backup data
  privacy security gdpr compliance audit trail history log logs timezone language translation
  print printer template templates logo branding custom field fields form forms approval workflow`
    .split(/\s+/)
    .filter(Boolean);

const SYLLABLES =
  'ka ri to mo na le su vi dan pel tor mir zan qua bel cor fin gal hul jet kes lom nor pra sel tiv uro wen xal yor zep'.split(
    ' ',
  );

export interface Vocabulary {
  words: string[];
  /** Cumulative Zipf weights, for sampling by rank. */
  cumulative: Float64Array;
}

export function vocabulary(size = 30_000, seed = 5): Vocabulary {
  const random = seeded(seed);
  const words = [...FUNCTION_WORDS, ...DOMAIN_WORDS];
  const seen = new Set(words);
  while (words.length < size) {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let rank = 0; rank < words.length; rank++) {
    total += 1 / (rank + 1) ** 1.05;
    cumulative[rank] = total;
  }
  for (let rank = 0; rank < words.length; rank++) cumulative[rank] = (cumulative[rank] ?? 0) / total;
  return { words, cumulative };
}

export function sampleWord(vocab: Vocabulary, random: () => number): string {
  const target = random();
  let low = 0;
  let high = vocab.cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((vocab.cumulative[middle] ?? 1) < target) low = middle + 1;
    else high = middle;
  }
  return vocab.words[low] ?? 'the';
}

export function sentence(vocab: Vocabulary, random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(sampleWord(vocab, random));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export interface BenchQuery {
  kind: 'common' | 'two common' | 'rare' | 'rare + common' | 'phrase' | 'typo';
  text: string;
}

/** 500 queries mixing common and rare terms, phrases and typos. */
export function benchQueries(vocab: Vocabulary, count = 500, seed = 11): BenchQuery[] {
  const random = seeded(seed);
  const common = () => DOMAIN_WORDS[Math.floor(random() * 60)] ?? 'bank';
  const rare = () => vocab.words[2_000 + Math.floor(random() * (vocab.words.length - 2_000))] ?? 'kari';
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const roll = i % 10;
    if (roll < 3) queries.push({ kind: 'common', text: common() });
    else if (roll < 5) queries.push({ kind: 'two common', text: `${common()} ${common()}` });
    else if (roll < 7) queries.push({ kind: 'rare', text: rare() });
    else if (roll < 8) queries.push({ kind: 'rare + common', text: `${rare()} ${common()}` });
    else if (roll < 9) queries.push({ kind: 'phrase', text: `"${common()} ${common()}"` });
    else {
      const word = common();
      const at = 1 + Math.floor(random() * (word.length - 2));
      queries.push({ kind: 'typo', text: `${word.slice(0, at)}${word.slice(at + 1)} ${common()}` });
    }
  }
  return queries;
}

/** What people type into the search box: the first 2-8 letters of title words. */
export function benchPrefixes(vocab: Vocabulary, count = 500, seed = 13): string[] {
  const random = seeded(seed);
  const prefixes: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = DOMAIN_WORDS[Math.floor(random() * DOMAIN_WORDS.length)] ?? 'bank';
    const first = i % 3 === 0 ? `${sampleWord(vocab, random)} ` : '';
    prefixes.push(`${first}${word.slice(0, Math.min(word.length, 2 + Math.floor(random() * 7)))}`);
  }
  return prefixes;
}
