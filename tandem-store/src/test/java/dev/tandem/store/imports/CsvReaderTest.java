package dev.tandem.store.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  private static List<List<String>> all(String text) {
    CsvReader r = new CsvReader(new StringReader(text), ',', "t.csv");
    List<List<String>> out = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    while (r.next(rec)) {
      out.add(List.copyOf(rec));
    }
    return out;
  }

  @Test
  void quoted_fields_keep_commas_quotes_and_newlines() {
    assertThat(all("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\n"))
        .containsExactly(List.of("a", "b, c", "say \"hi\""), List.of("multi\nline", "", "x"));
  }

  @Test
  void line_endings_lf_crlf_cr_and_missing_final_newline() {
    assertThat(all("1,2\r\n3,4\r5,6\n7,8")).containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5", "6"),
        List.of("7", "8"));
    assertThat(all("")).isEmpty();
    assertThat(all("\uFEFFid\n")).containsExactly(List.of("id"));
    assertThat(all("a,\n")).containsExactly(List.of("a", ""));
    assertThat(all("\"\",\"\"\n")).containsExactly(List.of("", ""));
  }

  @Test
  void line_numbers_count_physical_lines_inside_quotes() {
    CsvReader r = new CsvReader(new StringReader("h\r\n\"a\r\nb\"\r\nc\n"), ',', "t.csv");
    List<String> rec = new ArrayList<>();
    r.next(rec);
    assertThat(r.line()).isEqualTo(1);
    r.next(rec);
    assertThat(rec).containsExactly("a\r\nb");
    assertThat(r.line()).isEqualTo(2);
    r.next(rec);
    assertThat(rec).containsExactly("c");
    assertThat(r.line()).isEqualTo(4);
  }

  @Test
  void unterminated_quote_and_junk_after_quote_are_errors_naming_line_and_field() {
    assertThatThrownBy(() -> all("a,b\nc,\"open\n"))
        .isInstanceOf(ImportException.class).hasMessage("t.csv line 2: field 2 has an opening quote but no closing quote");
    assertThatThrownBy(() -> all("x\n\"ab\"c,d\n"))
        .isInstanceOf(ImportException.class)
        .hasMessage("t.csv line 2: field 1 has a character (\"c\") after its closing quote; expected the separator or the"
            + " end of the line");
  }
}
