import { AlreadyExistsError, NotFoundError } from '@tensorgraph/errors';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTAINER, ResourceManager, type Resource } from '../../src/index.js';

describe('ResourceManager', () => {
  it('creates, looks up and deletes by container and name', async () => {
    const rm = new ResourceManager();
    const disposed: string[] = [];
    const res = (name: string): Resource => ({ dispose: () => void disposed.push(name) });
    rm.create('', 'v', res('v'));
    rm.create('c2', 'q', res('q'));
    expect(rm.lookup(DEFAULT_CONTAINER, 'v')).toBeDefined();
    expect(rm.containers().sort()).toEqual(['c2', 'localhost']);
    expect(() => rm.create('', 'v', res('v2'))).toThrow(AlreadyExistsError);
    expect(() => rm.create('', 'v', res('v2'))).toThrow('Resource localhost/v already exists.');
    expect(() => rm.lookup('', 'w')).toThrow('Resource localhost/w does not exist.');
    expect(() => rm.lookup('nope', 'w')).toThrow(NotFoundError);
    expect(() => rm.lookup('nope', 'w')).toThrow(
      'Container nope does not exist. (Could not find resource: nope/w)',
    );
    await rm.delete('', 'v');
    expect(disposed).toEqual(['v']);
    expect(rm.find('', 'v')).toBeUndefined();
    await expect(rm.delete('', 'v')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lookupOrCreate makes a resource once', () => {
    const rm = new ResourceManager();
    let made = 0;
    const make = () => ({ debugString: `r${++made}` });
    const a = rm.lookupOrCreate('', 'x', make);
    const b = rm.lookupOrCreate('', 'x', make);
    expect(a).toBe(b);
    expect(made).toBe(1);
  });

  it('clear disposes the named containers, or all', async () => {
    const rm = new ResourceManager();
    const disposed: string[] = [];
    for (const c of ['a', 'b', 'c'])
      rm.create(c, 'r', { dispose: async () => void disposed.push(c) });
    await rm.clear(['b', 'missing']);
    expect(disposed).toEqual(['b']);
    expect(rm.containers().sort()).toEqual(['a', 'c']);
    await rm.clear();
    expect(disposed.sort()).toEqual(['a', 'b', 'c']);
    expect(rm.containers()).toEqual([]);
  });
});
