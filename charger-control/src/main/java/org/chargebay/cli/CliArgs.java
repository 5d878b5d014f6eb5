package org.chargebay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@code --name value} and {@code --flag} options; a bad command line is a {@link UsageError}. */
final class CliArgs {
  static final class UsageError extends Exception {
    UsageError(String message) {
      super(message);
    }
  }

  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private CliArgs() {}

  static CliArgs parse(String[] args, Set<String> withValue, Set<String> flags) throws UsageError {
    CliArgs a = new CliArgs();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (withValue.contains(arg)) {
        if (i + 1 >= args.length) {
          throw new UsageError(arg + " needs a value");
        }
        a.values.computeIfAbsent(arg, k -> new ArrayList<>()).add(args[++i]);
      } else if (flags.contains(arg)) {
        a.values.computeIfAbsent(arg, k -> new ArrayList<>()).add("true");
      } else {
        throw new UsageError("unknown argument '" + arg + "'");
      }
    }
    return a;
  }

  @Nullable String get(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  String require(String name) throws UsageError {
    String v = get(name);
    if (v == null) {
      throw new UsageError(name + " is required");
    }
    return v;
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The journal file, which must exist (a tool never creates one). */
  static Path existingJournal(String path) throws UsageError {
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      throw new UsageError("journal " + path + " does not exist (give --journal, e.g. data/chargebay.db)");
    }
    return p;
  }
}
