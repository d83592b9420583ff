package dev.tandem.engine.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Item;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemDocumentsTest {

  private static Item item(String title, String description, List<String> categories, List<String> tags) {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    attrs.put("director", Attribute.of("Ridley Scott"));
    attrs.put("year", Attribute.of(1982));
    attrs.put("rating", Attribute.of(8.1));
    return new Item("m1", title, description, categories, tags, attrs, 0, true);
  }

  @Test
  void default_template_renders_every_field_with_lists_joined() {
    Item it = item("Blade Runner", "A blade runner must pursue replicants.", List.of("Sci-Fi", "Thriller"),
        List.of("noir", " ", "dystopia"));
    assertThat(ItemDocuments.defaults().render(it))
        .isEqualTo("Blade Runner. Sci-Fi, Thriller. noir, dystopia. A blade runner must pursue replicants.");
  }

  @Test
  void attributes_numbers_and_id_are_rendered() {
    ItemDocuments d = ItemDocuments.parse("{title} ({attr:year}), by {attr:director}; rated {attr:rating} [{id}]", 500);
    assertThat(d.render(item("Blade Runner", "", List.of(), List.of())))
        .isEqualTo("Blade Runner (1982), by Ridley Scott; rated 8.1 [m1]");
  }

  @Test
  void empty_fields_drop_with_their_separator_and_nothing_dangles() {
    ItemDocuments d = ItemDocuments.defaults();
    assertThat(d.render(item("Alien", "", List.of("Horror"), List.of()))).isEqualTo("Alien. Horror");
    assertThat(d.render(item("Alien", "In space.", List.of(), List.of()))).isEqualTo("Alien. In space.");
    assertThat(d.render(item("", "In space.", List.of(), List.of("creature")))).isEqualTo("creature. In space.");
    assertThat(d.render(item("Alien", "", List.of(), List.of()))).isEqualTo("Alien");
    // missing attribute, prefix and suffix kept
    ItemDocuments labelled = ItemDocuments.parse("Film: {title}. {attr:composer}. {attr:director}!", 100);
    assertThat(labelled.render(item("Alien", "", List.of(), List.of()))).isEqualTo("Film: Alien. Ridley Scott!");
  }

  @Test
  void whitespace_collapses_and_blank_documents_fall_back_to_the_title_or_nothing() {
    ItemDocuments d = ItemDocuments.parse("{description}\n\n{tags}", 100);
    assertThat(d.render(item("T", "  two\tlines\n here  ", List.of(), List.of("a  b")))).isEqualTo("two lines here a b");
    assertThat(d.render(item("Only  the title", "", List.of(), List.of()))).isEqualTo("Only the title");
    assertThat(d.render(new Item("x", "", " ", List.of(), List.of(), Map.of(), 0, true))).isEmpty();
  }

  @Test
  void long_documents_are_capped_at_a_word_boundary() {
    ItemDocuments d = ItemDocuments.parse("{description}", 20);
    assertThat(d.render(item("T", "alpha beta gamma delta epsilon", List.of(), List.of()))).isEqualTo("alpha beta gamma");
    // no space in the last fifth: hard cut, never inside a surrogate pair
    String emoji = "a".repeat(19) + "\uD83D\uDE00" + "zzz";
    assertThat(d.render(item("T", emoji, List.of(), List.of()))).isEqualTo("a".repeat(19));
    assertThat(d.render(item("T", "b".repeat(30), List.of(), List.of()))).isEqualTo("b".repeat(20));
  }

  @Test
  void unknown_placeholders_and_bad_caps_are_rejected_by_name() {
    assertThatThrownBy(() -> ItemDocuments.parse("{title}. {genre}. {attr:}. {tags}", 100))
        .hasMessage("template ({title}. {genre}. {attr:}. {tags}) has unknown placeholders [{genre}, {attr:}];"
            + " expected {id}, {title}, {description}, {categories}, {tags} or {attr:NAME}");
    assertThatThrownBy(() -> ItemDocuments.parse("just text", 100))
        .hasMessage("template (just text) must contain at least one placeholder, e.g. {title}");
    assertThatThrownBy(() -> ItemDocuments.parse("{title}", 3)).hasMessage("max_chars (3) must be in [16, 100000]");
  }
}
