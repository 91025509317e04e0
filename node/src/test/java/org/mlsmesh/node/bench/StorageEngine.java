package org.mlsmesh.node.bench;

/** The storage engine of every benchmarked node ({@code mlsmesh.node.storage.engine}). */
public enum StorageEngine {
  /** One SQLite file per node in WAL mode, as a node runs by default. */
  SQLITE,
  /** Nothing on disk: shows what SQLite costs. */
  MEMORY
}
