package dev.tandem.core.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * How item documents and profile texts become terms for {@link Bm25}: one of Lucene's analysers.
 *
 * <p>For Chinese (and Japanese, Korean) text, {@link #CJK} uses Lucene's {@link CJKAnalyzer}:
 * overlapping character bigrams after width folding, with Latin words tokenised and lower-cased as
 * usual. Bigrams need no dictionary, never fail on product names, brands or new words (where a
 * dictionary segmenter such as SmartChineseAnalyzer splits wrongly and then cannot match at
 * all), cover Japanese and Korean too, and are the usual recall-oriented choice for CJK retrieval;
 * a word segmenter would add a 3.6 MB jar for higher precision on clean Chinese prose, which
 * recall does not need.
 */
public enum TextAnalysis {
  /** Pick {@link #CJK} when at least 30% of the corpus's letters are CJK, else {@link #ENGLISH}. */
  AUTO,
  /** Lucene's EnglishAnalyzer: standard tokeniser, possessives, lower case, English stop words, Porter stemming. */
  ENGLISH,
  /** Lucene's StandardAnalyzer: Unicode word boundaries, lower case, no stop words, no stemming (any language). */
  STANDARD,
  /** Lucene's CJKAnalyzer: CJK character bigrams, width folding, lower case, English stop words. */
  CJK;

  /**
   * Share of CJK letters (Han, Hiragana, Katakana, Hangul) among all letters at and above which
   * {@link #AUTO} picks {@link #CJK}. Chinese packs a word into about two characters where English
   * needs five or six, so a corpus that is 30% CJK by letters is mostly CJK by words.
   */
  public static final double CJK_SHARE = 0.3;

  /** The config value, e.g. {@code "cjk"}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The analysis named {@code key} ({@code auto}, {@code english}, {@code standard}, {@code cjk}).
   *
   * @throws IllegalArgumentException naming the field, the value and the choices
   */
  public static TextAnalysis of(String field, String key) {
    for (TextAnalysis a : values()) {
      if (a.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException(field + " (" + key + ") must be one of auto, english, standard, cjk");
  }

  /** This analysis, or for {@link #AUTO} the one {@code texts} call for (null entries skipped). */
  public TextAnalysis resolve(String[] texts) {
    if (this != AUTO) {
      return this;
    }
    long letters = 0;
    long cjk = 0;
    for (String t : texts) {
      if (t == null) {
        continue;
      }
      for (int i = 0; i < t.length(); ) {
        int cp = t.codePointAt(i);
        i += Character.charCount(cp);
        if (!Character.isLetter(cp)) {
          continue;
        }
        letters++;
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        if (s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
            || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL) {
          cjk++;
        }
      }
    }
    return letters > 0 && cjk >= CJK_SHARE * letters ? CJK : ENGLISH;
  }

  /**
   * A new Lucene analyser for this (resolved) analysis; thread-safe, close it when done.
   *
   * @throws IllegalStateException for {@link #AUTO}, which must be {@linkplain #resolve resolved} first
   */
  public Analyzer analyzer() {
    return switch (this) {
      case ENGLISH -> new EnglishAnalyzer();
      case STANDARD -> new StandardAnalyzer();
      case CJK -> new CJKAnalyzer();
      case AUTO -> throw new IllegalStateException("resolve AUTO against the corpus before analysing");
    };
  }

  /** Receives the terms of one text, in order. */
  interface TermSink {
    void term(String term);
  }

  /**
   * Feeds the terms of {@code text} to {@code sink}, leaving out stacked tokens (position
   * increment 0), which BM25 length normalisation does not count either.
   */
  static void terms(Analyzer analyzer, String text, TermSink sink) {
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (inc.getPositionIncrement() > 0) {
          sink.term(term.toString());
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing text: " + e.getMessage(), e);
    }
  }

  /** How often each term of {@code text} occurs (as {@link #terms} feeds them), by term; unordered. */
  static Map<String, int[]> termCounts(Analyzer analyzer, String text) {
    Map<String, int[]> tf = new HashMap<>();
    terms(analyzer, text, t -> tf.computeIfAbsent(t, k -> new int[1])[0]++);
    return tf;
  }
}
