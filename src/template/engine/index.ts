/**
 * Go text/template for Tocsin: public API. See VALUES.md for the value model, DESIGN.md for the
 * module layout and the html/template seam.
 */
export { TemplateSet } from './template-set.ts';
export type { PrepareHook, TemplateSetOptions } from './template-set.ts';
export { TemplateExecError, TemplateParseError } from './errors.ts';
export type { MissingKey, TemplateFunc } from './exec.ts';
export type * from './ast.ts';
export { nodeString, isEmptyTree } from './ast.ts';
export { sprint, sprintf, sprintln } from './fmt.ts';
export { formatFloat } from './ftoa.ts';
export { htmlEscape, jsEscape, queryEscape } from './builtins.ts';
export { goQuote } from './strconv.ts';
export {
  GO_TYPE, GoNumber, arity, declareMap, declareSlice, declareStruct, goTypeName, isTrue, kindOf, variadic,
} from './values.ts';
export type { GoNumericType, GoTypeInfo, Kind } from './values.ts';
