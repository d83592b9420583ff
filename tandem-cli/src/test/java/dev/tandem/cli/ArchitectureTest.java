package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of design.md and style.md, checked on the main source tree of every
 * module: packages name what they hold (no util/common/impl/manager/helper), each module's
 * packages live under its own {@code dev.tandem.<module>} root, modules depend one way, core has
 * no HTTP, JDBC or JSON dependencies, and the Java client depends on no other Tandem module.
 *
 * <p>References are read the way the compiler sees them, not line by line: comments, string and
 * character literals and text blocks are blanked first ({@link #code}), then both {@code import}
 * lines and fully qualified names written inline in code ({@code dev.tandem.core.data.Quote.of(x)},
 * {@code java.util.List.of()}) are checked ({@link #references}). The scanner is itself tested
 * ({@link #the_scanner_sees_names_in_code_and_not_in_comments_or_strings}).
 */
class ArchitectureTest {
  private static final Set<String> BANNED_SEGMENTS = Set.of("util", "utils", "common", "impl", "manager", "helper", "helpers", "misc");
  /** An import declaration; [ \\t], not \\s, before it, so a match never spans a line break. */
  private static final Pattern IMPORT = Pattern.compile("^[ \\t]*import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^[ \\t]*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /**
   * A qualified name written inline: a package of lower-case segments under a root we have rules for,
   * then a type (upper case). Not preceded by a dot or an identifier character, so {@code a.dev.x} and
   * {@code mydev.x} are not read as names.
   */
  private static final Pattern QUALIFIED = Pattern.compile(
      "(?<![\\w.$])((?:dev|java|javax|com|org|io|picocli)(?:\\s*\\.\\s*[a-z_][\\w]*)+)\\s*\\.\\s*([A-Z][\\w]*)");

  /** The Tandem modules and the package root of each. */
  private static final Map<String, String> ROOT = new LinkedHashMap<>();

  static {
    for (String m : List.of("core", "llm", "store", "engine", "wire", "server", "client", "cli", "bench")) {
      ROOT.put("tandem-" + m, "dev.tandem." + m);
    }
  }

  /**
   * module -> the Tandem modules its main code may use (itself always). design.md: llm and store
   * depend on core; the engine on core, llm and store; the wire format (the public JSON, issue 13)
   * on the engine and below; the server on the wire format and below; the client on nothing of
   * ours; the CLI and the benchmarks on everything they have on their main classpath (the client
   * is only a test dependency of the CLI and not one of the benchmarks). A rule may name a module
   * that is not (yet) in the tree; every module in the tree must have one.
   * {@link #the_rules_match_the_poms} checks that each allowed module is a main dependency.
   */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "tandem-core", Set.of(),
      "tandem-llm", Set.of("tandem-core"),
      "tandem-store", Set.of("tandem-core"),
      "tandem-engine", Set.of("tandem-core", "tandem-llm", "tandem-store"),
      "tandem-wire", Set.of("tandem-core", "tandem-llm", "tandem-store", "tandem-engine"),
      "tandem-server", Set.of("tandem-core", "tandem-llm", "tandem-store", "tandem-engine", "tandem-wire"),
      "tandem-client", Set.of(),
      "tandem-cli", Set.of("tandem-core", "tandem-llm", "tandem-store", "tandem-engine", "tandem-wire", "tandem-server"),
      "tandem-bench", Set.of("tandem-core", "tandem-llm", "tandem-store", "tandem-engine", "tandem-wire",
          "tandem-server"));

  /** module -> package prefixes of libraries its main code must not use. */
  private static final Map<String, List<String>> FORBIDDEN_LIBRARIES = Map.of(
      "tandem-core", List.of("java.sql", "java.net.http", "com.fasterxml", "javax.sql", "org.flywaydb", "org.sqlite",
          "io.javalin", "picocli"),
      "tandem-llm", List.of("java.sql", "javax.sql", "org.flywaydb", "org.sqlite", "io.javalin", "picocli"),
      "tandem-store", List.of("java.net.http", "io.javalin", "picocli"),
      "tandem-engine", List.of("picocli", "io.javalin"),
      "tandem-wire", List.of("picocli", "io.javalin", "java.sql", "javax.sql"),
      "tandem-server", List.of("picocli"),
      // the client is taken alone by applications: the JDK's HTTP client and Jackson only
      "tandem-client", List.of("io.javalin", "picocli", "java.sql", "org.slf4j"));

  private static Path repo() {
    return Path.of(System.getProperty("tandem.repo", ".."));
  }

  /** The modules that have rules and main sources in this tree. */
  private static List<String> present() {
    return ALLOWED.keySet().stream().filter(m -> Files.isDirectory(repo().resolve(m).resolve("src/main/java")))
        .sorted().toList();
  }

  private static List<Path> sources(String module) throws IOException {
    Path src = repo().resolve(module).resolve("src/main/java");
    if (!Files.isDirectory(src)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(src)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /**
   * {@code source} with every comment, string literal, text block and character literal replaced
   * by spaces (line breaks kept, so line numbers stay right).
   */
  static String code(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      char next = i + 1 < n ? source.charAt(i + 1) : '\0';
      if (c == '/' && next == '/') {
        while (i < n && source.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (c == '/' && next == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(source, i, end, out);
        i = end;
      } else if (c == '"' && source.startsWith("\"\"\"", i)) {
        int end = i + 3;
        while (end < n && !source.startsWith("\"\"\"", end)) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(n, end + 3);
        blank(source, i, end, out);
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(n, end + 1);
        blank(source, i, end, out);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String source, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(source.charAt(k) == '\n' ? '\n' : ' ');
    }
  }

  /** A name a source file refers to: from an import, or written fully qualified in code. */
  record Ref(int line, String name, String type, boolean imported) {
    /** The Tandem module {@code name} belongs to ({@code tandem-core} for {@code dev.tandem.core...}), or null. */
    String module() {
      String[] seg = name.split("\\.");
      return seg.length > 2 && seg[0].equals("dev") && seg[1].equals("tandem") ? "tandem-" + seg[2] : null;
    }
  }

  /** The imports and the inline qualified names of {@code source} (package and import lines are not code). */
  static List<Ref> references(String source) {
    String code = code(source);
    List<Ref> refs = new ArrayList<>();
    Matcher im = IMPORT.matcher(code);
    while (im.find()) {
      refs.add(new Ref(line(code, im.start()), im.group(1), "", true));
    }
    String body = PACKAGE.matcher(code).replaceAll(m -> " ".repeat(m.group().length()));
    body = IMPORT.matcher(body).replaceAll(m -> " ".repeat(m.group().length()));
    Matcher qm = QUALIFIED.matcher(body);
    while (qm.find()) {
      refs.add(new Ref(line(body, qm.start()), qm.group(1).replaceAll("\\s", ""), qm.group(2), false));
    }
    return refs;
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int k = 0; k < offset; k++) {
      if (text.charAt(k) == '\n') {
        line++;
      }
    }
    return line;
  }

  @Test
  void the_scanner_sees_names_in_code_and_not_in_comments_or_strings() {
    String src = String.join("\n",
        "package dev.tandem.llm.x;",
        "import dev.tandem.core.data.Item;",
        "import static java.util.Objects.requireNonNull;",
        "/** Uses {@link dev.tandem.engine.Tandem} in a comment. */",
        "class A { // dev.tandem.server.TandemServer in a line comment",
        "  String s = \"dev.tandem.cli.TandemCli in a string\";",
        "  char q = '\"'; Object o = dev.tandem.store.Store.open(); /* dev.tandem.engine.Ask */",
        "  String t = \"\"\"",
        "      dev.tandem.server.Values in a text block \"quoted\"",
        "      \"\"\";",
        "  java.util.List<dev.tandem.core.model.Model> l = java.util.List.of();",
        "  int k = config.dev.tandem.Hidden; mydev.tandem.x.Y y;",
        "  java.util.Map.Entry<String, String> e; dev.tandem.core . data . Quote z;",
        "}");
    List<Ref> refs = references(src);
    assertThat(refs.stream().filter(Ref::imported).map(Ref::name))
        .containsExactly("dev.tandem.core.data.Item", "java.util.Objects.requireNonNull");
    assertThat(refs.stream().filter(r -> !r.imported()).map(r -> r.name() + "." + r.type() + "@" + r.line()))
        .containsExactly("dev.tandem.store.Store@7", "java.util.List@11", "dev.tandem.core.model.Model@11",
            "java.util.List@11", "java.util.Map@13", "dev.tandem.core.data.Quote@13");
    assertThat(refs.stream().map(Ref::module).filter(m -> m != null))
        .containsExactly("tandem-core", "tandem-store", "tandem-core", "tandem-core");
  }

  @Test
  void packages_and_classes_name_what_they_hold() throws IOException {
    List<String> bad = new ArrayList<>();
    int files = 0;
    try (Stream<Path> modules = Files.list(repo())) {
      for (Path m : modules.filter(p -> p.getFileName().toString().startsWith("tandem-")).sorted().toList()) {
        for (Path f : sources(m.getFileName().toString())) {
          files++;
          String text = Files.readString(f);
          Matcher pm = PACKAGE.matcher(text);
          if (pm.find()) {
            for (String seg : pm.group(1).split("\\.")) {
              if (BANNED_SEGMENTS.contains(seg)) {
                bad.add(f + ": package segment '" + seg + "'");
              }
            }
          }
          String name = f.getFileName().toString();
          if (name.matches(".*(Manager|Helper|Utils|Util)\\.java")) {
            bad.add(f + ": class name " + name);
          }
        }
      }
    }
    assertThat(files).as("source files found under " + repo()).isGreaterThan(20);
    assertThat(bad).isEmpty();
  }

  @Test
  void every_module_has_rules_and_its_packages_live_under_its_own_root() throws IOException {
    Set<String> modules = new TreeSet<>();
    try (Stream<Path> s = Files.list(repo())) {
      s.filter(p -> p.getFileName().toString().startsWith("tandem-") && Files.isDirectory(p.resolve("src/main/java")))
          .forEach(p -> modules.add(p.getFileName().toString()));
    }
    assertThat(modules).as("modules found under " + repo()).contains("tandem-core", "tandem-cli");
    assertThat(ALLOWED.keySet()).as("a dependency rule for every module").containsAll(modules);
    List<String> bad = new ArrayList<>();
    for (String m : modules) {
      for (Path f : sources(m)) {
        Matcher pm = PACKAGE.matcher(code(Files.readString(f)));
        String pkg = pm.find() ? pm.group(1) : "";
        if (!(pkg.equals(ROOT.get(m)) || pkg.startsWith(ROOT.get(m) + "."))) {
          bad.add(f + ": package " + pkg + " is not under " + ROOT.get(m));
        }
      }
    }
    assertThat(bad).isEmpty();
  }

  @Test
  void the_rules_match_the_poms() throws IOException {
    Pattern dep = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    Map<String, Set<String>> direct = new LinkedHashMap<>();
    for (String m : present()) {
      String pom = code(Files.readString(repo().resolve(m).resolve("pom.xml")).replace("<!--", "/*").replace("-->", "*/"));
      Set<String> deps = new TreeSet<>();
      Matcher d = dep.matcher(pom);
      while (d.find()) {
        String x = d.group(1);
        Matcher a = Pattern.compile("<artifactId>(tandem-[\\w-]+)</artifactId>").matcher(x);
        if (a.find() && !x.contains("<scope>test</scope>") && !x.contains("<type>test-jar</type>")) {
          deps.add(a.group(1));
        }
      }
      direct.put(m, deps);
    }
    for (String m : present()) {
      Set<String> closure = new TreeSet<>();
      List<String> todo = new ArrayList<>(direct.get(m));
      while (!todo.isEmpty()) {
        String d = todo.remove(todo.size() - 1);
        if (closure.add(d)) {
          todo.addAll(direct.getOrDefault(d, Set.of()));
        }
      }
      Set<String> mayUse = new TreeSet<>(ALLOWED.get(m));
      mayUse.retainAll(present());
      assertThat(closure).as("%s: main dependencies (pom, transitively) hold every module it may use", m)
          .containsAll(mayUse);
    }
  }

  @Test
  void modules_depend_one_way_in_imports_and_in_qualified_names_and_core_stays_free_of_io_frameworks()
      throws IOException {
    List<String> bad = new ArrayList<>();
    int inline = 0;
    for (String m : present()) {
      List<Path> files = sources(m);
      assertThat(files).as(m + " sources").isNotEmpty();
      for (Path f : files) {
        for (Ref r : references(Files.readString(f))) {
          String how = r.imported() ? " imports " : " names inline ";
          String target = r.module();
          if (target != null && !target.equals(m) && !ALLOWED.get(m).contains(target)) {
            bad.add(f + ":" + r.line() + how + r.name() + (r.imported() ? "" : "." + r.type())
                + " (" + m + " may use " + ALLOWED.get(m) + ")");
          }
          for (String banned : FORBIDDEN_LIBRARIES.getOrDefault(m, List.of())) {
            if (r.name().equals(banned) || r.name().startsWith(banned + ".")) {
              bad.add(f + ":" + r.line() + how + r.name() + " (" + m + " must not use " + banned + ")");
            }
          }
          if (!r.imported()) {
            inline++;
          }
        }
      }
    }
    assertThat(inline).as("inline qualified names were found, so the scan reads code").isPositive();
    assertThat(bad).isEmpty();
  }

  /**
   * The modules whose main code may reach into other modules' {@code internal} packages: the
   * benchmarks, which measure kernels and serving internals directly.
   */
  private static final Set<String> MAY_USE_INTERNALS = Set.of("tandem-bench");

  /** True for a name in an {@code internal} package ({@code dev.tandem.engine.internal.serve...}). */
  static boolean internal(String name) {
    return List.of(name.split("\\.")).contains("internal");
  }

  /**
   * The public API convention: a package with an {@code internal} segment
   * ({@code dev.tandem.engine.internal.pipeline}) is its module's implementation. No other module's
   * main code may import it or name it inline (only the benchmarks, {@link #MAY_USE_INTERNALS}).
   */
  @Test
  void internal_packages_are_used_only_inside_their_own_module() throws IOException {
    List<String> bad = new ArrayList<>();
    Set<String> internalPackages = new TreeSet<>();
    for (String m : present()) {
      for (Path f : sources(m)) {
        String source = Files.readString(f);
        Matcher pm = PACKAGE.matcher(code(source));
        if (pm.find() && internal(pm.group(1))) {
          internalPackages.add(pm.group(1));
        }
        if (MAY_USE_INTERNALS.contains(m)) {
          continue;
        }
        for (Ref r : references(source)) {
          String target = r.module();
          if (target != null && !target.equals(m) && internal(r.name())) {
            bad.add(f + ":" + r.line() + (r.imported() ? " imports " : " names inline ") + r.name()
                + " (internal to " + target + "; use its public API)");
          }
        }
      }
    }
    assertThat(internalPackages).as("internal packages found, so the rule has something to check")
        .contains("dev.tandem.engine.internal.pipeline", "dev.tandem.engine.internal.serve");
    assertThat(bad).isEmpty();
  }

  /**
   * The public API does not hand out internal types: no public or protected constructor, method
   * or field of a public class outside an {@code internal} package mentions an internal type in its
   * signature (parameters, result, type arguments, exceptions). Checked by reflection on every
   * module on the CLI's test classpath.
   */
  @Test
  void public_signatures_do_not_expose_internal_types() throws IOException, ClassNotFoundException {
    List<String> bad = new ArrayList<>();
    int checked = 0;
    for (String m : present()) {
      if (m.equals("tandem-bench")) {
        continue; // not on the CLI's classpath; nothing depends on it
      }
      Path src = repo().resolve(m).resolve("src/main/java");
      for (Path f : sources(m)) {
        String cls = src.relativize(f).toString().replace('/', '.').replace(".java", "");
        if (internal(cls) || cls.endsWith("package-info") || cls.endsWith("module-info")) {
          continue;
        }
        Class<?> c = Class.forName(cls, false, getClass().getClassLoader());
        List<Class<?>> nested = new ArrayList<>(List.of(c));
        for (int i = 0; i < nested.size(); i++) {
          nested.addAll(List.of(nested.get(i).getDeclaredClasses()));
        }
        for (Class<?> k : nested) {
          if (!java.lang.reflect.Modifier.isPublic(k.getModifiers())) {
            continue;
          }
          checked++;
          for (java.lang.reflect.Member member : members(k)) {
            int mod = member.getModifiers();
            if (!java.lang.reflect.Modifier.isPublic(mod) && !java.lang.reflect.Modifier.isProtected(mod)) {
              continue;
            }
            String signature = member instanceof java.lang.reflect.Method me ? me.toGenericString()
                : member instanceof java.lang.reflect.Constructor<?> co ? co.toGenericString()
                : ((java.lang.reflect.Field) member).toGenericString();
            Matcher tm = Pattern.compile("dev\\.tandem\\.[\\w.$]*").matcher(signature);
            while (tm.find()) {
              if (internal(tm.group())) {
                bad.add(k.getName() + ": " + signature);
                break;
              }
            }
          }
        }
      }
    }
    assertThat(checked).as("public classes checked").isGreaterThan(100);
    assertThat(bad).isEmpty();
  }

  private static List<java.lang.reflect.Member> members(Class<?> k) {
    List<java.lang.reflect.Member> all = new ArrayList<>();
    all.addAll(List.of(k.getDeclaredMethods()));
    all.addAll(List.of(k.getDeclaredConstructors()));
    all.addAll(List.of(k.getDeclaredFields()));
    return all.stream().filter(x -> !x.isSynthetic()).toList();
  }

  /** What the CLI may use of tandem-server: starting it ({@code tandem serve}, {@code tandem demo}). */
  private static final Set<String> CLI_SERVER_TYPES = Set.of("dev.tandem.server.TandemServer");
  private static final Set<String> CLI_SERVER_CALLS = Set.of("start", "requirePort");
  private static final Pattern SERVER_CALL = Pattern.compile("\\bTandemServer\\s*\\.\\s*(\\w+)");

  /**
   * The CLI writes its {@code --json} through tandem-wire, as the server does (issue 13): of the
   * server it names only {@code TandemServer}, and calls only what starts it, not a JSON helper.
   */
  @Test
  void cli_writes_json_through_the_wire_module_and_uses_the_server_only_to_start_it() throws IOException {
    List<String> bad = new ArrayList<>();
    List<Path> files = sources("tandem-cli");
    assertThat(files).as("tandem-cli sources").isNotEmpty();
    for (Path f : files) {
      String source = Files.readString(f);
      for (Ref r : references(source)) {
        String type = r.imported() ? r.name() : r.name() + "." + r.type();
        if ("tandem-server".equals(r.module()) && !CLI_SERVER_TYPES.contains(type)) {
          bad.add(f + ":" + r.line() + " uses " + type);
        }
      }
      Matcher call = SERVER_CALL.matcher(code(source));
      while (call.find()) {
        if (!CLI_SERVER_CALLS.contains(call.group(1))) {
          bad.add(f + " calls TandemServer." + call.group(1));
        }
      }
    }
    assertThat(bad).isEmpty();
  }

  /**
   * No type is written fully qualified in main code where an import would do: a {@code dev.tandem.},
   * {@code java.} or {@code javax.} name may stay qualified only where its simple name is taken by
   * another type in the file (imported, declared there, in the same package, in {@code java.lang})
   * or two qualified names share it, exactly the names scripts/dev/unqualify.py leaves alone.
   */
  @Test
  void main_code_imports_types_instead_of_naming_them_inline() throws IOException {
    List<String> bad = new ArrayList<>();
    for (String m : present()) {
      for (Path f : sources(m)) {
        bad.addAll(needlesslyQualified(f));
      }
    }
    assertThat(bad).isEmpty();
  }

  /** Simple names of java.lang that an import of ours would shadow. */
  private static final Set<String> JAVA_LANG = Set.of("Boolean", "Byte", "Character", "Class", "ClassLoader",
      "Comparable", "Deprecated", "Double", "Enum", "Error", "Exception", "Float", "FunctionalInterface", "Integer",
      "Iterable", "Long", "Math", "Module", "Number", "Object", "Override", "Package", "Process", "Record", "Runnable",
      "Runtime", "RuntimeException", "SafeVarargs", "Short", "StrictMath", "String", "StringBuilder", "SuppressWarnings",
      "System", "Thread", "ThreadLocal", "Throwable", "Void", "AutoCloseable", "CharSequence", "Cloneable",
      "IllegalArgumentException", "IllegalStateException", "InterruptedException", "UnsupportedOperationException");

  /** The qualified names in {@code file} that an import could replace without changing what any name means. */
  static List<String> needlesslyQualified(Path file) throws IOException {
    String source = Files.readString(file);
    String code = code(source);
    Matcher pm = PACKAGE.matcher(code);
    String pkg = pm.find() ? pm.group(1) : "";
    Map<String, Set<String>> taken = new LinkedHashMap<>();
    Matcher im = IMPORT.matcher(code);
    while (im.find()) {
      String name = im.group(1);
      taken.computeIfAbsent(name.substring(name.lastIndexOf('.') + 1), k -> new TreeSet<>()).add(name);
    }
    Matcher decl = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)").matcher(code);
    while (decl.find()) {
      taken.computeIfAbsent(decl.group(1), k -> new TreeSet<>()).add(pkg + "." + decl.group(1));
    }
    try (Stream<Path> siblings = Files.list(file.getParent())) {
      siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
          .map(n -> n.substring(0, n.length() - 5))
          .forEach(n -> taken.computeIfAbsent(n, k -> new TreeSet<>()).add(pkg + "." + n));
    }
    JAVA_LANG.forEach(n -> taken.computeIfAbsent(n, k -> new TreeSet<>()).add("java.lang." + n));
    List<Ref> inline = references(source).stream().filter(r -> !r.imported())
        .filter(r -> r.name().startsWith("dev.tandem.") || r.name().startsWith("java.") || r.name().startsWith("javax."))
        .toList();
    Map<String, Set<String>> bySimple = new LinkedHashMap<>();
    inline.forEach(r -> bySimple.computeIfAbsent(r.type(), k -> new TreeSet<>()).add(r.name() + "." + r.type()));
    List<String> out = new ArrayList<>();
    for (Ref r : inline) {
      String fqn = r.name() + "." + r.type();
      boolean clash = bySimple.get(r.type()).size() > 1
          || taken.getOrDefault(r.type(), Set.of()).stream().anyMatch(t -> !t.equals(fqn));
      if (!clash) {
        out.add(file + ":" + r.line() + " " + fqn);
      }
    }
    return out;
  }
}
