package dev.tandem.engine;

import dev.tandem.core.data.Feedback;
import dev.tandem.llm.intent.IntentParser;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Conversations in memory: each {@link Session} under a random id, bound to the user who started
 * it, forgotten {@code ttlMillis} after its last turn or, beyond {@code maxSessions}, least recently
 * used first. A turn asks the engine with the session's state and, when the session has a user and
 * recording is allowed, commits the feedback the turn implies ({@link AskResult#feedback}) through
 * the store, as {@code POST /feedback} would. Thread-safe (turns of one session are serialised by
 * the caller's ordering; concurrent turns of one session keep the last writer's state).
 */
public final class Conversation {
  private final long ttlMillis;
  private final int maxSessions;
  private final LongSupplier clock;
  private final SecureRandom random = new SecureRandom();
  private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true);

  private record Entry(String user, Session session, long lastMillis) { }

  /**
   * One answered turn.
   *
   * @param sessionId the session to pass with the next turn
   * @param result the answer
   * @param recorded the feedback events committed for this turn (empty when none, or not allowed)
   */
  public record Turn(String sessionId, AskResult result, List<Feedback> recorded) {
    /** Copies {@code recorded}. */
    public Turn {
      recorded = List.copyOf(recorded);
    }
  }

  /**
   * @param ttlMillis how long a session lives after its last turn (> 0)
   * @param maxSessions how many sessions are kept at most (>= 1)
   * @param clockMillis the clock, epoch milliseconds ({@code System::currentTimeMillis})
   */
  public Conversation(long ttlMillis, int maxSessions, LongSupplier clockMillis) {
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttlMillis (" + ttlMillis + ") must be > 0");
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions (" + maxSessions + ") must be >= 1");
    }
    this.ttlMillis = ttlMillis;
    this.maxSessions = maxSessions;
    this.clock = clockMillis;
  }

  /** Thirty minutes, 10,000 sessions, the system clock. */
  public static Conversation defaults() {
    return new Conversation(30 * 60_000L, 10_000, System::currentTimeMillis);
  }

  /** The live session {@code id}, if any. */
  public synchronized Optional<Session> session(String id) {
    expire();
    Entry e = sessions.get(id);
    return e == null ? Optional.empty() : Optional.of(e.session());
  }

  /** How many sessions are live. */
  public synchronized int size() {
    expire();
    return sessions.size();
  }

  /**
   * Answers {@code text} in session {@code sessionId} ({@code ""} starts a new one) for
   * {@code user} ({@code ""} for none).
   *
   * @param record whether the turn's feedback may be committed (e.g. the caller may write)
   * @throws java.util.NoSuchElementException if {@code sessionId} is given but unknown or expired
   * @throws IllegalArgumentException if the session belongs to another user, or the request is invalid
   */
  public Turn ask(Tandem tandem, IntentParser parser, String sessionId, String user, String text, int n,
      boolean record) throws IOException {
    String id = sessionId;
    Session state = Session.NEW;
    String owner = user.strip();
    if (!id.isEmpty()) {
      Entry e;
      synchronized (this) {
        expire();
        e = sessions.get(id);
      }
      if (e == null) {
        throw new java.util.NoSuchElementException("session (" + id + ") is unknown or expired (sessions live "
            + ttlMillis / 1000 + " s after their last turn); omit it to start a new one");
      }
      if (!e.user().equals(owner)) {
        throw new IllegalArgumentException("user (" + owner + ") does not match the user of session " + id + " ("
            + e.user() + ")");
      }
      state = e.session();
    } else {
      byte[] b = new byte[12];
      random.nextBytes(b);
      id = HexFormat.of().formatHex(b);
    }
    AskResult r = tandem.ask(new AskRequest(owner, state, text, n), parser);
    List<Feedback> recorded = List.of();
    if (record && !owner.isEmpty() && !r.feedback().isEmpty()) {
      tandem.store().feedback().append(r.feedback()); // committed before the answer
      recorded = r.feedback();
    }
    synchronized (this) {
      sessions.put(id, new Entry(owner, r.session(), clock.getAsLong()));
      expire();
    }
    return new Turn(id, r, recorded);
  }

  private void expire() {
    long now = clock.getAsLong();
    Iterator<Map.Entry<String, Entry>> it = sessions.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Entry> e = it.next();
      if (now - e.getValue().lastMillis() >= ttlMillis || sessions.size() > maxSessions) {
        it.remove();
      }
    }
  }
}
