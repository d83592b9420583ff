package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The merge rule for inferred labels ({@link Session#prefer()}). */
class SessionTest {
  private static Intent turn(String query, List<String> include, List<String> exclude, List<String> prefer) {
    return new Intent(Goal.RECOMMEND, include, exclude, List.of(), 0, List.of(), query, "en", prefer);
  }

  @Test
  void inferred_labels_are_kept_by_a_refinement_dropped_by_a_new_topic_and_lifted_by_an_exclusion() {
    Intent first = Session.NEW.effective(turn("vampire novel", List.of(), List.of(), List.of("horror")), Set.of());
    Session s = Session.NEW.next(first, List.of("b1"), Set.of(), Set.of());
    assertThat(s.prefer()).containsExactly("horror");

    // "under 300 pages, nothing romantic": no new topic, so a refinement keeps the preference
    Intent refined = s.effective(turn("", List.of(), List.of("romance"), List.of()), Set.of());
    assertThat(refined.prefer()).containsExactly("horror");
    assertThat(refined.exclude()).containsExactly("romance");

    // "no horror after all": an exclusion lifts the preference
    Intent lifted = s.effective(turn("", List.of(), List.of("horror"), List.of()), Set.of());
    assertThat(lifted.prefer()).isEmpty();

    // naming the label makes it a constraint, no longer a mere preference
    Intent named = s.effective(turn("", List.of("horror"), List.of(), List.of()), Set.of());
    assertThat(named.include()).containsExactly("horror");
    assertThat(named.prefer()).isEmpty();

    // a new topic brings its own preferences only
    Intent other = s.effective(turn("space adventures", List.of(), List.of(), List.of("science fiction")), Set.of());
    assertThat(other.prefer()).containsExactly("science fiction");
  }
}
