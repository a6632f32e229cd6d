export declare class CorpusError extends Error {}

export interface RealCorpus {
  /** How many times the set of real files was written (copy1/ … copyN/ when more than one). */
  copies: number;
  files: number;
  documents: number;
  bytes: number;
  /** Files left out, by reason ("template", "kustomize", "duplicate", "not a manifest", …). */
  skipped: Record<string, number>;
  /** Sources given that do not exist. */
  missing: string[];
  /** The text written to CORPUS.md. */
  report: string;
}

export declare function assembleCorpus(
  out: string,
  sources: readonly string[],
  options?: { targetMb?: number },
): RealCorpus;
