package dev.tandem.cli;

import dev.tandem.wire.Wire;
import java.io.PrintWriter;

/** Prints {@code --json} output in the wire format ({@link Wire#pretty}): indented, keys in the maps' order. */
final class Json {
  private Json() {}

  static void print(PrintWriter out, Object value) {
    out.println(Wire.pretty(value));
  }
}
