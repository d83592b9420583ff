package dev.tandem.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bound of {@link Limits}, through the records that enforce it. */
class LimitsTest {
  private static Item item(String title, String description, List<String> categories, List<String> tags,
      Map<String, Attribute> attributes, long createdAt) {
    return new Item("b1", title, description, categories, tags, attributes, createdAt, true);
  }

  @Test
  void items_at_every_limit_are_accepted() {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    for (int i = 0; i < 99; i++) {
      attrs.put("a" + i, Attribute.of(i));
    }
    attrs.put("n".repeat(100), Attribute.of("v".repeat(10_000)));
    List<String> labels = Collections.nCopies(100, "l".repeat(200));
    Item it = item("t".repeat(1_000), "d".repeat(100_000), labels, labels, attrs, Limits.MAX_TIMESTAMP);
    assertThat(it.title()).hasSize(1_000);
    assertThat(it.attributes()).hasSize(100);
    assertThat(item("沙".repeat(1_000), "", List.of(), List.of(), Map.of(), Limits.MIN_CREATED_AT).title()).hasSize(1_000);
    // the limits count code points: 1,000 emoji are 2,000 chars
    assertThat(item("\ud83d\udcda".repeat(1_000), "", List.of(), List.of(), Map.of(), 0).title()).hasSize(2_000);
  }

  @Test
  void item_text_over_a_limit_is_refused_quoting_at_most_200_characters() {
    assertThatThrownBy(() -> item("t".repeat(1_001), "", List.of(), List.of(), Map.of(), 0))
        .hasMessage("item title (\"" + "t".repeat(200) + "…\" (1,001 characters)) must be at most 1,000 characters");
    assertThatThrownBy(() -> item("", "d".repeat(100_001), List.of(), List.of(), Map.of(), 0))
        .hasMessage("item description (\"" + "d".repeat(200) + "…\" (100,001 characters)) must be at most 100,000"
            + " characters");
    String huge = "x".repeat(5_242_880);
    assertThatThrownBy(() -> item("", "", List.of(), List.of(), Map.of("notes", Attribute.of(huge)), 0))
        .hasMessage("item attributes.notes (\"" + "x".repeat(200) + "…\" (5,242,880 characters)) must be at most"
            + " 10,000 characters");
  }

  @Test
  void labels_are_bounded_in_number_and_length() {
    List<String> many = new ArrayList<>(Collections.nCopies(101, "x"));
    assertThatThrownBy(() -> item("", "", many, List.of(), Map.of(), 0))
        .hasMessage("item categories (101 entries) must have at most 100 entries");
    assertThatThrownBy(() -> item("", "", List.of(), List.of("ok", "y".repeat(201)), Map.of(), 0))
        .hasMessage("item tags[1] (\"" + "y".repeat(200) + "…\" (201 characters)) must be at most 200 characters");
    List<String> withNull = new ArrayList<>(List.of("a"));
    withNull.add(null);
    assertThatThrownBy(() -> item("", "", withNull, List.of(), Map.of(), 0))
        .hasMessage("item categories[1] must not be null");
  }

  @Test
  void attributes_are_bounded_and_named_like_ids() {
    Map<String, Attribute> many = new LinkedHashMap<>();
    for (int i = 0; i < 101; i++) {
      many.put("a" + i, Attribute.of(i));
    }
    assertThatThrownBy(() -> item("", "", List.of(), List.of(), many, 0))
        .hasMessage("item attributes (101 entries) must have at most 100 entries");
    assertThatThrownBy(() -> item("", "", List.of(), List.of(), Map.of("", Attribute.of(1)), 0))
        .hasMessage("item attributes name (\"\") is empty; an attribute name is 1..100 characters under the id rules"
            + " (no control characters, lone surrogates, U+FFFE/U+FFFF or leading/trailing whitespace)");
    assertThatThrownBy(() -> new User("u1", Map.of("a\u0000", Attribute.of(1)), ""))
        .hasMessageStartingWith("user attributes name (\"a\\u0000\") has a control character U+0000 at index 1;");
    assertThatThrownBy(() -> new User("u1", Map.of("n".repeat(101), Attribute.of(1)), ""))
        .hasMessageStartingWith("user attributes name (\"" + "n".repeat(101) + "\") has 101 code points; at most 100");
    assertThatThrownBy(() -> Attribute.of(Double.NaN)).hasMessage("attribute number (NaN) must be finite");
  }

