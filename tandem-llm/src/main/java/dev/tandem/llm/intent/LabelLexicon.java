package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bilingual synonym table: words and phrases (English, Chinese) that name a catalogue label,
 * plus a short description per label for the encoder prototypes. A phrase maps only when its label
 * is one of the catalogue's labels; every catalogue label also matches its own name (and plural).
 * Immutable and thread-safe.
 */
final class LabelLexicon {
  /** label → English description used in its prototype. */
  static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();
  /** label → synonyms, English and Chinese. */
  static final Map<String, List<String>> SYNONYMS = new LinkedHashMap<>();

  static {
    add("mystery", "a detective solves a crime, whodunit",
        "mystery", "mysteries", "whodunit", "whodunits", "whodunnit", "whodunnits", "detective", "detectives",
        "murder mystery", "murder mysteries", "sleuth",
        "推理", "悬疑", "侦探");
    add("cozy", "cosy, gentle, comforting small-town stories",
        "cozy", "cosy", "cozies", "cosies", "温馨", "舒适");
    add("thriller", "suspense, tension, page-turner",
        "thriller", "thrillers", "suspense", "suspenseful", "page-turner", "page-turners", "page turner",
        "page turners", "惊悚");
    add("horror", "scary, frightening, supernatural terror",
        "horror", "scary", "spooky", "creepy", "gothic", "frightening", "terrifying", "ghost stories",
        "haunted", "恐怖", "鬼故事", "吓人");
    add("science fiction", "sci-fi, space, future technology",
        "science fiction", "sci-fi", "scifi", "sci fi", "space opera", "space operas",
        "科幻");
    add("fantasy", "magic, dragons, wizards, other worlds",
        "fantasy", "fantasies", "epic fantasy",
        "奇幻", "魔幻", "玄幻");
    add("romance", "love story, romantic relationships",
        "romance", "romances", "romantic", "love story", "love stories",
        "爱情", "言情", "浪漫");
    add("historical fiction", "novels set in the past",
        "historical fiction", "historical novel", "historical novels", "历史小说");
    add("history", "non-fiction about past events and civilisations",
        "history", "histories", "历史");
    add("cookbook", "recipes and cooking",
        "cookbook", "cookbooks", "cooking", "recipes", "recipe book", "cookery",
        "菜谱", "食谱", "烹饪", "做菜");
    add("children", "books for kids",
        "children", "children's", "childrens", "kids", "kid", "toddler", "toddlers", "picture books",
        "picture book", "bedtime stories",
        "儿童", "童书", "孩子", "小朋友", "小学生", "绘本");
    add("dark", "grim, bleak, violent, disturbing",
        "dark", "darker", "grim", "bleak", "violent", "violence", "gory", "gore", "disturbing", "heavy",
        "sad", "depressing", "bloody", "brutal",
        "黑暗", "沉重", "压抑", "血腥", "虐", "暴力", "致郁");
    add("lighthearted", "light, feel-good, uplifting, easy reading",
        "lighthearted", "light-hearted", "light hearted", "light", "feel-good", "feelgood", "feel good",
        "uplifting", "heartwarming", "cheerful",
        "轻松", "治愈", "欢乐");
    add("young adult", "YA, teen readers",
        "young adult", "ya", "teen", "teens", "teenager", "teenagers", "青少年", "中学生", "初中生", "高中生");
    add("biography", "the story of a real person's life, memoir",
        "biography", "biographies", "memoir", "memoirs", "autobiography", "传记", "回忆录");
    add("classic", "classic literature, timeless",
        "classic", "classics", "经典", "名著");
    add("humor", "funny, comedy, witty",
        "humor", "humour", "humorous", "funny", "witty", "comedy", "comic", "hilarious",
        "幽默", "搞笑", "好笑");
    add("dystopian", "oppressive future societies",
        "dystopian", "dystopia", "dystopias", "反乌托邦");
    add("literary fiction", "literary, character-driven novels",
        "literary fiction", "literary", "纯文学", "严肃文学");
    add("true crime", "real crimes, non-fiction",
        "true crime", "真实犯罪");
  }

  /**
   * concept → typical subjects (English and Chinese): what books with the label are usually about,
   * from general genre knowledge, written for every concept alike. They are encoder prototypes only
   * (never table synonyms): a phrase near one ("a vampire novel", 外星人) makes its label a
   * preference ({@link Intent#prefer()}), not a filter.
   */
  static final Map<String, List<String>> SUBJECTS = new LinkedHashMap<>();

