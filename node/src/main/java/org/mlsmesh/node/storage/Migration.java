package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Objects;

/**
 * One step of the SQLite schema: the statements that take a file from {@code version - 1} to {@code
 * version}. They run in one transaction together with the version bump, so a file is always at
 * exactly one version. Released migrations are never edited; a change is a new one.
 *
 * @param version the schema version this step produces, from 1
 * @param description what it changes, for the log and error messages
 * @param statements the SQL to run, in order
 */
record Migration(int version, String description, List<String> statements) {
  Migration {
    if (version < 1) {
      throw new IllegalArgumentException("migration versions start at 1: " + version);
    }
    Objects.requireNonNull(description, "description");
    statements = List.copyOf(statements);
  }
}
