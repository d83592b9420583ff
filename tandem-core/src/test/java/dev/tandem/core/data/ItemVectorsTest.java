package dev.tandem.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemVectorsTest {
  private static final IdIndex ITEMS = IdIndex.of(List.of("a", "b", "c", "d"));

  @Test
  void normalizedScalesPresentRowsToUnitLengthAndDropsZeroOrNonFiniteRows() {
    float[] data = {3, 4, /* b absent */ 9, 9, /* c zero */ 0, 0, /* d not finite */ Float.NaN, 1};
    BitSet present = new BitSet();
    present.set(0);
    present.set(2);
    present.set(3);
    ItemVectors unit = new ItemVectors(ITEMS, 2, data, present).normalized();
    assertThat(unit.data()[0]).isCloseTo(0.6f, within(1e-7f));
    assertThat(unit.data()[1]).isCloseTo(0.8f, within(1e-7f));
    assertThat(unit.vector(1)).containsExactly(0f, 0f); // absent rows stay zero even if data had values
    assertThat(unit.present().stream().toArray()).containsExactly(0);
    assertThat(data[0]).isEqualTo(3f); // the source is not modified
  }

  @Test
  void shapeIsChecked() {
    assertThatThrownBy(() -> new ItemVectors(ITEMS, 2, new float[7], new BitSet()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data length (7) must equal items (4) * dimension (2)");
  }
}
