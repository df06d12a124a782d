import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, OpError, Code } from '@tensorgraph/errors';

describe('smoke', () => {
  it('constructs', () => {
    const e = new InvalidArgumentError(null, null, 'bad');
    expect(e).toBeInstanceOf(OpError);
    expect(e.errorCode).toBe(Code.INVALID_ARGUMENT);
  });
});
