package org.chargebay.app;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP methods the API's resource classes declare for a path, for the {@code Allow} header a
 * 405 must carry (RFC 9110, 15.5.6); the framework's own 405 does not say. Read from the JAX-RS
 * annotations, so the answer follows the resource methods.
 */
final class AllowedMethods {
  /** Every resource class under {@code /api}. */
  private static final List<Class<?>> RESOURCES =
      List.of(BaysResource.class, BayAdminResource.class, PacksResource.class);

  private static final Pattern PARAM = Pattern.compile("\\{[^}]*}");

  private AllowedMethods() {}

  /**
   * The methods for {@code path} (e.g. {@code /api/bays/b1}), with HEAD and OPTIONS; none if
   * unknown.
   */
  static Set<String> of(String path) {
    String wanted = trim(path);
    Set<String> allowed = new TreeSet<>();
    for (Class<?> resource : RESOURCES) {
      Path base = resource.getAnnotation(Path.class);
      for (Method m : resource.getMethods()) {
        String http = httpMethod(m);
        if (http == null) {
          continue;
        }
        Path sub = m.getAnnotation(Path.class);
        String template = trim(base.value()) + (sub == null ? "" : "/" + trim(sub.value()));
        if (toRegex(template).matcher(wanted).matches()) {
          allowed.add(http);
          if (http.equals(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
          }
        }
      }
    }
    if (!allowed.isEmpty()) {
      allowed.add(HttpMethod.OPTIONS);
    }
    return allowed;
  }

  private static @Nullable String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return null;
  }

  private static Pattern toRegex(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher param = PARAM.matcher(template);
    int at = 0;
    while (param.find()) {
      regex.append(Pattern.quote(template.substring(at, param.start()))).append("[^/]+");
      at = param.end();
    }
    regex.append(Pattern.quote(template.substring(at)));
    return Pattern.compile(regex.toString());
  }

  /** Without leading or trailing slashes. */
  private static String trim(String path) {
    return path.replaceAll("^/+|/+$", "");
  }
}
