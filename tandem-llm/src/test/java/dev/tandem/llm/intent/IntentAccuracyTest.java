package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Embedders;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of {@link RuleIntentParser} on the intent test set (see IntentScore for the definition
 * of fields and constraints). The floors sit a little below the measured figures so a regression
 * cannot pass silently; the goal of issue 6 is >= 95% of constraints right on the main set.
 */
class IntentAccuracyTest {
  private static Embedder en;
  private static Embedder zh;
  private static final IntentFixtures.Catalogue CAT = IntentFixtures.catalogue();

  @BeforeAll
  static void open() {
    en = Embedders.builtIn("bge-small-en-v15-q");
    zh = Embedders.builtIn("bge-small-zh-v15");
  }

  @AfterAll
  static void close() {
    en.close();
    zh.close();
  }

  @Test
  void the_set_has_the_size_the_issue_asks_for() {
    List<IntentFixtures.Case> cases = IntentFixtures.cases();
    long zhCount = cases.stream().filter(c -> c.expected().language().equals("zh")).count();
    assertThat(cases.size() - zhCount).isGreaterThanOrEqualTo(120);
    assertThat(zhCount).isGreaterThanOrEqualTo(60);
    for (IntentFixtures.Case c : cases) {
      for (String ref : c.expected().references()) {
        assertThat(CAT.titles()).as("line %d reference", c.line()).containsKey(ref);
      }
      assertThat(CAT.labels().keySet()).as("line %d labels", c.line())
          .containsAll(c.expected().include()).containsAll(c.expected().exclude());
    }
  }

  @Test
  void main_set_with_encoder_prototypes() {
    IntentScore.Tally[] t = IntentAccuracy.run(new RuleIntentParser(en, zh), CAT, IntentFixtures.cases(), "all");
    System.out.println(IntentScore.table("requests.jsonl, rules + synonyms + prototypes", t[0], t[1]));
    t[0].misses.forEach(System.out::println);
    t[1].misses.forEach(System.out::println);
    // measured: en 100% / zh 100% constraints, whole intents en 100% zh 100%
    for (IntentScore.Tally lang : t) {
      assertThat(lang.constraintAccuracy()).isGreaterThanOrEqualTo(0.97);
      assertThat(lang.field(6)).as("whole intents").isGreaterThanOrEqualTo(0.95);
      for (int f = 0; f < 6; f++) {
        assertThat(lang.field(f)).as(IntentScore.FIELDS[f]).isGreaterThanOrEqualTo(0.96);
      }
    }
  }

  @Test
  void main_set_rules_only() {
    IntentScore.Tally[] t = IntentAccuracy.run(new RuleIntentParser(), CAT, IntentFixtures.cases(), "all");
    System.out.println(IntentScore.table("requests.jsonl, rules + synonyms only", t[0], t[1]));
    for (IntentScore.Tally lang : t) {
      assertThat(lang.constraintAccuracy()).isGreaterThanOrEqualTo(0.97);
      assertThat(lang.field(6)).isGreaterThanOrEqualTo(0.95);
    }
  }

  @Test
  void held_out_set_written_after_the_parser() {
    List<IntentFixtures.Case> holdout = IntentFixtures.cases("holdout.jsonl");
    IntentScore.Tally[] rules = IntentAccuracy.run(new RuleIntentParser(), CAT, holdout, "all");
    IntentScore.Tally[] protos = IntentAccuracy.run(new RuleIntentParser(en, zh), CAT, holdout, "all");
    System.out.println(IntentScore.table("holdout.jsonl, rules + synonyms only", rules[0], rules[1]));
    System.out.println(IntentScore.table("holdout.jsonl, rules + synonyms + prototypes", protos[0], protos[1]));
    // measured: rules en 88.9% zh 80.0%; with prototypes (and the subject prototypes, partly
    // prompted by this set's misses) en 100% zh 94.4%
    assertThat(rules[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.86);
    assertThat(rules[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.77);
    assertThat(protos[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.97);
    assertThat(protos[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.91);
    // on this set (words the synonym table lacks) the prototypes help
    assertThat(protos[0].constraintAccuracy()).isGreaterThan(rules[0].constraintAccuracy());
    assertThat(protos[1].constraintAccuracy()).isGreaterThan(rules[1].constraintAccuracy());
  }

  @Test
  void second_held_out_set() {
    List<IntentFixtures.Case> holdout = IntentFixtures.cases("holdout2.jsonl");
    IntentScore.Tally[] rules = IntentAccuracy.run(new RuleIntentParser(), CAT, holdout, "all");
    IntentScore.Tally[] protos = IntentAccuracy.run(new RuleIntentParser(en, zh), CAT, holdout, "all");
    System.out.println(IntentScore.table("holdout2.jsonl, rules + synonyms only", rules[0], rules[1]));
    System.out.println(IntentScore.table("holdout2.jsonl, rules + synonyms + prototypes", protos[0], protos[1]));
    // measured after its fixes: rules en 100% zh 100%; with prototypes en 98.4% zh 97.3% (one false extra each)
    assertThat(rules[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.97);
    assertThat(rules[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.97);
    assertThat(protos[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.96);
    assertThat(protos[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void third_held_out_set_written_blind() {
    List<IntentFixtures.Case> holdout = IntentFixtures.cases("holdout3.jsonl");
    IntentScore.Tally[] rules = IntentAccuracy.run(new RuleIntentParser(), CAT, holdout, "all");
    IntentScore.Tally[] protos = IntentAccuracy.run(new RuleIntentParser(en, zh), CAT, holdout, "all");
    System.out.println(IntentScore.table("holdout3.jsonl, rules + synonyms only", rules[0], rules[1]));
    System.out.println(IntentScore.table("holdout3.jsonl, rules + synonyms + prototypes", protos[0], protos[1]));
    // blind first run: prototypes en 96.7% zh 89.2%, rules en 94.3% zh 93.0%; after the general
    // fixes it (and then holdout4) showed: prototypes en 100% zh 98.6%, rules en 97.5% zh 100%
    assertThat(protos[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.97);
    assertThat(protos[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(rules[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(rules[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void fourth_held_out_set_written_blind() {
    List<IntentFixtures.Case> holdout = IntentFixtures.cases("holdout4.jsonl");
    IntentScore.Tally[] rules = IntentAccuracy.run(new RuleIntentParser(), CAT, holdout, "all");
    IntentScore.Tally[] protos = IntentAccuracy.run(new RuleIntentParser(en, zh), CAT, holdout, "all");
    System.out.println(IntentScore.table("holdout4.jsonl, rules + synonyms only", rules[0], rules[1]));
    System.out.println(IntentScore.table("holdout4.jsonl, rules + synonyms + prototypes", protos[0], protos[1]));
    // blind first run: prototypes en 81.5% zh 88.3%, rules en 81.6% zh 89.9%; after the general
    // fixes it showed: prototypes en 97.4% zh 97.8%, rules en 96.6% zh 98.9%
    assertThat(protos[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(protos[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(rules[0].constraintAccuracy()).isGreaterThanOrEqualTo(0.94);
    assertThat(rules[1].constraintAccuracy()).isGreaterThanOrEqualTo(0.96);
  }
}
