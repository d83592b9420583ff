package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content phrases of a request in order, each with its start, and the distinct ones to embed
 * for label prototypes. English: runs of free non-generic words within a clause (a run of at most
 * three words as one phrase, and each word of a longer-than-one run); Chinese: free CJK runs split at
 * generic words, parts of 2 to 6 chars. Words inside the about-phrase are the topic, never phrases.
 */
final class ContentPhrases {
  /**
   * Most distinct phrases of one request embedded for label prototypes. A phrase is embedded once
   * however often it occurs (the encoder runs each text alone, so its vector does not depend on
   * the others); phrases past this many distinct ones (a pasted essay, not a request: the intent
   * test sets' longest requests have fewer than 20) get no prototype label, which bounds the
   * encoder's work per request.
   */
  static final int MAX_PHRASES = 64;

  private static final Set<String> GENERIC_EN = Set.of("book", "books", "novel", "novels", "story", "stories",
      "read", "reads", "reading", "something", "anything", "please", "recommend", "suggest", "want", "give",
      "me", "i", "i'd", "i'm", "im", "some", "good", "great", "best", "like", "love", "more", "need",
      "looking", "for", "with", "and", "or", "but", "a", "an", "the", "of", "to", "in", "on", "at", "by", "my",
      "is", "it", "its", "that", "this", "these", "those", "what", "what's", "whats", "any", "else", "other",
      "show", "get", "find", "have", "you", "do", "are", "be", "would", "could", "should", "can", "just", "too",
      "very", "really", "much", "many", "set", "one", "ones", "them", "they", "their", "similar", "again", "also",
      "let", "lets", "let's", "new", "title", "titles", "fiction", "kind", "type", "sort", "stuff", "thing",
      "things", "mood", "enjoy", "loved", "liked", "interested", "fan", "about", "from", "there", "here",
      "where", "which", "who", "how", "why", "when", "all", "so", "not", "no", "don't", "without", "nothing",
      "avoid", "except", "isn't", "aren't", "less", "surprise", "pick", "picks", "options", "ideas");
  private static final Pattern WORD = Pattern.compile("[a-z][a-z'\\-]*");
  private static final Pattern ZH_GENERIC = Pattern.compile(
      "推荐|小说|书籍|读物|情节|剧情|内容|最好是|最好|书|本|部|给我|不错|适合|还有|题材|故事|风格|喜欢|我想看|想看|我想|看|来点|一些|一点|什么|有没有|有|吗|呢|再来|再|类似|像|那样|一样|的|了|和|与|或|点|些|也|都|要|太|就行|行|随便|出版|类|几");

  final List<String> distinct = new ArrayList<>();
  private final Map<String, Integer> slot = new HashMap<>();
  final List<Integer> index = new ArrayList<>();
  final List<Integer> starts = new ArrayList<>();

  private ContentPhrases() {}

  /** The content phrases of the request outside {@code about} (the about-phrase [start, end), or null). */
  static ContentPhrases of(RequestText r, int[] about) {
    ContentPhrases phrases = new ContentPhrases();
    if (r.zh) {
      StringBuilder cur = new StringBuilder();
      int curStart = -1;
      Map<String, Integer> firstInRun = new HashMap<>();
      for (int i = 0; i <= r.text.length(); i++) {
        boolean keep = i < r.text.length() && !r.used[i] && LabelLexicon.isCjk(r.text.charAt(i))
            && (about == null || i < about[0] || i >= about[1]);
        if (keep) {
          if (cur.length() == 0) {
            curStart = i;
          }
          cur.append(r.text.charAt(i));
        } else if (cur.length() > 0) {
          firstInRun.clear();
          for (String part : ZH_GENERIC.split(cur)) {
            if (part.length() >= 2 && part.length() <= 6 && phrases.admits(part)) {
              // the part's first occurrence in its run (one search per distinct admitted part)
              int at = firstInRun.computeIfAbsent(part, cur::indexOf);
              phrases.add(part, curStart + at);
            }
          }
          cur.setLength(0);
        }
      }
    } else {
      Matcher w = WORD.matcher(r.lower);
      List<String> run = new ArrayList<>();
      int runStart = -1;
      int lastEnd = -1;
      while (true) {
        boolean more = w.find();
        boolean content = more && r.free(w.start(), w.end()) && !GENERIC_EN.contains(w.group())
            && (about == null || w.start() < about[0] || w.start() >= about[1]);
        boolean joins = content && lastEnd >= 0
            && !RequestText.CLAUSE.matcher(r.lower.substring(lastEnd, w.start())).find();
        if (!joins && !run.isEmpty()) {
          if (run.size() <= 3) {
            String phrase = String.join(" ", run);
            if (phrases.admits(phrase)) {
              phrases.add(phrase, runStart);
            }
          }
          if (run.size() > 1) {
            for (String one : run) {
              if (phrases.admits(one)) {
                phrases.add(one, runStart);
              }
            }
          }
          run.clear();
        }
        if (!more) {
          break;
        }
        if (content) {
          if (run.isEmpty()) {
            runStart = w.start();
          }
          run.add(w.group());
          lastEnd = w.end();
        } else {
          lastEnd = -1;
        }
      }
    }
    return phrases;
  }

  /** Whether {@code phrase} is embedded: already seen, or one of the first {@link #MAX_PHRASES}. */
  private boolean admits(String phrase) {
    return slot.containsKey(phrase) || distinct.size() < MAX_PHRASES;
  }

  private void add(String phrase, int start) {
    Integer k = slot.get(phrase);
    if (k == null) {
      k = distinct.size();
      distinct.add(phrase);
      slot.put(phrase, k);
    }
    index.add(k);
    starts.add(start);
  }
}
