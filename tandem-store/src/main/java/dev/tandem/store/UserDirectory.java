package dev.tandem.store;

import dev.tandem.core.data.User;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/** The user directory port. Thread-safe. */
public interface UserDirectory {

  /**
   * Inserts new users and replaces attributes and profile of existing ones, in one transaction.
   *
   * @return the number of users that were new
   */
  int upsert(Collection<User> users);

  /** The user with this id, or empty. */
  Optional<User> get(String id);

  /**
   * Streams, in ascending id order, the stored users that the current rules reject (written by an
   * older version or by hand): {@link #get} returns one with a valid id cut to the limits, and
   * none for an id that breaks the id policy.
   */
  void forEachInvalid(Consumer<InvalidRecord> action);

  /** Number of users (including those created bare by feedback). */
  int count();

  /**
   * Deletes a user and erases all of that user's feedback (right to be forgotten).
   *
   * @return whether the user existed
   */
  boolean delete(String id);
}
