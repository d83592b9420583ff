package dev.tandem.store.imports;

/** One malformed input row; the importer skips it or fails, depending on maxBadRows. */
final class BadRowException extends RuntimeException {
  BadRowException(String message) {
    super(message, null, false, false);
  }
}
