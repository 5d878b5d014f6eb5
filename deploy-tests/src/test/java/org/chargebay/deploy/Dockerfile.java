package org.chargebay.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Dockerfile's instructions, continuation lines joined and comments dropped. */
record Dockerfile(List<Instruction> instructions) {
  record Instruction(String keyword, String args) {}

  static Dockerfile read(Path file) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : Repo.read(file).lines().toList()) {
      String line = raw.strip();
      if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      String whole = pending.toString().strip();
      pending.setLength(0);
      int sp = whole.indexOf(' ');
      out.add(
          new Instruction(whole.substring(0, sp).toUpperCase(), whole.substring(sp + 1).strip()));
    }
    return new Dockerfile(out);
  }

  List<String> all(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::args)
        .toList();
  }

  String last(String keyword) {
    List<String> a = all(keyword);
    if (a.isEmpty()) {
      throw new AssertionError("no " + keyword + " instruction");
    }
    return a.get(a.size() - 1);
  }

  /** The value of {@code ENV name="value"} or {@code ENV name=value}. */
  String env(String name) {
    for (String e : all("ENV")) {
      if (e.startsWith(name + "=")) {
        String v = e.substring(name.length() + 1);
        return v.startsWith("\"") || v.startsWith("'") ? v.substring(1, v.length() - 1) : v;
      }
    }
    throw new AssertionError("no ENV " + name);
  }
}
