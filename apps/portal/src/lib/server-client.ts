import { cacheExchange, createClient, fetchExchange } from '@urql/core';
import { registerUrql } from '@urql/next/rsc';
import { apiUrl } from '../env.ts';

// One urql client per server render, so no request ever sees another's data.
const makeClient = () =>
  createClient({
    url: apiUrl,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { cache: 'no-store' },
  });

export const { getClient } = registerUrql(makeClient);
