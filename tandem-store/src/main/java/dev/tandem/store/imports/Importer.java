package dev.tandem.store.imports;

import dev.tandem.store.Store;

/**
 * Reads one data source into a store, streaming, in one transaction: either everything is
 * committed, or the store is left exactly as it was.
 */
public interface Importer {

  /**
   * Runs the import.
   *
   * @return what was read and changed
   * @throws ImportException if the input is missing or malformed (more bad rows than
   *     {@link ImportOptions#maxBadRows()}); the store is then unchanged
   */
  ImportSummary importInto(Store store, ImportOptions options);
}
