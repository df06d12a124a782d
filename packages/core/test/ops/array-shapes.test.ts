import { arrayShapeFns } from '../../src/ops/shapes/array.js';
import { describeShapeCases } from './array-shape-context.js';

describeShapeCases('array', 'shapes-array.json', arrayShapeFns, 700);
