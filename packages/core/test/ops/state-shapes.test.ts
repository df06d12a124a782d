import { stateShapeFns } from '../../src/ops/shapes/state.js';
import { describeShapeCases } from './array-shape-context.js';

describeShapeCases('state, queue, reader and checkpoint', 'shapes-state.json', stateShapeFns, 140);
