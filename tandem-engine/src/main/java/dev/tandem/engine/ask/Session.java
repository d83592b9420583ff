package dev.tandem.engine.ask;

import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a conversation remembers between turns. Immutable; {@link #next} gives the state after a turn.
 *
 * <p><b>Merge rule.</b> A turn <em>refines</em> the conversation when it refers to an item shown in
 * the previous turn ("more like the second one", "不要第一本") or says no new topic (its query is
 * blank: "nothing too dark", "under 300 pages"). A refinement keeps the previous goal (unless it
 * asks for similar items) and query, and merges constraints: its includes and excludes are added,
 * a new exclude removes the same include and a new include the same exclude (the newer word
 * wins), and a new range on an attribute replaces the old one. Any other turn starts a new topic:
 * its own goal, query and constraints replace the previous ones. Liked and unwanted items are kept
 * for the whole conversation either way (they say something about taste, not about the topic).
 *
 * @param goal the goal of the last turn, null before the first
 * @param query the semantic query in force ({@code ""} for none)
 * @param include included labels and terms in force
 * @param exclude excluded labels and terms in force
 * @param ranges ranges in force, one per attribute
 * @param shown the items shown in the last turn, best first
 * @param liked items the user referred to positively
 * @param unwanted items the user turned down; never shown again in this conversation
 * @param prefer labels in force that the parser only inferred ({@link Intent#prefer()}): they raise
 *     items, never filter; they merge like {@code include}
 */
public record Session(Goal goal, String query, List<String> include, List<String> exclude, List<Range> ranges,
    List<String> shown, List<String> liked, List<String> unwanted, List<String> prefer) {

  /** A conversation before its first turn. */
  public static final Session NEW = new Session(null, "", List.of(), List.of(), List.of(), List.of(), List.of(),
      List.of());

  /** A state with no inferred labels. */
  public Session(Goal goal, String query, List<String> include, List<String> exclude, List<Range> ranges,
      List<String> shown, List<String> liked, List<String> unwanted) {
    this(goal, query, include, exclude, ranges, shown, liked, unwanted, List.of());
  }

  /** Copies the lists. */
  public Session {
    prefer = List.copyOf(prefer);
    query = query == null ? "" : query;
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    ranges = List.copyOf(ranges);
    shown = List.copyOf(shown);
    liked = List.copyOf(liked);
    unwanted = List.copyOf(unwanted);
  }

  /** Whether {@code turn} refines this conversation rather than starting a new topic (see the class doc). */
  public boolean refinedBy(Intent turn) {
    if (goal == null) {
      return false;
    }
    for (var r : turn.references()) {
      if (shown.contains(r.itemId())) {
        return true;
      }
    }
    return turn.query().isBlank();
  }

  /**
   * The intent a turn is answered with: {@code turn} itself on a new topic, else merged with this
   * session's constraints as the class doc says. Unwanted items of the session are added to
   * {@code exclude} as item ids.
   */
  public Intent effective(Intent turn, Set<String> unwantedNow) {
    boolean refine = refinedBy(turn);
    Goal g = turn.goal();
    String q = turn.query();
    List<String> inc = new ArrayList<>(turn.include());
    List<String> exc = new ArrayList<>(turn.exclude());
    List<Range> rs = new ArrayList<>(turn.ranges());
    List<String> pref = new ArrayList<>(turn.prefer());
    if (refine) {
      pref = merged(prefer, turn.exclude(), turn.prefer());
      if (g != Goal.SIMILAR_TO) {
        g = goal;
      }
      if (q.isBlank()) {
        q = query;
      }
      inc = merged(include, turn.exclude(), turn.include());
      exc = merged(exclude, turn.include(), turn.exclude());
      rs = new ArrayList<>();
      for (Range r : ranges) {
        if (turn.ranges().stream().noneMatch(t -> t.attribute().equals(r.attribute()))) {
          rs.add(r);
        }
      }
      rs.addAll(turn.ranges());
    }
    Set<String> e = new LinkedHashSet<>(exc);
    e.addAll(unwanted);
    e.addAll(unwantedNow);
    pref.removeAll(e);
    pref.removeAll(inc);
    return new Intent(g, inc, List.copyOf(e), rs, turn.count(), turn.references(), q, turn.language(), pref);
  }

  /** {@code kept} without what {@code dropped} names, then {@code added}: the newer word wins. */
  private static List<String> merged(List<String> kept, List<String> dropped, List<String> added) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : kept) {
      if (!dropped.contains(s)) {
        out.add(s);
      }
    }
    out.addAll(added);
    return new ArrayList<>(out);
  }

  /** The state after a turn answered with {@code effective}, which showed {@code shownNow}. */
  public Session next(Intent effective, List<String> shownNow, Set<String> likedNow, Set<String> unwantedNow) {
    Set<String> l = new LinkedHashSet<>(liked);
    l.addAll(likedNow);
    l.removeAll(unwantedNow);
    Set<String> u = new LinkedHashSet<>(unwanted);
    u.addAll(unwantedNow);
    u.removeAll(likedNow);
    List<String> exc = new ArrayList<>();
    for (String s : effective.exclude()) {
      if (!u.contains(s)) {
        exc.add(s);
      }
    }
    return new Session(effective.goal(), effective.query(), effective.include(), exc, effective.ranges(), shownNow,
        List.copyOf(l), List.copyOf(u), effective.prefer());
  }
}
