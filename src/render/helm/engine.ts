// Adapter to the Go template engine (src/render/gotemplate, its own module): a template set configured
// as Helm's engine configures text/template (root name `gotpl`, Go 1.24+ range over integers as in
// Helm 4), with Sprig (minus env/expandenv, which the engine already leaves out) and Helm's functions.
import { createTemplateSet, TemplateError, type TemplateSet } from '../gotemplate/index.js';
import { helmFuncs, ROOT_TEMPLATE } from './funcs.js';

export { TemplateError, type TemplateSet };

export function newHelmTemplateSet(): TemplateSet {
  return createTemplateSet({ name: ROOT_TEMPLATE, funcs: helmFuncs(), rangeOverInt: true });
}

/** A set with Sprig only (what `--name-template` is rendered with). */
export function newSprigTemplateSet(): TemplateSet {
  return createTemplateSet({ name: ROOT_TEMPLATE, rangeOverInt: true });
}
