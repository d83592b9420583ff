#!/usr/bin/env python3
"""Rewrite fully qualified type names written inline in main code into imports (issue 13).

    scripts/dev/unqualify.py [--root DIR] [--dry-run] [--verbose]

Scans DIR/tandem-*/src/main/java (default DIR: the current directory) and, in code only (never in
comments, string literals, text blocks or character literals), rewrites `dev.tandem.`, `java.` and
`javax.` qualified names such as `java.util.List.of()` or `dev.tandem.core.data.Quote.of(x)` into
their simple name plus an `import` (no import for the file's own package or java.lang).

A name is left qualified when unqualifying it could change what a name means or fail to compile:
its simple name is already taken in the file by another type (imported, declared in the file,
in the same package, or a java.lang type), or two different qualified names in the file share the
simple name. Files with on-demand (`.*`) imports are left alone. The same rules are what
ArchitectureTest.main_code_imports_types_instead_of_naming_them_inline checks (disabled until this
script has been run). Imports are kept in one ASCII-sorted block, as the code base writes them.

Prints one line per changed file and a total; --dry-run changes nothing; --self-test rewrites a
sample that has every case (comments, strings, text blocks, clashes, same-package types) and
compares it with the expected result.
"""

import argparse
import pathlib
import re
import sys

QUALIFIED = re.compile(
    r"(?<![\w.$])((?:dev|java|javax)(?:\s*\.\s*[a-z_]\w*)+)\s*\.\s*([A-Z]\w*)")
IMPORT = re.compile(r"^[ \t]*import[ \t]+(static[ \t]+)?([\w.]+(?:\.\*)?)[ \t]*;[ \t]*$", re.MULTILINE)
PACKAGE = re.compile(r"^[ \t]*package[ \t]+([\w.]+)[ \t]*;", re.MULTILINE)
DECLARED = re.compile(r"\b(?:class|interface|record|enum)\s+([A-Z]\w*)")

# java.lang names a single-type import of ours would shadow (the same list as ArchitectureTest's)
JAVA_LANG = {
    "Boolean", "Byte", "Character", "Class", "ClassLoader", "Comparable", "Deprecated", "Double", "Enum",
    "Error", "Exception", "Float", "FunctionalInterface", "Integer", "Iterable", "Long", "Math", "Module",
    "Number", "Object", "Override", "Package", "Process", "Record", "Runnable", "Runtime",
    "RuntimeException", "SafeVarargs", "Short", "StrictMath", "String", "StringBuilder",
    "SuppressWarnings", "System", "Thread", "ThreadLocal", "Throwable", "Void", "AutoCloseable",
    "CharSequence", "Cloneable", "IllegalArgumentException", "IllegalStateException",
    "InterruptedException", "UnsupportedOperationException",
}


def code_only(src: str) -> str:
    """src with comments, strings, text blocks and char literals blanked (same length, newlines kept)."""
    out = []
    i, n = 0, len(src)

    def blank(a, b):
        out.append("".join("\n" if ch == "\n" else " " for ch in src[a:b]))

    while i < n:
        c = src[i]
        nxt = src[i + 1] if i + 1 < n else ""
        if c == "/" and nxt == "/":
            end = src.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif c == "/" and nxt == "*":
            end = src.find("*/", i + 2)
            end = n if end < 0 else end + 2
            blank(i, end)
            i = end
        elif src.startswith('"""', i):
            end = i + 3
            while end < n and not src.startswith('"""', end):
                end += 2 if src[end] == "\\" else 1
            end = min(n, end + 3)
            blank(i, end)
            i = end
        elif c in "\"'":
            end = i + 1
            while end < n and src[end] != c and src[end] != "\n":
                end += 2 if src[end] == "\\" else 1
            end = min(n, end + 1)
            blank(i, end)
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


def rewrite(path: pathlib.Path):
    """(new source or None, names rewritten, names kept) for one file."""
    src = path.read_text(encoding="utf-8")
    code = code_only(src)
    assert len(code) == len(src)
    pm = PACKAGE.search(code)
    pkg = pm.group(1) if pm else ""
    imports = [(m.group(1) is not None, m.group(2), m.start(), m.end()) for m in IMPORT.finditer(code)]
    if any(name.endswith(".*") for _, name, _, _ in imports):
        return None, 0, 0
    taken = {}
    for static, name, _, _ in imports:
        if not static:
            taken.setdefault(name.rsplit(".", 1)[-1], set()).add(name)
    for m in DECLARED.finditer(code):
        taken.setdefault(m.group(1), set()).add(pkg + "." + m.group(1))
    for sib in path.parent.glob("*.java"):
        if sib.name != "package-info.java":
            taken.setdefault(sib.stem, set()).add(pkg + "." + sib.stem)
    for name in JAVA_LANG:
        taken.setdefault(name, set()).add("java.lang." + name)

    # code outside package and import declarations
    body = list(code)
    for m in list(IMPORT.finditer(code)) + ([pm] if pm else []):
        for k in range(m.start(), m.end()):
            body[k] = " "
    body = "".join(body)
    found = []
    for m in QUALIFIED.finditer(body):
        qual = re.sub(r"\s", "", m.group(1))
        found.append((m.start(), m.end(), qual, m.group(2)))
    by_simple = {}
    for _, _, qual, simple in found:
        by_simple.setdefault(simple, set()).add(qual + "." + simple)

    edits, new_imports, kept = [], set(), 0
    for start, end, qual, simple in found:
        fqn = qual + "." + simple
        clash = len(by_simple[simple]) > 1 or any(t != fqn for t in taken.get(simple, ()))
        if clash:
            kept += 1
            continue
        edits.append((start, end, simple))
        if qual != pkg and qual != "java.lang":
            new_imports.add(fqn)
    if not edits:
        return None, 0, kept

    out = src
    for start, end, simple in sorted(edits, reverse=True):
        out = out[:start] + simple + out[end:]
    existing = {name for static, name, _, _ in imports if not static}
    missing = sorted(new_imports - existing)
    if missing:
        out = add_imports(out, missing)
    return out, len(edits), kept


