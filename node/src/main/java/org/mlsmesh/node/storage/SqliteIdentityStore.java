package org.mlsmesh.node.storage;

import java.util.Objects;
import java.util.Optional;

/** {@link IdentityStore} in the {@code identity} table, bound to one transaction. */
final class SqliteIdentityStore implements IdentityStore {
  private final SqlTx sql;

  SqliteIdentityStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public void store(StoredIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    if (sql.queryLong("SELECT count(*) FROM identity") > 0) {
      throw sql.conflict("an identity is already stored; it is never replaced");
    }
    sql.update(
        "INSERT INTO identity (id, signature_public_key, signature_private_key, credential,"
            + " created_at) VALUES (1, ?, ?, ?, ?)",
        identity.signaturePublicKey(),
        identity.signaturePrivateKey(),
        identity.credential(),
        identity.createdAtMillis());
  }

  @Override
  public Optional<StoredIdentity> load() {
    return sql.queryOne(
        "SELECT signature_public_key, signature_private_key, credential, created_at FROM identity"
            + " WHERE id = 1",
        rs ->
            sql.withSecret(
                rs,
                "signature_private_key",
                key ->
                    new StoredIdentity(
                        sql.bytes(rs, "signature_public_key"),
                        key,
                        sql.bytes(rs, "credential"),
                        rs.getLong("created_at"))));
  }
}
