package dev.tandem.engine.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.model.ItemFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one definition of an item's labels, and the index built from it. */
class LabelIndexTest {
  private static Item item(String id, List<String> categories, List<String> tags) {
    return new Item(id, id, "", categories, tags, Map.of(), 0, true);
  }

  @Test
  void labels_are_categories_then_tags_lower_cased_stripped_without_blanks_or_repeats() {
    assertThat(LabelIndex.labelsOf(item("a", List.of(" SF ", "Classic", ""), List.of("sf", "  ", "Space Opera"))))
        .containsExactly("sf", "classic", "space opera");
    assertThat(LabelIndex.labelsOf(item("b", List.of(), List.of()))).isEmpty();
  }

  @Test
  void the_index_maps_each_label_to_its_items_and_filters_by_any_spelling_of_a_category() {
    LabelIndex index = new LabelIndex.Builder(IdIndex.of(List.of("a", "b", "c")))
        .add(item("a", List.of("SF"), List.of("classic")))
        .add(item("c", List.of("sf "), List.of()))
        .add(item("outside", List.of("sf"), List.of("cosy"))) // not in the index: ignored
        .build();
    assertThat(index.counts()).containsExactly(Map.entry("classic", 1), Map.entry("sf", 2));
    assertThat(index.items("sf").stream().toArray()).containsExactly(0, 2);
    assertThat(index.contains("cosy")).isFalse();
    ItemFilter sf = index.filter(" Sf");
    assertThat(List.of(sf.accept(0), sf.accept(1), sf.accept(2))).containsExactly(true, false, true);
    assertThat(index.filter(null)).isSameAs(ItemFilter.ALL);
    assertThat(index.itemLabels().of(0)).containsExactly("classic", "sf");
    assertThatThrownBy(() -> index.filter("Cosy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("category (\"Cosy\") matches no item's categories or tags");
  }
}
