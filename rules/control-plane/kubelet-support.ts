// Shared by the kubelet rules: reporting at a setting, or at the kubelet's anchor when unset.
import type { Fix, RuleContext, Severity } from '../../src/engine/rule.js';
import type { KubeletSetting, KubeletView } from '../../src/model/index.js';

export function reportKubelet(
  context: RuleContext<unknown>,
  k: KubeletView,
  setting: KubeletSetting | undefined,
  fieldPath: string,
  message: string,
  severity?: Severity,
  fix?: Fix,
): void {
  context.report({
    object: k.object,
    span: setting?.span ?? k.anchor,
    path:
      setting?.path ?? (k.defaults === 'config-file' ? k.object.path(...fieldPath.split('.')) : k.anchorPath),
    message: `${message} (${k.where})`,
    ...(severity ? { severity } : {}),
    ...(fix ? { fix } : {}),
  });
}

/** "field (or --flag)" for messages, in the vocabulary of where the kubelet is configured. */
export function settingName(k: KubeletView, field: string, flag: string): string {
  return k.defaults === 'config-file' ? field : `--${flag}`;
}
