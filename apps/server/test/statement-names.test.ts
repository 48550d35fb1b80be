import { describe, expect, it } from 'vitest';
import { statementNames } from '../src/db/statement-names.ts';

describe('prepared statement names', () => {
  it('gives one SQL text one name, and another text another', () => {
    const nameOf = statementNames();
    const topics = nameOf({ sql: 'SELECT id FROM topics WHERE id = $1' });
    const users = nameOf({ sql: 'SELECT id FROM users WHERE id = $1' });
    expect(topics).not.toBe('');
    expect(users).not.toBe('');
    expect(users).not.toBe(topics);
    expect(nameOf({ sql: 'SELECT id FROM topics WHERE id = $1' })).toBe(topics);
  });

  it('leaves texts past the limit unnamed (pg runs them as one-off statements)', () => {
    const nameOf = statementNames(2);
    const first = nameOf({ sql: 'SELECT 1' });
    const second = nameOf({ sql: 'SELECT 2' });
    expect(nameOf({ sql: 'SELECT 3' })).toBe('');
    expect(nameOf({ sql: 'SELECT 3' })).toBe('');
    expect([nameOf({ sql: 'SELECT 1' }), nameOf({ sql: 'SELECT 2' })]).toEqual([first, second]);
  });
});
