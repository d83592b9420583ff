package dev.tandem.store.imports;

import dev.tandem.core.data.Quote;
import java.util.List;

/** Column positions from a CSV header row (names compared lower-case). Immutable. */
final class Columns {
  private final String file;
  private final List<String> names;

  Columns(String file, List<String> lowerCaseNames) {
    this.file = file;
    this.names = List.copyOf(lowerCaseNames);
  }

  List<String> names() {
    return names;
  }

  /** The position of the first of {@code aliases} present, or -1. */
  int find(String... aliases) {
    for (String a : aliases) {
      int i = names.indexOf(a);
      if (i >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The position of the first of {@code aliases} present.
   *
   * @throws ImportException naming the file and the header when none is
   */
  int require(String... aliases) {
    int i = find(aliases);
    if (i < 0) {
      String found = names.toString();
      throw new ImportException(file + " line 1: header must have a column " + String.join(" or ", aliases)
          + "; found " + (found.length() <= Quote.MAX_CODE_POINTS ? found
              : Quote.of(found)));
    }
    return i;
  }
}
