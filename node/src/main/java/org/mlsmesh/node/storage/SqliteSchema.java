package org.mlsmesh.node.storage;

import java.util.List;

/** The SQLite schema of a node's file, as the ordered list of migrations that build it. */
final class SqliteSchema {
  /** {@code PRAGMA application_id}: "MLSM", so a file is recognizably ours. */
  static final int APPLICATION_ID = 0x4d4c534d;

  private static final Migration V1 =
      new Migration(
          1,
          "identity, key packages, group states, fork snapshots, outbox, inbox, message log",
          List.of(
              """
              CREATE TABLE identity (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                signature_public_key BLOB NOT NULL,
                signature_private_key BLOB NOT NULL,
                credential BLOB NOT NULL,
                created_at INTEGER NOT NULL
              ) STRICT""",
              """
              CREATE TABLE key_package (
                ref BLOB PRIMARY KEY CHECK (length(ref) > 0),
                key_package BLOB NOT NULL,
                private_bundle BLOB NOT NULL,
                last_resort INTEGER NOT NULL CHECK (last_resort IN (0, 1)),
                created_at INTEGER NOT NULL
              ) STRICT, WITHOUT ROWID""",
              "CREATE INDEX key_package_by_age ON key_package (created_at, ref)",
              """
              CREATE TABLE group_state (
                group_id BLOB PRIMARY KEY CHECK (length(group_id) > 0),
                epoch INTEGER NOT NULL CHECK (epoch >= 0),
                state BLOB NOT NULL,
                updated_at INTEGER NOT NULL
              ) STRICT, WITHOUT ROWID""",
              """
              CREATE TABLE fork_snapshot (
                group_id BLOB NOT NULL CHECK (length(group_id) > 0),
                epoch_id BLOB NOT NULL CHECK (length(epoch_id) > 0),
                epoch INTEGER NOT NULL CHECK (epoch >= 0),
                snapshot BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (group_id, epoch_id)
              ) STRICT, WITHOUT ROWID""",
              """
              CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY,
                group_id BLOB NOT NULL CHECK (length(group_id) > 0),
                message_id BLOB NOT NULL CHECK (length(message_id) > 0),
                kind TEXT NOT NULL,
                payload BLOB NOT NULL,
                attempts INTEGER NOT NULL CHECK (attempts >= 0),
                status TEXT NOT NULL CHECK (status IN ('PENDING', 'SENT', 'ACKNOWLEDGED')),
                created_at INTEGER NOT NULL,
                last_attempt_at INTEGER,
                UNIQUE (group_id, message_id)
              ) STRICT""",
              """
              CREATE TABLE delivered (
                group_id BLOB NOT NULL CHECK (length(group_id) > 0),
                message_id BLOB NOT NULL CHECK (length(message_id) > 0),
                delivered_at INTEGER NOT NULL,
                PRIMARY KEY (group_id, message_id)
              ) STRICT, WITHOUT ROWID""",
              "CREATE INDEX delivered_by_time ON delivered (delivered_at)",
              """
              CREATE TABLE message_log (
                topic TEXT NOT NULL CHECK (length(topic) > 0),
                message_id BLOB NOT NULL CHECK (length(message_id) > 0),
                payload BLOB NOT NULL,
                received_at INTEGER NOT NULL,
                PRIMARY KEY (topic, message_id)
              ) STRICT, WITHOUT ROWID""",
              "CREATE INDEX message_log_by_time ON message_log (topic, received_at, message_id)",
              "CREATE INDEX message_log_by_age ON message_log (received_at)"));

  private static final Migration V2 =
      new Migration(
          2,
          "claimed KeyPackages of the directory",
          List.of(
              """
              CREATE TABLE directory_claim (
                ref BLOB PRIMARY KEY CHECK (length(ref) > 0),
                identity BLOB NOT NULL CHECK (length(identity) > 0),
                until INTEGER NOT NULL
              ) STRICT, WITHOUT ROWID""",
              "CREATE INDEX directory_claim_by_time ON directory_claim (until)"));

  /** Every migration, in order; the last one's version is the current schema version. */
  static final List<Migration> MIGRATIONS = List.of(V1, V2);

  private SqliteSchema() {}
}
