import { controlFlowShapeFns } from '../../src/ops/shapes/control-flow.js';
import { describeShapeCases } from './array-shape-context.js';

describeShapeCases(
  'control-flow, TensorArray and TensorList',
  'shapes-control-flow.json',
  controlFlowShapeFns,
  200,
);