def add_imports(src: str, names):
    code = code_only(src)
    plain = [m for m in IMPORT.finditer(code) if m.group(1) is None]
    lines = ["import " + n + ";" for n in names]
    if plain:
        first, last = plain[0], plain[-1]
        region = src[first.start():last.end()]
        region_lines = [l for l in region.split("\n")]
        if all(l.strip() == "" or (IMPORT.fullmatch(l) and not IMPORT.fullmatch(l).group(1)) for l in region_lines):
            merged = sorted({l.strip() for l in region_lines if l.strip()} | set(lines))
            return src[:first.start()] + "\n".join(merged) + src[last.end():]
        return src[:last.end()] + "\n" + "\n".join(lines) + src[last.end():]
    anchor = None
    statics = [m for m in IMPORT.finditer(code) if m.group(1) is not None]
    if statics:
        anchor = statics[-1].end()
    else:
        pm = PACKAGE.search(code)
        anchor = pm.end() if pm else 0
    return src[:anchor] + "\n\n" + "\n".join(lines) + src[anchor:]


SELF_TEST_IN = """package dev.tandem.x;

import java.util.Map;

/** {@link dev.tandem.core.data.Item} stays: a comment. */
class A {
  java.util.List<String> l = java.util.List.of("java.util.Set in a string");
  Map<String, java.util.Map.Entry<String, String>> m; // java.util.Set in a comment
  dev.tandem.core.data.Item item = dev.tandem.core.data.Item.of('"');
  java.util.Date d; dev.tandem.other.Date clash;
  java.lang.Math.max(1, 2); dev.tandem.x.B sibling; String t = \"\"\"
      dev.tandem.core.data.Quote in a text block
      \"\"\";
}
"""

SELF_TEST_OUT = """package dev.tandem.x;

import dev.tandem.core.data.Item;
import java.util.List;
import java.util.Map;

/** {@link dev.tandem.core.data.Item} stays: a comment. */
class A {
  List<String> l = List.of("java.util.Set in a string");
  Map<String, Map.Entry<String, String>> m; // java.util.Set in a comment
  Item item = Item.of('"');
  java.util.Date d; dev.tandem.other.Date clash;
  Math.max(1, 2); B sibling; String t = \"\"\"
      dev.tandem.core.data.Quote in a text block
      \"\"\";
}
"""


def self_test():
    """Rewrites a sample with every case (comments, strings, text blocks, clashes, siblings) and compares."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        pkg = pathlib.Path(d, "tandem-x/src/main/java/dev/tandem/x")
        pkg.mkdir(parents=True)
        (pkg / "B.java").write_text("package dev.tandem.x;\nclass B {}\n", encoding="utf-8")
        f = pkg / "A.java"
        f.write_text(SELF_TEST_IN, encoding="utf-8")
        new, n, kept = rewrite(f)
        if new != SELF_TEST_OUT or n != 7 or kept != 2:
            print(f"self-test FAILED: {n} rewritten, {kept} kept\n{new}", file=sys.stderr)
            return 1
    print("self-test passed: 7 rewritten, 2 kept (java.util.Date and dev.tandem.other.Date clash)")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=".", help="repository root (default: .)")
    ap.add_argument("--dry-run", action="store_true", help="count and list, change nothing")
    ap.add_argument("--verbose", action="store_true", help="print every changed file")
    args = ap.parse_args(argv)
    root = pathlib.Path(args.root)
    files = sorted(root.glob("tandem-*/src/main/java/**/*.java"))
    if not files:
        print(f"no main sources under {root}/tandem-*/src/main/java", file=sys.stderr)
        return 2
    total = kept_total = changed = 0
    for f in files:
        new, n, kept = rewrite(f)
        kept_total += kept
        if new is None:
            continue
        total += n
        changed += 1
        if args.verbose or args.dry_run:
            print(f"{f.relative_to(root)}: {n}")
        if not args.dry_run:
            f.write_text(new, encoding="utf-8")
    verb = "would rewrite" if args.dry_run else "rewrote"
    print(f"{verb} {total} qualified names in {changed} files; left {kept_total} qualified (simple name taken)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
