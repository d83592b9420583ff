package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `tandem` command end to end, in process, on a temporary home. */
class CliEndToEndTest {
  @TempDir Path dir;

  private Run tandem(String... args) {
    return Run.in(dir.resolve("home"), args);
  }

  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s);
  }

  @Test
  void demo_then_recommend_similar_info_with_json() throws Exception {
    Run demo = tandem("demo", "--no-serve", "--users", "2", "--n", "3");
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("600 items (600 new, 0 updated)")
        .contains("56,293 feedback")
        .contains("1,744 readers x 600 books")
        .contains("Books similar to \"Harry Potter and the Sorcerer's Stone (Harry Potter, #1)\"")
        .contains("Try next:");
    // fused recommendations name the channels that ranked each book
    assertThat(demo.out()).containsPattern("\\[(ease|itemknn|hybrid|semantic|bm25) #\\d+(, (ease|itemknn|hybrid|semantic|bm25) #\\d+)*]");
    // a reader known only by a sentence gets books that match it (the sample has A Song of Ice and Fire)
    String profile = demo.out().substring(demo.out().indexOf("4. A new reader with no history says"));
    assertThat(profile.substring(0, profile.indexOf("5. Books similar"))).contains("A Song of Ice and Fire");
    assertThat(Files.exists(dir.resolve("home/demo-data/ATTRIBUTION.md"))).isTrue();

    Run rec = tandem("recommend", "--user", "35", "--n", "5", "--json");
    assertThat(rec.code()).as(rec.err()).isZero();
    JsonNode r = json(rec.out());
    assertThat(r.get("model").asText()).isEqualTo("ease");
    assertThat(r.get("fallback").asBoolean()).isFalse();
    assertThat(r.get("items")).hasSize(5);
    double prev = Double.MAX_VALUE;
    for (JsonNode item : r.get("items")) {
      assertThat(item.get("title").asText()).isNotEmpty();
      assertThat(item.get("score").asDouble()).isLessThanOrEqualTo(prev);
      prev = item.get("score").asDouble();
    }
    // nothing the user already rated comes back
    Run again = tandem("recommend", "--user", "35", "--n", "600", "--json");
    assertThat(json(again.out()).get("items").size()).isEqualTo(600 - json(again.out()).get("history_events").asInt());

    Run sim = tandem("similar", "--item", "2", "--n", "3", "--model", "itemknn", "--json");
    assertThat(json(sim.out()).get("items").get(0).get("title").asText()).contains("Harry Potter");

    Run info = tandem("info", "--json");
    JsonNode i = json(info.out());
    assertThat(i.get("items").asInt()).isEqualTo(600);
    assertThat(i.get("feedback").asLong()).isEqualTo(56_293);
    assertThat(i.get("snapshots").get(0).get("models").fieldNames()).toIterable()
        .containsExactly("pop", "itemknn", "ease", "semantic", "rrf");
  }

  @Test
  void import_csv_train_with_params_and_clear_errors() throws Exception {
    Path items = dir.resolve("items.csv");
    Path fb = dir.resolve("feedback.csv");
    Files.writeString(items, "id,title,categories\na,Alpha,x\nb,Beta,x\nc,Gamma,y\nd,Delta,y\n");
    Files.writeString(fb, "user,item,type\nu1,a,purchase\nu1,b,purchase\nu2,a,click\nu2,b,click\nu3,c,like\nu3,d,like\n"
        + "u4,a,view\nu4,bad,teleport\n");
    Run bad = tandem("import", "csv", "--items", items.toString(), "--feedback", fb.toString());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("feedback.csv line 9").contains("teleport");
    assertThat(tandem("info", "--json").out()).contains("\"items\" : 0"); // the failed import left nothing

    Run ok = tandem("import", "csv", "--items", items.toString(), "--feedback", fb.toString(), "--max-bad-rows", "1", "--json");
    assertThat(ok.code()).as(ok.err()).isZero();
    JsonNode s = json(ok.out());
    assertThat(s.get("items_inserted").asInt()).isEqualTo(4);
    assertThat(s.get("feedback_inserted").asInt()).isEqualTo(7);
    assertThat(s.get("bad_rows").asInt()).isEqualTo(1);

    Run train = tandem("train", "--models", "pop,ease", "--param", "ease.lambda=1", "--json");
    assertThat(train.code()).as(train.err()).isZero();
    JsonNode t = json(train.out());
    assertThat(t.get("snapshot").asInt()).isEqualTo(1);
    assertThat(t.get("interactions").asInt()).isEqualTo(7);
    assertThat(t.get("fitSeconds").fieldNames()).toIterable().containsExactly("pop", "ease");

    Run rec = tandem("recommend", "--user", "u4", "--n", "1", "--json");
    assertThat(json(rec.out()).get("items").get(0).get("id").asText()).isEqualTo("b");

    Run badParam = tandem("train", "--models", "ease", "--param", "ease.lambda=zero");
    assertThat(badParam.code()).isEqualTo(2);
    assertThat(badParam.err()).contains("error: ease.lambda (zero) must be a number");
    Run badModel = tandem("recommend", "--user", "u4", "--model", "ials");
    assertThat(badModel.code()).isEqualTo(2);
    assertThat(badModel.err()).contains("model (\"ials\") is not in snapshot 1; it has [pop, ease]");
    Run missing = tandem("recommend");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("give --user, --profile or both");
  }

  @Test
  void embed_embeds_new_documents_once_and_reports_json() throws Exception {
    Path items = dir.resolve("items.csv");
    Files.writeString(items, "id,title,categories\na,Dune,Science fiction\nb,Emma,Romance\nc,Emma,Romance\nd,,\n");
    Run imp = tandem("import", "csv", "--items", items.toString());
    assertThat(imp.code()).as(imp.err()).isZero();

    Run first = tandem("embed", "--json");
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode f = json(first.out());
    assertThat(f.get("model").asText()).isEqualTo("bge-small-en-v1.5-q");
    assertThat(f.get("dimension").asInt()).isEqualTo(384);
    assertThat(f.get("items").asInt()).isEqualTo(4);
    assertThat(f.get("empty").asInt()).isEqualTo(1);
    assertThat(f.get("cached").asInt()).isZero();
    assertThat(f.get("embedded").asInt()).isEqualTo(2); // b and c share "Emma. Romance"
    assertThat(f.get("docs_per_second").asDouble()).isPositive();

    Run second = tandem("embed");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("4 items: 3 cached, 0 texts embedded, 1 without text (zero vector)")
        .contains("model bge-small-en-v1.5-q (384 dims), 0.0 docs/s");

    Files.writeString(dir.resolve("home/tandem.toml"), "[embed]\nmodel = \"bert\"\n");
    Run bad = tandem("embed");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("embed.model (bert) must be one of [bge-small-en-v15-q, bge-small-zh-v15, all-minilm-l6-v2-q]");
  }

  @Test
  void tune_on_a_split_saves_the_best_values_that_train_then_uses() throws Exception {
    assertThat(tandem("demo", "--no-serve", "--users", "1", "--n", "1").code()).isZero();
    Path split = dir.resolve("split");
    Run sp = tandem("split", "--protocol", "holdout-users", "--test-users", "200", "--out", split.toString());
    assertThat(sp.code()).as(sp.err()).isZero();
    Run tune = tandem("tune", "--models", "ease", "--budget", "4", "--split", split.toString(), "--metric", "ndcg@20",
        "--json");
    assertThat(tune.code()).as(tune.err()).isZero();
    JsonNode t = json(tune.out()).get(0);
    assertThat(t.get("model").asText()).isEqualTo("ease");
    assertThat(t.get("trials")).hasSize(4);
    assertThat(t.get("trials").get(0).get("params").get("lambda").asText()).isEqualTo("500.0");
    double best = t.get("best_score").asDouble();
    for (JsonNode trial : t.get("trials")) {
      assertThat(trial.get("score").asDouble()).isLessThanOrEqualTo(best);
    }
    String lambda = t.get("best").get("lambda").asText();
    assertThat(Files.readString(dir.resolve("home/tandem.toml"))).contains("lambda = " + lambda);
    Run train = tandem("train", "--models", "ease", "--json");
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(tandem("info", "--json").out()).contains("\"lambda\" : \"" + Double.parseDouble(lambda) + "\"");

    Run noSplit = tandem("tune", "--models", "ease", "--split", dir.resolve("nope").toString());
    assertThat(noSplit.code()).isNotZero();
    Run unknown = tandem("tune", "--models", "sasrec", "--split", split.toString());
    assertThat(unknown.err()).contains("model (\"sasrec\") is not known");
  }
}