  static {
    subjects("mystery", "private investigator", "murder case", "solving a crime", "clues", "police investigation",
        "missing person", "破案", "案件", "凶手", "线索", "侦探小说");
    subjects("cozy", "small village", "tea shop", "bakery", "amateur sleuth", "knitting", "cats", "小镇", "温情");
    subjects("thriller", "spy", "espionage", "conspiracy", "assassin", "serial killer", "heist", "hostage",
        "chase", "间谍", "阴谋", "杀手", "刺激");
    subjects("horror", "vampires", "zombies", "ghosts", "monsters", "demons", "haunted house", "werewolves",
        "the undead", "possession", "nightmares", "吸血鬼", "僵尸", "丧尸", "鬼魂", "怪物", "恶魔", "鬼屋");
    subjects("science fiction", "aliens", "robots", "spaceships", "space travel", "time travel",
        "artificial intelligence", "androids", "other planets", "galaxies", "cyberpunk", "starships",
        "外星人", "机器人", "宇宙飞船", "太空", "星际", "时间旅行", "人工智能");
    subjects("fantasy", "elves", "quests", "sorcerers", "mythical creatures", "kingdoms", "swords and sorcery",
        "fairy tales", "magic", "wizards", "dragons", "魔法", "龙", "精灵", "巫师", "魔法师");
    subjects("romance", "falling in love", "dating", "relationships", "wedding", "romantic comedy",
        "恋爱", "爱情故事", "婚恋");
    subjects("historical fiction", "victorian era", "medieval times", "tudors",
        "ancient rome novel", "历史背景", "古代背景");
    subjects("history", "civilisations", "empires", "revolutions", "the ancient world", "王朝", "帝国", "古代文明");
    subjects("cookbook", "baking", "kitchen", "meals", "desserts", "bread", "vegetarian cooking",
        "烘焙", "甜点", "美食", "家常菜");
    subjects("children", "nursery rhymes", "bedtime", "little ones", "童话", "睡前故事", "少儿");
    subjects("dark", "tragedy", "despair", "cruelty", "trauma", "grimdark", "gritty", "悲惨", "绝望", "残酷");
    subjects("lighthearted", "fun", "wholesome", "optimistic", "easy read", "开心", "温暖", "轻快");
    subjects("young adult", "high school", "coming of age", "teen romance", "青春", "校园", "成长");
    subjects("biography", "life story", "famous people", "人物传记", "生平", "自传");
    subjects("classic", "great books", "the canon", "nineteenth century literature", "世界名著", "经典文学");
    subjects("humor", "jokes", "satire", "laugh out loud", "parody", "笑话", "讽刺", "喜剧");
    subjects("dystopian", "totalitarian", "surveillance state", "post-apocalyptic", "apocalypse",
        "末日", "极权", "末世");
    subjects("literary fiction", "prize-winning", "booker prize", "character study", "文学性", "获奖小说");
    subjects("true crime", "real murders", "real criminal cases", "真实案件", "真实罪案");
  }

  private LabelLexicon() {}

  private static void subjects(String concept, String... subjects) {
    SUBJECTS.put(concept, List.of(subjects));
  }

  private static void add(String label, String description, String... synonyms) {
    DESCRIPTIONS.put(label, description);
    SYNONYMS.put(label, List.of(synonyms));
  }

  /** A phrase and the label it names. */
  record Entry(String phrase, String label, boolean cjk) {}

  /**
   * Catalogue tags too generic to constrain on when a request happens to contain the word
   * ("books to read", "my favourite fiction"); compared in {@link #norm} form.
   */
  static final Set<String> GENERIC_LABELS = Set.of("to read", "favorites", "favourites",
      "favorite", "favourite", "owned", "books i own", "currently reading", "series", "book club", "default",
      "fiction", "novel", "novels", "books", "book", "read", "re read", "wish list", "wishlist", "kindle",
      "ebook", "ebooks", "audiobook", "audiobooks", "library", "my books", "all time favorites", "general",
      "other", "misc", "new", "good", "best", "popular");

  /** Lower case, hyphens and underscores as spaces, spaces collapsed: "Science-Fiction" → "science fiction". */
  static String norm(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[-_\\s]+", " ").strip();
  }