  @Test
  void created_at_spans_years_minus_9999_to_9999_and_timestamps_1970_to_9999() {
    assertThat(item("", "", List.of(), List.of(), Map.of(), -55_000_000_000L).createdAt()).isEqualTo(-55_000_000_000L);
    assertThatThrownBy(() -> item("", "", List.of(), List.of(), Map.of(), Limits.MAX_TIMESTAMP + 1))
        .hasMessage("item createdAt (253402300800) must be in [-377705116800, 253402300799] (epoch seconds from"
            + " -9999-01-01 to 9999-12-31T23:59:59Z)");
    assertThatThrownBy(() -> new Feedback("u", "i", "click", 1, -1))
        .hasMessage("timestamp (-1) must be in [0, 253402300799] (epoch seconds, at most 9999-12-31T23:59:59Z)");
    assertThatThrownBy(() -> new Feedback("u", "i", "click", 1, Long.MAX_VALUE))
        .hasMessageStartingWith("timestamp (9223372036854775807) must be in [0, 253402300799]");
    assertThat(new Feedback("u", "i", "click", 1, Limits.MAX_TIMESTAMP).timestamp()).isEqualTo(253_402_300_799L);
  }

  @Test
  void user_profile_is_at_most_10000_characters() {
    assertThat(new User("u1", Map.of(), "p".repeat(10_000)).profile()).hasSize(10_000);
    assertThatThrownBy(() -> new User("u1", Map.of(), "p".repeat(10_001)))
        .hasMessage("user profile (\"" + "p".repeat(200) + "…\" (10,001 characters)) must be at most 10,000 characters");
  }

  @Test
  void records_apply_the_id_policy() {
    assertThatThrownBy(() -> Item.of("sur\ud800", "x")).hasMessageStartingWith("item id (\"sur\\uD800\") has a lone"
        + " surrogate U+D800 at index 3; an id is 1..256");
    assertThatThrownBy(() -> User.of(" u1")).hasMessageStartingWith("user id (\" u1\") starts with whitespace");
    assertThatThrownBy(() -> new Feedback("u\u0000", "i", "click", 1, 0))
        .hasMessageStartingWith("user (\"u\\u0000\") has a control character U+0000 at index 1;");
    assertThatThrownBy(() -> new Feedback("u", "", "click", 1, 0)).hasMessageStartingWith("item (\"\") is empty;");
  }

  @Test
  void feedback_types_are_lower_case_names_of_at_most_64_characters() {
    assertThat(new Feedback("u", "i", "add_to-cart2", 1, 0).type()).isEqualTo("add_to-cart2");
    assertThatThrownBy(() -> new Feedback("u", "i", "Click", 1, 0))
        .hasMessage("type (\"Click\") must match [a-z][a-z0-9_-]* and have at most 64 characters");
    assertThatThrownBy(() -> new Feedback("u", "i", "t".repeat(65), 1, 0))
        .hasMessage("type (\"" + "t".repeat(65) + "\") must match [a-z][a-z0-9_-]* and have at most 64 characters");
    assertThatThrownBy(() -> new Feedback("u", "i", "click", Double.POSITIVE_INFINITY, 0))
        .hasMessage("value (Infinity) must be finite");
  }

  @Test
  void stored_rows_are_cut_to_the_limits_on_read() {
    assertThat(Limits.cut("abc", 2)).isEqualTo("ab");
    assertThat(Limits.cut("\ud83d\udcda\ud83d\udcda", 1)).isEqualTo("\ud83d\udcda");
    assertThat(Limits.cutLabels(Collections.nCopies(150, "z".repeat(300)))).hasSize(100)
        .allSatisfy(l -> assertThat(l).hasSize(200));
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    attrs.put(" bad", Attribute.of(1));
    attrs.put("notes", Attribute.of("n".repeat(20_000)));
    assertThat(Limits.cutAttributes(attrs)).containsOnlyKeys("notes");
    assertThat(((Attribute.Text) Limits.cutAttributes(attrs).get("notes")).value()).hasSize(10_000);
  }
}
