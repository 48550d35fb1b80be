import type { PrismaClient } from '@parley/prisma/client';
import { db } from './db.ts';

/**
 * What a topic row shows of a tag or a category: the base `select` of the Tag and Category
 * types, which resolve these as plain reads, so a card from a directory answers every such
 * field; their types read anything else on demand.
 */
export const cardSelect = { id: true, slug: true, name: true } as const;

export interface Card {
  id: number;
  slug: string;
  name: string;
}

/** Reads the cards with these ids; an id with no row is simply absent. */
export type ReadCards = (client: PrismaClient, ids: number[]) => Promise<Card[]>;

/**
 * How long a card is trusted. Slugs and names are fixed when a tag or category is created (no
 * mutation changes them), so this only bounds how long an edit made in the database by hand
 * takes to reach every server instance.
 */
const TRUST_MS = 5 * 60_000;

/** Past this many cards a directory starts again from empty rather than grow without end. */
const MAX_CARDS = 50_000;

/**
 * Small, rarely changing rows (tags, categories) by id, in memory, for one database. A page of
 * topics then carries only their ids, where joining those tables for every row cost PostgreSQL
 * most of a topic list's time (docs/benchmarks.md). An id not known yet costs one read, and
 * every such id asked for within the same tick (a whole page of topics) shares that read.
 */
class Directory {
  readonly #client: PrismaClient;
  readonly #read: ReadCards;
  readonly #known = new Map<number, Card>();
  #trustedUntil = 0;
  /** Ids asked for in this tick by callers missing one, read together when the tick ends. */
  #wanted = new Set<number>();
  #batch: Promise<Map<number, Card>> | undefined;

  constructor(client: PrismaClient, read: ReadCards) {
    this.#client = client;
    this.#read = read;
  }

  /** The card for `id`, which must exist (a foreign key points at it); a promise only when it must be read. */
  one(id: number): Card | Promise<Card> {
    const card = this.#fresh().get(id);
    if (card) return card;
    return this.#load([id]).then((read) => {
      const loaded = read.get(id);
      if (!loaded) throw new Error(`no row has id ${id}`);
      return loaded;
    });
  }

  /** The cards for these ids, ordered by slug; ids with no row are left out, like a dangling join. */
  many(ids: readonly number[]): Card[] | Promise<Card[]> {
    const known = this.#fresh();
    const cards: Card[] = [];
    for (const id of ids) {
      const card = known.get(id);
      if (!card) return this.#load(ids).then((read) => ids.flatMap((id) => read.get(id) ?? []).sort(bySlug));
      cards.push(card);
    }
    return cards.sort(bySlug);
  }

  #fresh(): Map<number, Card> {
    const now = Date.now();
    if (now > this.#trustedUntil) {
      this.#known.clear();
      this.#trustedUntil = now + TRUST_MS;
    }
    return this.#known;
  }

  /**
   * Reads every id of the callers that missed one, known or not, so each answers from the
   * batch alone, whatever `#known` forgets meanwhile (a trust period ending, the size cap).
   */
  #load(ids: readonly number[]): Promise<Map<number, Card>> {
    for (const id of ids) this.#wanted.add(id);
    // Resolvers of one page run in one synchronous pass: the batch starts after all have asked.
    this.#batch ??= Promise.resolve().then(async () => {
      const wanted = [...this.#wanted];
      this.#wanted = new Set();
      this.#batch = undefined;
      const rows = await this.#read(this.#client, wanted);
      if (this.#known.size + rows.length > MAX_CARDS) this.#known.clear();
      const read = new Map<number, Card>();
      for (const row of rows) {
        read.set(row.id, row);
        this.#known.set(row.id, row);
      }
      return read;
    });
    return this.#batch;
  }
}

const bySlug = (a: Card, b: Card) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** A directory of `read`'s rows, one per bound database (tests run several in one process). */
export function directory(read: ReadCards): () => Directory {
  const byDatabase = new WeakMap<PrismaClient, Directory>();
  return () => {
    let found = byDatabase.get(db);
    if (!found) {
      found = new Directory(db, read);
      byDatabase.set(db, found);
    }
    return found;
  };
}

/** Tags by id. */
export const tagDirectory = directory((client, ids) =>
  client.tag.findMany({ where: { id: { in: ids } }, select: cardSelect }),
);

/** Categories by id. */
export const categoryDirectory = directory((client, ids) =>
  client.category.findMany({ where: { id: { in: ids } }, select: cardSelect }),
);
