package org.mlsmesh.node.storage;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link ClaimStore} in the {@code directory_claim} table, bound to one transaction. */
final class SqliteClaimStore implements ClaimStore {
  private final SqlTx sql;

  SqliteClaimStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public void put(Bytes ref, Bytes identity, long untilMillis) {
    Checks.id(ref, "ref");
    Checks.id(identity, "identity");
    sql.update(
        "INSERT INTO directory_claim (ref, identity, until) VALUES (?, ?, ?)"
            + " ON CONFLICT (ref) DO UPDATE SET identity = excluded.identity, until = excluded.until",
        ref,
        identity,
        untilMillis);
  }

  @Override
  public List<Claim> listAfter(long nowMillis) {
    return sql.query(
        "SELECT ref, identity, until FROM directory_claim WHERE until > ? ORDER BY ref",
        rs -> new Claim(sql.bytes(rs, "ref"), sql.bytes(rs, "identity"), rs.getLong("until")),
        nowMillis);
  }

  @Override
  public int pruneUntil(long nowMillis) {
    return sql.update("DELETE FROM directory_claim WHERE until <= ?", nowMillis);
  }
}
