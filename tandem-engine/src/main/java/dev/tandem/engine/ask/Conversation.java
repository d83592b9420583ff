package dev.tandem.engine.ask;

import dev.tandem.core.data.Feedback;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.store.SessionStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Conversations kept in the store ({@link SessionStore}): each {@link Session} under a random id,
 * bound to the user who started it, encoded as JSON ({@link SessionJson}). A session is live for
 * {@code ttlMillis} after its last turn; after that it is unknown (as if deleted) and its row is
 * deleted lazily: at most once per {@link #SWEEP_EVERY_MILLIS} (or per TTL when shorter) a turn
 * deletes up to {@link #SWEEP_BATCH} expired rows, oldest first, through the index on the last-turn
 * time. Because the state lives in the store, a conversation survives a restart and is shared by
 * every server on one PostgreSQL database.
 *
 * <p>A turn asks the engine with the session's state and, when the session has a user and
 * recording is allowed, commits the feedback the turn implies ({@link AskResult#feedback}) through
 * the store, as {@code POST /feedback} would.
 *
 * <p><b>Concurrent turns of one session</b> wait for each other within one {@code Conversation}
 * (a lock per session id, striped), and are serialised across processes sharing the store by
 * compare-and-set on the stored version: a turn writes its new state only if no other turn was
 * written since it read the session. The loser reads the winner's state and answers again from it (so an item liked or
 * turned down by either turn stays in the state), up to {@link #MAX_ATTEMPTS} times; then it fails
 * with an {@link ApiException} 409 and writes nothing. Feedback is committed only
 * after the state was written, and a turn records only items its state did not yet hold, so a
 * retried turn records each event once. Thread-safe.
 *
 * {@snippet :
 * Conversation c = Conversation.of(tandem);
 * Conversation.Turn t1 = c.ask(tandem, tandem.intentParser(), "", "u1", "cosy mysteries", 10, true);
 * Conversation.Turn t2 = c.ask(tandem, tandem.intentParser(), t1.sessionId(), "u1", "not the first one", 10, true);
 * }
 */
public final class Conversation {
  /** Turns of one session tried before giving up on a conflict with concurrent turns. */
  public static final int MAX_ATTEMPTS = 4;
  /** Longest pause between two sweeps of expired sessions. */
  public static final long SWEEP_EVERY_MILLIS = 60_000;
  /** Expired sessions deleted per sweep at most. */
  public static final int SWEEP_BATCH = 500;
  /** Locks that serialise turns of one session within this object (by hash of the session id). */
  private static final int STRIPES = 64;

  private final SessionStore store;
  private final long ttlMillis;
  private final long sweepEvery;
  private final LongSupplier clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  /**
   * One answered turn.
   *
   * @param sessionId the session to pass with the next turn
   * @param result the answer
   * @param recorded the feedback events committed for this turn (empty when none, or not allowed)
   * @param attempts how many times the turn was answered (more than 1 after a concurrent turn)
   */
  public record Turn(String sessionId, AskResult result, List<Feedback> recorded, int attempts) {
    /** Copies {@code recorded}. */
    public Turn {
      recorded = List.copyOf(recorded);
    }
  }

  /**
   * A live session as stored.
   *
   * @param id the session id
   * @param user the owner, {@code ""} for none
   * @param session the state in force
   * @param lastTurnMillis epoch milliseconds of the last turn
   * @param expiresMillis epoch milliseconds from which it is unknown, unless another turn comes
   */
  public record Live(String id, String user, Session session, long lastTurnMillis, long expiresMillis) { }

  /**
   * @param store where sessions live
   * @param ttlMillis how long a session lives after its last turn (> 0)
   * @param clockMillis the clock, epoch milliseconds ({@code System::currentTimeMillis})
   */
  public Conversation(SessionStore store, long ttlMillis, LongSupplier clockMillis) {
    this.store = Objects.requireNonNull(store, "store");
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttlMillis (" + ttlMillis + ") must be > 0");
    }
    this.ttlMillis = ttlMillis;
    this.sweepEvery = Math.min(SWEEP_EVERY_MILLIS, ttlMillis);
    this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Conversations in {@code tandem}'s store, living {@code [ask] session_ttl}, on the system clock. */
  public static Conversation of(Tandem tandem) {
    return new Conversation(tandem.store().sessions(), tandem.config().ask().sessionTtl().toMillis(),
        System::currentTimeMillis);
  }

  /** How long a session lives after its last turn, in milliseconds. */
  public long ttlMillis() {
    return ttlMillis;
  }

  /** The state of the live session {@code id}, if any. */
  public Optional<Session> session(String id) {
    return live(id).map(Live::session);
  }

  /**
   * The live session {@code id} with its owner and times; empty when unknown or expired.
   *
   * @throws IllegalArgumentException if {@code id} is blank or longer than 128 chars
   */
  public Optional<Live> live(String id) {
    return read(id).map(s -> new Live(s.id(), s.user(), SessionJson.decode(s.state()), s.lastTurnMillis(),
        s.lastTurnMillis() + ttlMillis));
  }

  /**
   * Ends session {@code id} now.
   *
   * @return false when it was unknown or expired
   */
  public boolean delete(String id) {
    return read(id).isPresent() && store.delete(id);
  }

  /**
   * Answers {@code text} in session {@code sessionId} ({@code ""} starts a new one) for
   * {@code user} ({@code ""} for none).
   *
   * @param record whether the turn's feedback may be committed (e.g. the caller may write)
   * @throws ApiException 404 (field session) if {@code sessionId} is given but unknown or expired; 400
   *     (field user) if the session belongs to another user; 409 (field session) if other turns of the
   *     session kept winning {@value #MAX_ATTEMPTS} times (nothing of this turn was written)
   * @throws IllegalArgumentException if the request is invalid
   */
  public Turn ask(Tandem tandem, IntentParser parser, String sessionId, String user, String text, int n,
      boolean record) throws IOException {
    return ask(tandem, parser, sessionId, user, text, n, record, Deadline.NONE);
  }

  /**
   * As {@link #ask(Tandem, IntentParser, String, String, String, int, boolean)}, the turn working
   * under {@code deadline} ({@link AskRequest#deadline()}); a turn stopped by it writes nothing.
   */
  public Turn ask(Tandem tandem, IntentParser parser, String sessionId, String user, String text, int n,
      boolean record, Deadline deadline) throws IOException {
    String owner = user.strip();
    sweep();
    if (sessionId.isEmpty()) {
      return turn(tandem, parser, "", owner, text, n, record, deadline);
    }
    ReentrantLock lock = stripes[Math.floorMod(sessionId.hashCode(), STRIPES)];
    lock.lock();
    try {
      return turn(tandem, parser, sessionId, owner, text, n, record, deadline);
    } finally {
      lock.unlock();
    }
  }

  private Turn turn(Tandem tandem, IntentParser parser, String sessionId, String owner, String text, int n,
      boolean record, Deadline deadline) throws IOException {
    boolean fresh = sessionId.isEmpty();
    String id = fresh ? newId() : sessionId;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Session state = Session.NEW;
      long version = 0;
      if (!fresh) {
        SessionStore.Stored s = read(id).orElseThrow(() -> new ApiException(404, "session", "session ("
            + sessionId + ") is unknown or expired (sessions live " + ttlMillis / 1000 + " s after their last turn);"
            + " omit it to start a new one"));
        if (!s.user().equals(owner)) {
          throw new ApiException(400, "user", owner, "the user of session " + id, "user: user (" + owner
              + ") does not match the user of session " + id + " (" + s.user() + ")", 0);
        }
        state = SessionJson.decode(s.state());
        version = s.version();
      }
      AskResult r = tandem.ask(new AskRequest(owner, state, text, n, deadline), parser);
      if (!store.put(id, owner, SessionJson.encode(r.session()), clock.getAsLong(), version)) {
        if (fresh) {
          id = newId(); // an id taken meanwhile (2^-96): start under another
        }
        continue;
      }
      List<Feedback> recorded = List.of();
      if (record && !owner.isEmpty() && !r.feedback().isEmpty()) {
        tandem.store().feedback().append(r.feedback()); // committed before the answer
        recorded = r.feedback();
      }
      return new Turn(id, r, recorded, attempt);
    }
    throw new ApiException(409, "session", "session (" + id + ") was changed by " + MAX_ATTEMPTS
        + " concurrent turns while this one was answered; send it again");
  }

  /** The stored row of a live session. */
  private Optional<SessionStore.Stored> read(String id) {
    long now = clock.getAsLong();
    return store.get(id).filter(s -> now - s.lastTurnMillis() < ttlMillis);
  }

  /** Deletes a bounded batch of expired sessions, at most once per sweep interval across threads. */
  private void sweep() {
    long now = clock.getAsLong();
    long last = lastSweep.get();
    if ((last != Long.MIN_VALUE && now - last < sweepEvery) || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    store.deleteOlderThan(now - ttlMillis + 1, SWEEP_BATCH); // last turn <= now - ttl is expired
  }

  private String newId() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
