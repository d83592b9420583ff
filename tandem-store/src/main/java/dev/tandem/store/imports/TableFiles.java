package dev.tandem.store.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The input files of a generic (CSV or JSON Lines) import: item files, user files and feedback
 * files, each list possibly empty but not all three. Files are read in the order items, users,
 * feedback, each list in the order given. Immutable.
 *
 * @param items item files
 * @param users user files
 * @param feedback feedback files
 */
public record TableFiles(List<Path> items, List<Path> users, List<Path> feedback) {

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if all three are empty
   */
  public TableFiles {
    items = List.copyOf(items);
    users = List.copyOf(users);
    feedback = List.copyOf(feedback);
    if (items.isEmpty() && users.isEmpty() && feedback.isEmpty()) {
      throw new IllegalArgumentException("at least one of items, users or feedback files must be given");
    }
  }

  /**
   * One optional file of each kind, as given on a command line ({@code --items --users
   * --feedback}); a null argument means "no such file".
   */
  public static TableFiles of(Path items, Path users, Path feedback) {
    return new TableFiles(list(items), list(users), list(feedback));
  }

  private static List<Path> list(Path p) {
    List<Path> l = new ArrayList<>(1);
    if (p != null) {
      l.add(p);
    }
    return l;
  }

  /** The files as a command line would name them: {@code items=a.csv users=b.csv feedback=c.csv}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    append(b, "items", items);
    append(b, "users", users);
    append(b, "feedback", feedback);
    return b.toString();
  }

  private static void append(StringBuilder b, String kind, List<Path> files) {
    for (Path p : files) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(kind).append('=').append(p);
    }
  }
}
