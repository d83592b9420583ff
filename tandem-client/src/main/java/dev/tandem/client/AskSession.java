package dev.tandem.client;

import java.util.List;

/**
 * A conversation's state in force, as {@link TandemClient#askSession} returns it
 * ({@code GET /ask/sessions/{id}}): what the next turn of the session starts from.
 *
 * @param id the session id
 * @param user the owner, {@code ""} for an anonymous session
 * @param goal {@code recommend}, {@code similar-to} or {@code search}; null before the first turn
 * @param query the semantic query in force ({@code ""} for none)
 * @param include included labels and terms in force
 * @param exclude excluded labels and terms in force
 * @param ranges numeric ranges in force, one per attribute
 * @param liked items the user referred to positively in this conversation
 * @param unwanted items the user turned down; never shown again in this conversation
 * @param shown the items shown by the last turn, best first
 * @param lastTurn epoch milliseconds of the last turn
 * @param expires epoch milliseconds from which the session is unknown unless another turn comes
 */
public record AskSession(String id, String user, String goal, String query, List<String> include,
    List<String> exclude, List<AskRange> ranges, List<String> liked, List<String> unwanted, List<String> shown,
    long lastTurn, long expires) {

  /** Copies the lists (null becomes empty); null text becomes "" (except the goal). */
  public AskSession {
    user = Checks.orEmpty(user);
    query = Checks.orEmpty(query);
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    ranges = ranges == null ? List.of() : List.copyOf(ranges);
    liked = liked == null ? List.of() : List.copyOf(liked);
    unwanted = unwanted == null ? List.of() : List.copyOf(unwanted);
    shown = shown == null ? List.of() : List.copyOf(shown);
  }
}
