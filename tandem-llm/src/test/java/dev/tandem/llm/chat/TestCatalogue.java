package dev.tandem.llm.chat;

import dev.tandem.llm.intent.IntentCatalogue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A small book catalogue for the chat tests. */
record TestCatalogue(Map<String, Integer> labels, Set<String> numericAttributes, Map<String, String> titles)
    implements IntentCatalogue {

  static TestCatalogue books() {
    Map<String, Integer> labels = new LinkedHashMap<>();
    labels.put("mystery", 50);
    labels.put("science fiction", 40);
    labels.put("fantasy", 35);
    labels.put("horror", 30);
    labels.put("cosy", 20);
    labels.put("科幻", 12);
    Map<String, String> titles = new LinkedHashMap<>();
    titles.put("b1", "The Cuckoo's Calling");
    titles.put("b2", "Dune");
    titles.put("b3", "Dune Messiah");
    titles.put("b4", "Gone Girl");
    titles.put("b5", "三体");
    return new TestCatalogue(labels, Set.of("pages", "year"), titles);
  }
}
