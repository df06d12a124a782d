export * as errors from '@tensorgraph/errors';
export * from '@tensorgraph/core';
