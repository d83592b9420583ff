package dev.tandem.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One database for one test, on one of the store's backends. */
public interface Backend {
  /** Opens (or reopens) the store on this test's database. */
  Store open();

  /** The JDBC URL of this test's database (for Flyway set-ups in tests). */
  String url();

  /** The user for {@link #url()}, or null. */
  String user();

  /** A raw JDBC connection to this test's database. */
  Connection connect() throws SQLException;
}
