package org.chargebay.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys the README's table documents, e.g. {@code chargebay.bays.<id>.bms.url}.
 */
final class ReadmeConfigKeys {
  private ReadmeConfigKeys() {}

  static Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    for (String line : Repo.read(Repo.path("README.md")).lines().toList()) {
      if (line.startsWith("| `chargebay.")) {
        String firstCell = line.split("\\|")[1];
        Matcher m = Pattern.compile("`(chargebay\\.[^`]+)`").matcher(firstCell);
        while (m.find()) {
          keys.add(m.group(1));
        }
      }
    }
    if (keys.size() < 10) {
      throw new IllegalStateException("README.md's configuration table lists only " + keys);
    }
    return keys;
  }

  /**
   * Whether {@code key} is an instance of the documented {@code pattern} ({@code <id>} = a name).
   */
  static boolean matches(String pattern, String key) {
    String regex = Pattern.quote(pattern).replace("<id>", "\\E[A-Za-z0-9_-]+\\Q");
    return key.matches(regex);
  }
}
