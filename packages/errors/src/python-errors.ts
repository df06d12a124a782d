import { brand, stamp } from './brand.js';

/**
 * Python's `RuntimeError`: the object is in a state where the call cannot work
 * (running a closed session, adding to a finalized graph).
 */
export class RuntimeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    stamp(this, new.target);
    this.name = new.target.name;
  }
}
brand(RuntimeError, 'RuntimeError');

/**
 * Python's `ValueError`: an argument has the right type but a wrong value
 * (an unknown tensor name, an incompatible shape). TypeError stays JavaScript's own.
 */
export class ValueError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    stamp(this, new.target);
    this.name = new.target.name;
  }
}
brand(ValueError, 'ValueError');
