package org.mlsmesh.node.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one connection to a node's SQLite file, with its prepared statements. Not thread-safe: its
 * owner ({@link SqliteNodeStorage}) serializes all use under one lock.
 */
final class SqliteDatabase {
  /** Reads one row of a result. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final Path file;
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  SqliteDatabase(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  Path file() {
    return file;
  }

  /** Runs a statement without parameters or results (a pragma that sets, BEGIN, DDL). */
  void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Runs {@code sql} and translates a failure into a {@link StorageException} naming {@code what}.
   */
  void execute(String sql, String what) {
    try {
      execute(sql);
    } catch (SQLException e) {
      throw SqliteErrors.translate(file, what, e);
    }
  }

  /** The first column of every row of a query without parameters, as text. */
  List<String> queryText(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** The first column of the first row of a query without parameters, as a number. */
  long queryLong(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("no result for: " + sql);
      }
      return rs.getLong(1);
    }
  }

  /** A cached prepared statement with its parameters cleared. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    } else {
      statement.clearParameters();
    }
    return statement;
  }

  void close() {
    SQLException failure = null;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = e;
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      failure = e;
    }
    if (failure != null) {
      throw SqliteErrors.translate(file, "close", failure);
    }
  }

  /** Closes the connection after a failed open, keeping the first failure. */
  void closeAfter(Throwable failure) {
    try {
      close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
