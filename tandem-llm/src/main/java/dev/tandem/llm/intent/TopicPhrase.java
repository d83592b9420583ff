package dev.tandem.llm.intent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topic of a search request: the phrase after an about/on/covering/关于/讲/介绍 cue, to the
 * clause end (in Chinese without a trailing kind of book: "讲二战的历史书" is about 二战). A request
 * with such a phrase and no taste word is a search, and the phrase is its query.
 */
final class TopicPhrase {
  private TopicPhrase() {}

  private static final Pattern LABEL_TAIL_ZH = Pattern.compile("的(\\p{IsHan}{2,4})$");
  private static final Pattern ABOUT_TAIL_ZH = Pattern.compile("的?(?:入门)?(?:书籍|书|小说|读物)$");
  private static final Pattern ABOUT_EN = Pattern.compile(
      "\\b(?:about|covering|regarding|concerning|on the topic of)\\b|\\b(?:books?|something|anything|have|titles?"
      + "|novels?|cookbooks?|guides?|histor(?:y|ies)|biograph(?:y|ies)|memoirs?)\\s+on\\b");
  private static final Pattern ABOUT_END_EN = Pattern.compile("[,.;!?]|\\bfor\\b");
  private static final Pattern ABOUT_ZH = Pattern.compile("关于|讲述|讲|介绍|有关(?!于)");
  private static final Pattern TASTE = Pattern.compile(
      "\\b(?:recommend|suggest|good|great|best|love|loved|enjoy|enjoyed|favou?rite|fun|mood|like)\\b"
      + "|推荐|喜欢|好看|想看|好玩|有趣|轻松");

  /** The about-phrase [start, end) of the request (after its cue, to the clause end), or null. */
  static int[] find(RequestText r) {
    Matcher m = (r.zh ? ABOUT_ZH : ABOUT_EN).matcher(r.zh ? r.text : r.lower);
    while (m.find()) {
      if (!r.free(m.start(), m.end())) {
        continue;
      }
      Matcher e = (r.zh ? RequestText.CLAUSE : ABOUT_END_EN).matcher(r.text);
      int end = e.find(m.end()) ? e.start() : r.text.length();
      if (r.zh) {
        Matcher tail = ABOUT_TAIL_ZH.matcher(r.text.substring(m.end(), end));
        boolean compound = false;
        if (tail.find()) {
          compound = tail.group().charAt(0) != '的';
          end = m.end() + tail.start();
        }
        Matcher labelTail = LABEL_TAIL_ZH.matcher(r.text.substring(m.end(), end));
        if (compound && labelTail.find() && LabelLexicon.isChineseName(labelTail.group(1))) {
          // "讲二战的历史书": 历史书 names the kind of book, outside the topic ("关于盐的历史的书" keeps it in)
          end = m.end() + labelTail.start();
        }
      }
      if (end > m.end()) {
        return new int[] {m.end(), end};
      }
    }
    return null;
  }

  /** Whether the lower-case request states a taste (recommend, good, 推荐, 喜欢...): then it is not a search. */
  static boolean statesTaste(String lower) {
    return TASTE.matcher(lower).find();
  }
}
