package org.mlsmesh.node.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * Statements run inside one SQLite transaction, for the stores bound to it. Parameters are {@link
 * Bytes}, {@link Secret} (consumed: it and its exposed copy are destroyed after the statement ran,
 * so pass a fresh copy), {@link String}, {@link Long}, {@link Integer}, {@link Boolean} or an enum
 * (stored as its name). Every failure becomes a {@link StorageException} that names the file and
 * the statement.
 */
final class SqlTx {
  /** Builds a value from a row and the secret read from it. */
  @FunctionalInterface
  interface SecretRow<T> {
    T read(Secret secret) throws SQLException;
  }

  private static final Pattern TABLE = Pattern.compile("\\b(FROM|INTO|UPDATE) (\\w+)");

  private final SqliteDatabase db;
  private final TxGuard guard;

  SqlTx(SqliteDatabase db, TxGuard guard) {
    this.db = db;
    this.guard = guard;
  }

  /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
  int update(String sql, Object... parameters) {
    guard.check();
    List<byte[]> secrets = new ArrayList<>();
    try {
      PreparedStatement statement = db.prepare(sql);
      bind(statement, parameters, secrets);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw SqliteErrors.translate(db.file(), describe(sql), e);
    } finally {
      secrets.forEach(secret -> Arrays.fill(secret, (byte) 0));
    }
  }

  <T> List<T> query(String sql, SqliteDatabase.Row<T> row, Object... parameters) {
    guard.check();
    List<byte[]> secrets = new ArrayList<>();
    try {
      PreparedStatement statement = db.prepare(sql);
      bind(statement, parameters, secrets);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(row.read(rs));
        }
      }
      return List.copyOf(rows);
    } catch (SQLException e) {
      throw SqliteErrors.translate(db.file(), describe(sql), e);
    } finally {
      secrets.forEach(secret -> Arrays.fill(secret, (byte) 0));
    }
  }

  <T> Optional<T> queryOne(String sql, SqliteDatabase.Row<T> row, Object... parameters) {
    List<T> rows = query(sql, row, parameters);
    if (rows.size() > 1) {
      throw corrupt(describe(sql) + " returned " + rows.size() + " rows for a key");
    }
    return rows.stream().findFirst();
  }

  long queryLong(String sql, Object... parameters) {
    return queryOne(sql, rs -> rs.getLong(1), parameters)
        .orElseThrow(() -> corrupt(describe(sql) + " returned no row"));
  }

  /** A BLOB column that the schema declares NOT NULL. */
  Bytes bytes(ResultSet rs, String column) throws SQLException {
    byte[] value = rs.getBytes(column);
    if (value == null) {
      if (rs.wasNull()) {
        throw corrupt("column " + column + " is NULL");
      }
      return Bytes.EMPTY;
    }
    return Bytes.wrap(value);
  }

  /**
   * Builds a value from a secret BLOB column, then erases the intermediate copy: value types copy
   * the secrets they are given.
   */
  <T> T withSecret(ResultSet rs, String column, SecretRow<T> build) throws SQLException {
    byte[] raw = rs.getBytes(column);
    if (raw == null && rs.wasNull()) {
      throw corrupt("column " + column + " is NULL");
    }
    Secret secret = Secret.wrap(raw == null ? new byte[0] : raw);
    try {
      return build.read(secret);
    } finally {
      secret.destroy();
    }
  }

  /** An enum stored by name; an unknown name means the file was not written by this schema. */
  <E extends Enum<E>> E enumValue(ResultSet rs, String column, Class<E> type) throws SQLException {
    String name = rs.getString(column);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    throw corrupt("column " + column + " holds unknown " + type.getSimpleName() + " " + name);
  }

  StorageException corrupt(String what) {
    return new StorageException(StorageException.Kind.CORRUPT, db.file() + ": " + what);
  }

  StorageException conflict(String what) {
    return new StorageException(StorageException.Kind.CONFLICT, db.file() + ": " + what);
  }

  private static void bind(PreparedStatement statement, Object[] parameters, List<byte[]> secrets)
      throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object p = parameters[i];
      int index = i + 1;
      if (p instanceof Bytes) {
        statement.setBytes(index, ((Bytes) p).toByteArray());
      } else if (p instanceof Secret) {
        byte[] exposed = ((Secret) p).exposeBytes();
        ((Secret) p).destroy();
        secrets.add(exposed);
        statement.setBytes(index, exposed);
      } else if (p instanceof String) {
        statement.setString(index, (String) p);
      } else if (p instanceof Long || p instanceof Integer) {
        statement.setLong(index, ((Number) p).longValue());
      } else if (p instanceof Boolean) {
        statement.setInt(index, (Boolean) p ? 1 : 0);
      } else if (p instanceof Enum) {
        statement.setString(index, ((Enum<?>) p).name());
      } else {
        throw new IllegalArgumentException("cannot bind " + p);
      }
    }
  }

  /** The statement's verb and table ("DELETE FROM outbox"), to say what failed without values. */
  static String describe(String sql) {
    Matcher table = TABLE.matcher(sql);
    String verb = sql.trim().split("\\s+", 2)[0];
    if (!table.find()) {
      return verb;
    }
    String target = table.group(1) + " " + table.group(2);
    return verb.equals(table.group(1)) ? target : verb + " " + target;
  }
}