  /**
   * The phrases that map to the given catalogue labels, longest first. For each concept of the table
   * (e.g. science fiction) the catalogue label it names is the one spelled like the concept
   * ("science-fiction" counts), else the most used label spelled like one of its synonyms
   * ("sci-fi"); all the concept's phrases then map to that label. Every other catalogue label
   * matches its own name (as spelled, in {@link #norm} form, and plural), unless it is generic
   * ({@link #GENERIC_LABELS}).
   */
  static List<Entry> entries(Map<String, Integer> catalogueLabels) {
    Map<String, String> byNorm = new TreeMap<>();
    for (String label : new TreeSet<>(catalogueLabels.keySet())) {
      byNorm.putIfAbsent(norm(label), label);
    }
    Map<String, String> phrases = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> concept : SYNONYMS.entrySet()) {
      String target = byNorm.get(norm(concept.getKey()));
      if (target == null) {
        int best = -1;
        for (String synonym : concept.getValue()) {
          String l = byNorm.get(norm(synonym));
          int n = l == null ? -1 : catalogueLabels.getOrDefault(l, 0);
          if (l != null && n > best) {
            best = n;
            target = l;
          }
        }
      }
      if (target == null) {
        continue;
      }
      phrases.putIfAbsent(concept.getKey(), target);
      for (String synonym : concept.getValue()) {
        phrases.putIfAbsent(synonym.toLowerCase(Locale.ROOT), target);
        phrases.putIfAbsent(norm(synonym), target);
      }
    }
    for (String raw : new TreeSet<>(catalogueLabels.keySet())) {
      String label = raw.toLowerCase(Locale.ROOT);
      String n = norm(label);
      if (n.length() < (hasCjk(n) ? 2 : 3) || GENERIC_LABELS.contains(n) || TitleIndex.STOP.contains(n)) {
        continue; // "a", "to-read": tags too short or too generic to constrain on
      }
      phrases.putIfAbsent(label, raw);
      phrases.putIfAbsent(n, raw);
      if (!hasCjk(label)) {
        for (String variant : spellings(n)) { // "cozy-mystery" is also "cosy mysteries"
          phrases.putIfAbsent(variant, raw);
          phrases.putIfAbsent(plural(variant), raw);
        }
      }
    }
    List<Entry> out = new ArrayList<>();
    phrases.forEach((phrase, label) -> out.add(new Entry(phrase, label, hasCjk(phrase))));
    out.sort(Comparator.comparingInt((Entry e) -> -e.phrase().length()).thenComparing(Entry::phrase));
    return out;
  }

  /**
   * The lexicon concept a catalogue label stands for (its own {@link #norm} form or a synonym's),
   * or the label itself: the key for descriptions and Chinese names.
   */
  static String concept(String label) {
    String n = norm(label);
    for (Map.Entry<String, List<String>> concept : SYNONYMS.entrySet()) {
      if (norm(concept.getKey()).equals(n)) {
        return concept.getKey();
      }
      for (String synonym : concept.getValue()) {
        if (norm(synonym).equals(n)) {
          return concept.getKey();
        }
      }
    }
    return label;
  }

  /** Chinese names of a label from the table (for the Chinese prototypes), possibly empty. */
  static List<String> chineseNames(String label) {
    List<String> out = new ArrayList<>();
    for (String s : SYNONYMS.getOrDefault(label, List.of())) {
      if (hasCjk(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** British and American spellings of the same word; a label matches in either. */
  private static final Map<String, String> SPELLINGS = Map.of("cozy", "cosy", "humor", "humour", "favorite",
      "favourite", "color", "colour", "theater", "theatre", "gray", "grey", "honor", "honour", "neighbor",
      "neighbour");

  /** {@code n} and its variants with one or more words in the other spelling ({@link #SPELLINGS}). */
  static List<String> spellings(String n) {
    List<String> out = new ArrayList<>(List.of(n));
    for (Map.Entry<String, String> e : SPELLINGS.entrySet()) {
      List<String> more = new ArrayList<>();
      for (String v : out) {
        String w = v.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
        String w2 = v.replaceAll("\\b" + e.getValue() + "\\b", e.getKey());
        for (String x : List.of(w, w2)) {
          if (!x.equals(v) && !out.contains(x) && !more.contains(x)) {
            more.add(x);
          }
        }
      }
      out.addAll(more);
    }
    return out;
  }

  /** The plural of a phrase's last word: "mystery" → "mysteries", "thriller" → "thrillers". */
  static String plural(String phrase) {
    int n = phrase.length();
    if (n > 2 && phrase.charAt(n - 1) == 'y' && "aeiou".indexOf(phrase.charAt(n - 2)) < 0) {
      return phrase.substring(0, n - 1) + "ies";
    }
    return phrase.endsWith("s") ? phrase : phrase + "s";
  }

  /** Whether {@code phrase} is a Chinese name of some concept in the synonym table. */
  static boolean isChineseName(String phrase) {
    for (List<String> names : SYNONYMS.values()) {
      if (names.contains(phrase)) {
        return true;
      }
    }
    return false;
  }

  /** The concept's typical subjects ({@link #SUBJECTS}) in one language. */
  static List<String> subjects(String concept, boolean chinese) {
    List<String> out = new ArrayList<>();
    for (String s : SUBJECTS.getOrDefault(concept, List.of())) {
      if (hasCjk(s) == chinese) {
        out.add(s);
      }
    }
    return out;
  }

  static boolean hasCjk(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isCjk(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static boolean isCjk(char c) {
    return c >= '\u4e00' && c <= '\u9fff';
  }
}
