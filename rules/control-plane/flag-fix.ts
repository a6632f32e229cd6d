// Fixes for control-plane flags whose safe value is fixed (`--anonymous-auth=false`,
// `--profiling=false`, no `--insecure-port`): the flag is rewritten where it is written (a static
// Pod's command item or a kubeadm `extraArgs` entry) or appended to the command when it is not.
import {
  addItem,
  type DocEdit,
  fixWith,
  parseFieldPath,
  removeField,
  setField,
} from '../../src/engine/fix/types.js';
import type { Fix } from '../../src/engine/rule.js';
import { type ComponentFlags, joinPath } from '../../src/model/index.js';

/** A fix that sets `flag` to `safe`, or removes it when `safe` is null; undefined when not safe to do. */
export function flagFix(c: ComponentFlags, flag: string, safe: string | null): Fix | undefined {
  if (c.defaultsUnknown) return undefined;
  const written = c.occurrences(flag).filter((f) => f.span);
  // Several occurrences: rewriting one would leave the reader unsure which wins.
  if (written.length > 1) return undefined;
  const f = written[0];
  const what = safe === null ? `remove --${flag}` : `set --${flag}=${safe}`;
  if (f?.span) {
    const steps = parseFieldPath(f.path);
    const last = steps[steps.length - 1];
    if (c.origin === 'static-pod') {
      // `--flag value` spans two command items; only the one-item forms are rewritten.
      if (f.span.end - f.span.start > `--${flag}=${f.value}`.length + 2) return undefined;
      return fixWith(what, safe === null ? removeField(f.path) : setField(f.path, `--${flag}=${safe}`));
    }
    if (safe === null) return fixWith(what, removeField(f.path));
    // kubeadm extraArgs: a map (`profiling: "true"`) or, from v1beta4, a list of {name, value}.
    return fixWith(what, setField(typeof last === 'number' ? `${f.path}.value` : f.path, safe));
  }
  if (safe === null) return undefined;
  let edit: DocEdit | undefined;
  if (c.origin === 'static-pod') {
    // Append to the list the other flags are in (command or args).
    const other = c.flags.find((x) => x.span);
    const list = other ? joinPath('', ...parseFieldPath(other.path).slice(0, -1)) : c.anchorPath;
    if (/\.(command|args)$/.test(list)) edit = addItem(list, `--${flag}=${safe}`);
  } else {
    const other = c.flags.find((x) => x.span);
    const steps = other ? parseFieldPath(other.path) : [];
    if (other && typeof steps[steps.length - 1] === 'string')
      edit = setField(joinPath('', ...steps.slice(0, -1), flag), safe);
    // kubeadm v1beta4 writes extraArgs as a list of {name, value}: append an entry in that form.
    else if (other && typeof steps[steps.length - 1] === 'number')
      edit = addItem(joinPath('', ...steps.slice(0, -1)), { name: flag, value: safe });
  }
  return edit ? fixWith(what, edit) : undefined;
}

/** A kubelet setting written as true: a config field (a YAML boolean), a command item or an extraArgs entry. */
export function kubeletSettingFix(
  s: { readonly value: unknown; readonly path: string } | undefined,
  flag: string,
  safe: boolean,
): Fix | undefined {
  if (!s) return undefined;
  if (typeof s.value !== 'string') return fixWith(`set it to ${safe}`, setField(s.path, safe));
  const steps = parseFieldPath(s.path);
  const list = steps[steps.length - 2];
  if (typeof steps[steps.length - 1] === 'number' && (list === 'command' || list === 'args'))
    return fixWith(`set --${flag}=${safe}`, setField(s.path, `--${flag}=${safe}`));
  if (typeof steps[steps.length - 1] === 'number')
    return fixWith(`set ${flag} to ${safe}`, setField(`${s.path}.value`, String(safe)));
  return fixWith(`set ${flag} to ${safe}`, setField(s.path, String(safe)));
}
