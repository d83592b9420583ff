package dev.tandem.store;

import java.util.Optional;

/**
 * The conversation session port: one row per session id holding its owner, its state (opaque
 * JSON text written by the engine), the time of its last turn and a version for
 * compare-and-set. Expiry is the caller's rule: the store only deletes rows older than a cut-off
 * when asked ({@link #deleteOlderThan}). Thread-safe; every write is one transaction.
 *
 * {@snippet :
 * Optional<SessionStore.Stored> s = store.sessions().get(id);
 * long version = s.map(SessionStore.Stored::version).orElse(0L);
 * if (!store.sessions().put(id, "u1", json, now, version)) {
 *   // another turn of this session was written meanwhile: read it again and redo the turn
 * }
 * }
 */
public interface SessionStore {

  /**
   * One stored session.
   *
   * @param id the session id
   * @param user the external id of the user who owns it, {@code ""} for none
   * @param state the state as JSON text
   * @param lastTurnMillis epoch milliseconds of the last turn
   * @param version 1 after the first write, incremented by each later write
   */
  record Stored(String id, String user, String state, long lastTurnMillis, long version) {
    /** Validates. */
    public Stored {
      checkId(id);
      if (user == null || state == null) {
        throw new IllegalArgumentException("session " + id + ": user and state must not be null");
      }
      if (version < 1) {
        throw new IllegalArgumentException("session version (" + version + ") must be >= 1");
      }
    }
  }

  /** The session {@code id}, whatever its age; empty when none is stored. */
  Optional<Stored> get(String id);

  /**
   * Writes session {@code id} if its stored version is still {@code expectedVersion}:
   * {@code 0} inserts a new session (and fails if the id exists), a positive version replaces
   * that version. On success the stored version becomes {@code expectedVersion + 1}.
   *
   * @param user the owner, {@code ""} for none
   * @param stateJson the state as JSON text
   * @param lastTurnMillis epoch milliseconds of this turn
   * @return false, writing nothing, when the stored version is not {@code expectedVersion}
   *     (another writer came first, or the session was deleted)
   * @throws IllegalArgumentException if the id is blank or longer than 128 chars, the user is
   *     longer than 512 chars, the state is null or {@code expectedVersion} is negative
   */
  boolean put(String id, String user, String stateJson, long lastTurnMillis, long expectedVersion);

  /** Deletes session {@code id}; false when none was stored. */
  boolean delete(String id);

  /**
   * Deletes at most {@code limit} sessions whose last turn is before {@code cutoffMillis}, oldest
   * first (an index range scan, never a full scan of the table).
   *
   * @return how many were deleted
   * @throws IllegalArgumentException if {@code limit} is < 1
   */
  int deleteOlderThan(long cutoffMillis, int limit);

  /** How many sessions are stored, expired ones included until deleted. */
  int count();

  /**
   * Checks a session id: non-blank, at most 128 chars.
   *
   * @throws IllegalArgumentException naming the id and the rule
   */
  static void checkId(String id) {
    if (id == null || id.isBlank() || id.length() > 128) {
      throw new IllegalArgumentException("session id (" + id + ") must be 1..128 chars, not blank");
    }
  }
}
