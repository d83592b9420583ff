package dev.tandem.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The SQLite backend: a file in the test's temporary folder. */
public record SqliteBackend(Path file) implements Backend {
  @Override
  public Store open() {
    return Store.open(file);
  }

  @Override
  public String url() {
    return "jdbc:sqlite:" + file;
  }

  @Override
  public String user() {
    return null;
  }

  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }
}
