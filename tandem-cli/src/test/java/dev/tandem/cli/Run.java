package dev.tandem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * One in-process run of the {@code tandem} command, as the CLI tests make it: the exit code and
 * what it printed to standard output and standard error.
 */
record Run(int code, String out, String err) {

  /** Runs {@code tandem args...}. */
  static Run tandem(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TandemCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs {@code tandem --home home args...}. */
  static Run in(Path home, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return tandem(all);
  }
}
