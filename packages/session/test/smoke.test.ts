import { describe, expect, it } from 'vitest';
import { basicGraph, session } from './helpers.js';

describe('session smoke', () => {
  it('runs a constant', async () => {
    const s = session(basicGraph());
    const v = await s.run('a:0');
    expect(Array.from(v.data)).toEqual([10, 20]);
    expect(await s.run(['a:0', 'n'])).toHaveLength(2);
    await s.close();
  });
});
