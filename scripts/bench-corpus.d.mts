export interface CorpusStats {
  files: number;
  documents: number;
  bytes: number;
  bundles: number;
  bundleBytes: number;
  /** Absolute paths of the files written. */
  paths: string[];
}

export function generateCorpus(
  root: string,
  options?: { documents?: number; seed?: number; bundleMegabytes?: number },
): CorpusStats;
