package dev.tandem.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading refrec.py's folders as they are, and rejecting malformed ones by name. */
class SplitFolderTest {
  @TempDir Path dir;

  @Test
  void reads_a_refrec_cold_items_folder() throws IOException {
    Files.writeString(dir.resolve("train.csv"), "user,item\n1,10\n1,9\n2,10\n");
    Files.writeString(dir.resolve("test_history.csv"), "user,item\n1,10\n");
    Files.writeString(dir.resolve("test_target.csv"), "user,item\n1,7\n");
    Files.writeString(dir.resolve("cold_items.csv"), "item\n8\n7\n");
    Files.writeString(dir.resolve("meta.json"), "{\n  \"protocol\": \"cold-items\",\n  \"seed\": 98765,\n"
        + "  \"source\": \"u.data\",\n  \"min_rating\": 4.0,\n  \"test_users\": 1\n}");
    SplitData s = SplitFolder.read(dir);
    assertThat(s.protocol()).isEqualTo("cold-items");
    assertThat(s.seed()).isEqualTo(98765);
    assertThat(s.rated()).isFalse();
    assertThat(s.coldItems()).containsExactly("7", "8");
    assertThat(s.train().size()).isEqualTo(3);
    EvalData d = EvalData.of(s);
    // string order: "10" < "7" < "8" < "9"
    assertThat(d.items().ids()).containsExactly("10", "7", "8", "9");
    assertThat(d.train().nnz()).isEqualTo(3);
    assertThat(d.rankable().cardinality()).isEqualTo(2);
    assertThat(d.popularity(0)).isEqualTo(2);
  }

  @Test
  void round_trip_keeps_rows_and_meta() {
    SplitData s = Splitter.split(SplitterTest.events(3), SplitOptions.defaults(Protocol.COLD_ITEMS), "syn");
    SplitFolder.write(s, dir.resolve("c"));
    SplitData back = SplitFolder.read(dir.resolve("c"));
    assertThat(back.train()).isEqualTo(s.train());
    assertThat(back.history()).isEqualTo(s.history());
    assertThat(back.target()).isEqualTo(s.target());
    assertThat(back.coldItems()).isEqualTo(s.coldItems());
    assertThat(back.meta()).isEqualTo(s.meta());
  }

  @Test
  void malformed_files_are_named_with_line_and_rule() throws IOException {
    Files.writeString(dir.resolve("train.csv"), "user,item\n1,10\n1\n");
    Files.writeString(dir.resolve("test_history.csv"), "user,item\n");
    Files.writeString(dir.resolve("test_target.csv"), "user,item\n");
    assertThatThrownBy(() -> SplitFolder.read(dir))
        .hasMessage(dir.resolve("train.csv") + ":3: line (1) must have 2 fields user,item");
    Files.writeString(dir.resolve("train.csv"), "u,i\n");
    assertThatThrownBy(() -> SplitFolder.read(dir))
        .hasMessage(dir.resolve("train.csv") + ": header (u,i) must be 'user,item' or 'user,item,rating'");
    Files.writeString(dir.resolve("train.csv"), "user,item,rating\n1,2,x\n");
    assertThatThrownBy(() -> SplitFolder.read(dir))
        .hasMessage(dir.resolve("train.csv") + ":2: rating (x) must be a finite number");
    assertThatThrownBy(() -> SplitFolder.read(dir.resolve("nope"))).hasMessageContaining("must be a directory");
    assertThatThrownBy(() -> FlatJson.parse("{\"a\": [1]}"))
        .hasMessage("JSON value of 'a' at 6 must be a string, number, boolean or null (a flat object), not an array");
  }

  @Test
  void ids_with_commas_cannot_be_written() {
    Pairs p = new Pairs(new String[] {"a,b"}, new String[] {"x"}, new double[] {1});
    SplitData s = new SplitData("random", 1, false, p, Pairs.EMPTY, Pairs.EMPTY, List.of(), java.util.Map.of());
    assertThatThrownBy(() -> SplitFolder.write(s, dir.resolve("w")))
        .hasMessage("user id (\"a,b\") must not contain a comma or line break (split files have no quoting)");
  }
}
