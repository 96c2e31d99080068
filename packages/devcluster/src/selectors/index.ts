export { SelectorParseError } from './errors.js';
export {
  labelSelectorFromObject,
  parseLabelSelector,
  type LabelMatcher,
  type LabelSelectorObject,
} from './label-selector.js';
export type { LabelOperator, LabelRequirement } from './label-requirement.js';
export {
  fieldValue,
  parseFieldSelector,
  type FieldMatcher,
  type FieldRequirement,
} from './field-selector.js';
