// Both renderers copy what an alias names wherever it is used, so an alias bomb (a few lines whose
// aliases nest nine deep) would make billions of nodes. Kustomize and Helm read YAML with go-yaml,
// which refuses such a document ("document contains excessive aliasing"); this is its rule.

/** Counts the nodes one document's reading makes, and how many of them aliases made. */
export class AliasBudget {
  private nodes = 0;
  private fromAliases = 0;
  private aliasDepth = 0;

  /**
   * Counts one node; true when the document has become an alias bomb by go-yaml's measure: past
   * 1,000 nodes and 100 from aliases, aliases may make at most 99% of the nodes, down to 10% at
   * 4 million.
   */
  count(): boolean {
    this.nodes++;
    if (this.aliasDepth > 0) this.fromAliases++;
    return (
      this.fromAliases > 100 && this.nodes > 1000 && this.fromAliases / this.nodes > allowedRatio(this.nodes)
    );
  }

  /** Reads what an alias names: its nodes count as made by aliases. */
  throughAlias<T>(read: () => T): T {
    this.aliasDepth++;
    try {
      return read();
    } finally {
      this.aliasDepth--;
    }
  }
}

function allowedRatio(nodes: number): number {
  if (nodes <= 400_000) return 0.99;
  if (nodes >= 4_000_000) return 0.1;
  return 0.99 - (0.89 * (nodes - 400_000)) / 3_600_000;
}
