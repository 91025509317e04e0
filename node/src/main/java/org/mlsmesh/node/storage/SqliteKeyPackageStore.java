package org.mlsmesh.node.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link KeyPackageStore} in the {@code key_package} table, bound to one transaction. */
final class SqliteKeyPackageStore implements KeyPackageStore {
  private static final String INFO = "ref, key_package, last_resort, created_at";

  private final SqlTx sql;

  SqliteKeyPackageStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public void add(StoredKeyPackage keyPackage) {
    Objects.requireNonNull(keyPackage, "keyPackage");
    KeyPackageInfo info = keyPackage.info();
    int added =
        sql.update(
            "INSERT INTO key_package (ref, key_package, private_bundle, last_resort, created_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (ref) DO NOTHING",
            info.ref(),
            info.keyPackage(),
            keyPackage.privateBundle(),
            info.lastResort(),
            info.createdAtMillis());
    if (added == 0) {
      throw sql.conflict("KeyPackage " + info.ref() + " is already stored");
    }
  }

  @Override
  public Optional<StoredKeyPackage> consume(Bytes ref) {
    Checks.id(ref, "ref");
    Optional<StoredKeyPackage> found =
        sql.queryOne(
            "SELECT " + INFO + ", private_bundle FROM key_package WHERE ref = ?",
            rs ->
                sql.withSecret(
                    rs, "private_bundle", bundle -> new StoredKeyPackage(info(rs), bundle)),
            ref);
    if (found.isPresent() && !found.get().info().lastResort()) {
      sql.update("DELETE FROM key_package WHERE ref = ?", ref);
    }
    return found;
  }

  @Override
  public Optional<KeyPackageInfo> find(Bytes ref) {
    Checks.id(ref, "ref");
    return sql.queryOne("SELECT " + INFO + " FROM key_package WHERE ref = ?", this::info, ref);
  }

  @Override
  public boolean delete(Bytes ref) {
    Checks.id(ref, "ref");
    return sql.update("DELETE FROM key_package WHERE ref = ?", ref) > 0;
  }

  @Override
  public List<KeyPackageInfo> list() {
    return sql.query("SELECT " + INFO + " FROM key_package ORDER BY created_at, ref", this::info);
  }

  @Override
  public int countSingleUse() {
    return (int) sql.queryLong("SELECT count(*) FROM key_package WHERE last_resort = 0");
  }

  private KeyPackageInfo info(ResultSet rs) throws SQLException {
    return new KeyPackageInfo(
        sql.bytes(rs, "ref"),
        sql.bytes(rs, "key_package"),
        rs.getInt("last_resort") != 0,
        rs.getLong("created_at"));
  }
}
