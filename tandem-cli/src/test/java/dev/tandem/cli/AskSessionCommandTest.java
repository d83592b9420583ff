package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.AskBooks;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-turn {@code tandem ask}: {@code --session} continues a conversation kept in the store,
 * {@code --user} records its likes (unless {@code --no-record}), {@code --interactive} reads turns
 * from standard input. Six books: mysteries m1 (cosy, 250 pages), m2 (dark, 400), m3 (cosy, 180),
 * science fiction s1..s3; user u1 has read s2 and s3.
 */
class AskSessionCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  @BeforeEach
  void fill() throws Exception {
    AskBooks.fillSix(home);
  }

  private String[] run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = TandemCli.run(all, new BufferedReader(new StringReader(stdin)), new PrintWriter(out),
        new PrintWriter(err));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.get("items").forEach(i -> ids.add(i.get("item").asText()));
    return ids;
  }

  private List<Tuple> conversationFeedback(String user) {
    try (Tandem t = Tandem.open(home)) {
      List<Tuple> out = new ArrayList<>();
      for (Feedback f : t.store().feedback().history(user)) {
        if (f.type().equals("like") || f.type().equals("dislike")) {
          out.add(new Tuple(f.item(), f.type()));
        }
      }
      return out;
    }
  }

  @Test
  void session_continues_a_conversation_and_user_turns_are_recorded_once_unless_no_record() throws Exception {
    String[] r1 = run("", "ask", "mysteries", "--user", "u1", "--json");
    assertThat(r1[0]).as(r1[2]).isEqualTo("0");
    JsonNode a1 = JSON.readTree(r1[1]);
    String sid = a1.get("session").asText();
    assertThat(sid).hasSize(24);
    assertThat(ids(a1)).containsExactlyInAnyOrder("m1", "m2", "m3");
    assertThat(a1.get("recorded")).isEmpty();
    String first = ids(a1).get(0);

    // --no-record: the turn likes the first one, but writes no feedback
    String[] r2 = run("", "ask", "more like the first one", "--user", "u1", "--session", sid, "--no-record", "--json");
    assertThat(r2[0]).as(r2[2]).isEqualTo("0");
    JsonNode a2 = JSON.readTree(r2[1]);
    assertThat(a2.get("session").asText()).isEqualTo(sid);
    assertThat(a2.get("liked")).extracting(JsonNode::asText).containsExactly(first);
    assertThat(a2.get("recorded")).isEmpty();
    assertThat(ids(a2)).doesNotContain(first).allMatch(id -> id.startsWith("m"));
    assertThat(conversationFeedback("u1")).isEmpty();

    // recorded: liking the first shown of turn 2 commits one like; saying it again records nothing more
    String second = ids(a2).get(0);
    String[] r3 = run("", "ask", "more like the first one", "--user", "u1", "--session", sid, "--json");
    JsonNode a3 = JSON.readTree(r3[1]);
    assertThat(a3.get("liked")).extracting(JsonNode::asText).containsExactly(first, second);
    assertThat(a3.get("recorded")).hasSize(1);
    assertThat(a3.get("recorded").get(0).get("item").asText()).isEqualTo(second);
    assertThat(conversationFeedback("u1")).containsExactly(new Tuple(second, "like"));

    // the session belongs to u1; an unknown one is an error
    String[] other = run("", "ask", "more", "--user", "u3", "--session", sid);
    assertThat(other[0]).isEqualTo("2");
    assertThat(other[2]).contains("user (u3) does not match the user of session " + sid + " (u1)");
    String[] unknown = run("", "ask", "more", "--session", "0123456789abcdef01234567");
    assertThat(unknown[0]).isEqualTo("1");
    assertThat(unknown[2]).contains("session (0123456789abcdef01234567) is unknown or expired");
  }

  @Test
  void interactive_reads_turns_from_stdin_until_an_empty_line() throws Exception {
    String[] r = run("mysteries\nmore like the first one\nnothing cosy\n\nscifi\n", "ask", "--interactive", "--user",
        "u1");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    String out = r[1];
    // three turns of one session; the empty line ends the conversation before "scifi"
    String[] turns = out.split("(?m)^> ");
    assertThat(turns).hasSize(4);
    assertThat(turns[1]).startsWith("mysteries\nIntent: recommend (en)\n  include: [mystery]\n")
        .contains("Top 3 (personal ease").contains("Cosy village murder", "Noir killer", "Cosy bakery mystery");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  1\\. (\\S+) ").matcher(turns[1]);
    assertThat(m.find()).isTrue();
    String first = m.group(1);
    String sid = out.substring(out.indexOf("Session: ") + 9, out.indexOf("Session: ") + 33);
    assertThat(turns[2]).startsWith("more like the first one\nIntent: similar-to (en)\n")
        .contains("Liked: [" + first + "]  Turned down: []\n", "Recorded for u1: like " + first + "\n",
            "Session: " + sid + "\n")
        .doesNotContain("  " + first + " ");
    // "nothing cosy" refines: still mysteries, now without the cosy ones and without the liked one
    List<String> left = new ArrayList<>(List.of("m2"));
    left.remove(first);
    java.util.regex.Matcher items = java.util.regex.Pattern.compile("(?m)^ +\\d+\\. (\\S+) ").matcher(turns[3]);
    List<String> shown = new ArrayList<>();
    while (items.find()) {
      shown.add(items.group(1));
    }
    assertThat(shown).isEqualTo(left);
    assertThat(turns[3]).endsWith("Session: " + sid + "\nConversation " + sid
        + " (continue with --session " + sid + ").\n");
    assertThat(out).doesNotContain("> scifi");
    assertThat(conversationFeedback("u1")).containsExactly(new Tuple(first, "like"));
  }

  @Test
  void text_and_interactive_exclude_each_other() {
    String[] r = run("", "ask", "x", "--interactive");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("TEXT (x) must not be given with --interactive");
    String[] none = run("", "ask");
    assertThat(none[0]).isEqualTo("2");
    assertThat(none[2]).contains("TEXT is required (the request in words), or --interactive");
  }
}
