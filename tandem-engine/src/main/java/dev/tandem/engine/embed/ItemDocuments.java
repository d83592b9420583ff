package dev.tandem.engine.embed;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Item;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an item into the text that is embedded, by a template such as
 * {@code "{title}. {categories}. {tags}. {description}"}.
 *
 * <p>Placeholders: {@code {id}}, {@code {title}}, {@code {description}}, {@code {categories}},
 * {@code {tags}} and {@code {attr:NAME}} (the attribute {@code NAME}; numbers print without a
 * trailing {@code .0}). Lists are joined with {@code ", "}, skipping blank entries.
 *
 * <p>Rendering rules, in order:
 * <ol>
 *   <li>Text before the first placeholder is a prefix and text after the last one a suffix;
 *       both are always kept. Text between two placeholders is the separator <em>after</em> the
 *       first of them.
 *   <li>An empty field is dropped together with its separator, and the separator after the last
 *       non-empty field is dropped too, so nothing dangles ({@code "Dune. Drama"}, never
 *       {@code "Dune. . Drama. "}).
 *   <li>Whitespace runs (newlines too) collapse to one space; the result is stripped.
 *   <li>When the result is blank, the item's title is used instead, so that an item whose
 *       template fields are all empty is still embedded by its name. An item with neither gives
 *       {@code ""}, which callers treat as "no document" (a zero vector), rather than embedding
 *       an opaque id that would only add noise.
 *   <li>The text is capped at {@code maxChars} characters, cut at the last space in the final
 *       fifth when there is one, and never inside a surrogate pair.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 *
 * {@snippet :
 * ItemDocuments docs = ItemDocuments.parse("{title}. {attr:author}. {description}", 2000);
 * String text = docs.render(item); // "Dune. Frank Herbert. Set on the desert planet Arrakis..."
 * }
 */
public final class ItemDocuments {
  /** The default template. */
  public static final String DEFAULT_TEMPLATE = "{title}. {categories}. {tags}. {description}";
  /** The default length cap in characters (BGE models read at most 512 tokens, ~2,000 chars). */
  public static final int DEFAULT_MAX_CHARS = 2000;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final Pattern ATTR = Pattern.compile("attr:([^\\s{}]+)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Set<String> FIELDS = Set.of("id", "title", "description", "categories", "tags");

  private final String template;
  private final int maxChars;
  private final String prefix;
  private final String suffix;
  private final String[] fields;
  private final String[] separators;

  private ItemDocuments(String template, int maxChars, String prefix, String suffix, List<String> fields,
      List<String> separators) {
    this.template = template;
    this.maxChars = maxChars;
    this.prefix = prefix;
    this.suffix = suffix;
    this.fields = fields.toArray(String[]::new);
    this.separators = separators.toArray(String[]::new);
  }

  /** Documents by {@link #DEFAULT_TEMPLATE}, capped at {@link #DEFAULT_MAX_CHARS}. */
  public static ItemDocuments defaults() {
    return parse(DEFAULT_TEMPLATE, DEFAULT_MAX_CHARS);
  }

  /**
   * Parses a template.
   *
   * @param template text with placeholders (see the class comment)
   * @param maxChars length cap of a rendered document, in [16, 100000]
   * @throws IllegalArgumentException if the template has no placeholder, names unknown ones (all
   *     are listed), or {@code maxChars} is out of range
   */
  public static ItemDocuments parse(String template, int maxChars) {
    if (template == null) {
      throw new IllegalArgumentException("template must not be null");
    }
    if (maxChars < 16 || maxChars > 100_000) {
      throw new IllegalArgumentException("max_chars (" + maxChars + ") must be in [16, 100000]");
    }
    Matcher m = PLACEHOLDER.matcher(template);
    List<String> fields = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    Set<String> unknown = new LinkedHashSet<>();
    int at = 0;
    while (m.find()) {
      literals.add(template.substring(at, m.start()));
      String name = m.group(1).strip();
      if (!FIELDS.contains(name) && !ATTR.matcher(name).matches()) {
        unknown.add("{" + m.group(1) + "}");
      }
      fields.add(name);
      at = m.end();
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("template (" + template + ") has unknown placeholders " + unknown
          + "; expected {id}, {title}, {description}, {categories}, {tags} or {attr:NAME}");
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("template (" + template + ") must contain at least one placeholder,"
          + " e.g. {title}");
    }
    String suffix = template.substring(at);
    String prefix = literals.get(0);
    List<String> separators = new ArrayList<>(literals.subList(1, literals.size()));
    separators.add("");
    return new ItemDocuments(template, maxChars, prefix, suffix, fields, separators);
  }

  /** The template text. */
  public String template() {
    return template;
  }

  /** The length cap in characters. */
  public int maxChars() {
    return maxChars;
  }

  /**
   * The document of {@code item}: never null; {@code ""} only when the template fields and the
   * title are all blank.
   */
  public String render(Item item) {
    StringBuilder out = new StringBuilder(prefix);
    String pendingSeparator = null;
    boolean any = false;
    for (int i = 0; i < fields.length; i++) {
      String v = value(item, fields[i]).strip();
      if (v.isEmpty()) {
        continue;
      }
      if (pendingSeparator != null) {
        out.append(pendingSeparator);
      }
      out.append(v);
      pendingSeparator = separators[i];
      any = true;
    }
    String text = any ? collapse(out.append(suffix)) : "";
    if (text.isEmpty()) {
      text = collapse(item.title());
    }
    return cap(text);
  }

  private static String value(Item item, String field) {
    return switch (field) {
      case "id" -> item.id();
      case "title" -> item.title();
      case "description" -> item.description();
      case "categories" -> join(item.categories());
      case "tags" -> join(item.tags());
      default -> {
        Attribute a = item.attributes().get(field.substring("attr:".length()));
        yield a == null ? "" : a.toString();
      }
    };
  }

  private static String join(List<String> values) {
    StringBuilder b = new StringBuilder();
    for (String v : values) {
      String s = v.strip();
      if (!s.isEmpty()) {
        if (b.length() > 0) {
          b.append(", ");
        }
        b.append(s);
      }
    }
    return b.toString();
  }

  private static String collapse(CharSequence text) {
    return WHITESPACE.matcher(text).replaceAll(" ").strip();
  }

  private String cap(String text) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    int space = text.lastIndexOf(' ', end);
    if (space >= maxChars - maxChars / 5) {
      end = space;
    } else if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end).strip();
  }

  @Override
  public String toString() {
    return "ItemDocuments[" + template + ", maxChars=" + maxChars + "]";
  }
}
