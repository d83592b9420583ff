package dev.tandem.store.internal.jdbc;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The store's schema: the Flyway migrations under {@code db/migration}, one set for SQLite and
 * PostgreSQL (written in SQL both accept). {@code clean} is disabled.
 */
final class Migrations {
  private static final String LOCATIONS = "classpath:db/migration";

  private Migrations() {}

  /**
   * Applies the pending migrations to the database {@code config} points at.
   *
   * @return the version of the newest applied migration, e.g. "1"; "0" when none is
   */
  static String apply(FluentConfiguration config) {
    Flyway flyway = config.locations(LOCATIONS).cleanDisabled(true).load();
    flyway.migrate();
    MigrationInfo current = flyway.info().current();
    return current == null ? "0" : current.getVersion().getVersion();
  }
}
