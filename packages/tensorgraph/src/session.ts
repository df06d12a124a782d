import type { ConfigProto } from '@tensorgraph/core';
import type { Graph } from '@tensorgraph/graph';
import {
  InteractiveSession as BaseInteractiveSession,
  Session as BaseSession,
  type SessionOptions,
} from '@tensorgraph/session';
import { getBackends } from './backends.js';

type Config = ConfigProto | ConfigProto.$Properties | null;

function withDefaults(
  first: SessionOptions | string | undefined,
  graph?: Graph | null,
  config?: Config,
): SessionOptions {
  const options: SessionOptions =
    typeof first === 'string'
      ? { target: first, ...(graph ? { graph } : {}), ...(config ? { config } : {}) }
      : (first ?? {});
  return options.backends ? options : { ...options, backends: getBackends() };
}

/** `tf.Session`: a session on the default backends (CPU, plus those registered). */
export class Session extends BaseSession {
  constructor(options?: SessionOptions);
  constructor(target?: string, graph?: Graph | null, config?: Config);
  constructor(first?: SessionOptions | string, graph?: Graph | null, config?: Config) {
    super(withDefaults(first, graph, config));
  }
}

/** `tf.InteractiveSession`: the default session until closed, on the default backends. */
export class InteractiveSession extends BaseInteractiveSession {
  constructor(options?: SessionOptions);
  constructor(target?: string, graph?: Graph | null, config?: Config);
  constructor(first?: SessionOptions | string, graph?: Graph | null, config?: Config) {
    super(withDefaults(first, graph, config));
  }
}
