package org.chargebay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize that
 * {@code k8s/} uses, so that the manifests can be validated offline with no binary at all.
 *
 * <p>Supported: {@code resources} (files, or folders holding a kustomization), {@code patches} from
 * a {@code path} (a YAML list is an RFC 6902 JSON patch with {@code add}, {@code replace} and
 * {@code remove} and needs a {@code target} of kind and name; a mapping is a strategic merge patch
 * of maps only, matched by kind and name) and {@code namespace}. Anything else is refused by name
 * rather than ignored, and so are files outside the kustomization's folder (kustomize's default
 * load restriction). {@code KustomizeCrossCheckTest} compares the result with kubectl.
 */
final class KustomizeRenderer {
  private static final Set<String> FIELDS =
      Set.of("apiVersion", "kind", "resources", "patches", "namespace");
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass");

  private KustomizeRenderer() {}

  /** The objects the kustomization in {@code dir} produces, in resource order. */
  static List<ObjectNode> render(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + " has no kustomization.yaml");
    }
    ObjectNode k = Repo.readObject(file);
    for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException(
            file + ": unsupported kustomization field '" + f + "' (supported: " + FIELDS + ")");
      }
    }
    require(
        file,
        "kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText()),
        "apiVersion must be kustomize.config.k8s.io/v1beta1");
    require(file, "Kustomization".equals(k.path("kind").asText()), "kind must be Kustomization");

    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      List<ObjectNode> loaded;
      if (Files.isDirectory(p)) {
        loaded = render(p);
      } else {
        insideRoot(dir, p, file);
        loaded = new ArrayList<>();
        for (JsonNode doc : Repo.readAll(p)) {
          require(p, doc.isObject(), "a resource file holds mappings only");
          loaded.add((ObjectNode) doc);
        }
      }
      for (ObjectNode o : loaded) {
        String id = id(o);
        if (objects.putIfAbsent(id, o) != null) {
          throw new IllegalArgumentException(file + ": " + id + " is defined twice");
        }
      }
    }

    for (JsonNode patch : k.path("patches")) {
      for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        require(
            file,
            f.equals("path") || f.equals("target"),
            "unsupported patch field '" + f + "' (use path and target)");
      }
      Path p = dir.resolve(patch.path("path").asText()).normalize();
      insideRoot(dir, p, file);
      JsonNode body =
          Repo.readAll(p).stream()
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException(p + " is empty"));
      JsonNode target = patch.path("target");
      for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        require(
            file,
            f.equals("kind") || f.equals("name"),
            "unsupported patch target field '" + f + "' (use kind and name)");
      }
      if (body.isArray()) {
        require(
            p,
            target.has("kind") && target.has("name"),
            "a JSON patch needs a target with kind and name");
        ObjectNode o = only(objects, target.path("kind").asText(), target.path("name").asText(), p);
        JsonPatch.apply(o, (ArrayNode) body, p);
      } else {
        require(
            p,
            body.isObject(),
            "a patch is a JSON patch (list) or a strategic merge patch (mapping)");
        String kind = body.path("kind").asText();
        String name = body.path("metadata").path("name").asText();
        if (target.has("kind") || target.has("name")) {
          require(
              p,
              target.path("kind").asText(kind).equals(kind)
                  && target.path("name").asText(name).equals(name),
              "the target does not name the patch's own object");
        }
        ObjectNode o = only(objects, kind, name, p);
        mergeMaps(o, (ObjectNode) body, p, "");
      }
    }

    if (k.hasNonNull("namespace")) {
      String ns = k.get("namespace").asText();
      for (ObjectNode o : objects.values()) {
        if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
          JsonNode m = o.path("metadata");
          (m.isObject() ? (ObjectNode) m : o.putObject("metadata")).put("namespace", ns);
        }
      }
    }
    return new ArrayList<>(objects.values());
  }

  /** kind/namespace/name, the identity kustomize keeps objects apart by. */
  static String id(JsonNode o) {
    JsonNode m = o.path("metadata");
    return o.path("kind").asText()
        + "/"
        + m.path("namespace").asText("")
        + "/"
        + m.path("name").asText();
  }

  private static ObjectNode only(
      Map<String, ObjectNode> objects, String kind, String name, Path patch) {
    List<ObjectNode> hits = new ArrayList<>();
    for (ObjectNode o : objects.values()) {
      if (o.path("kind").asText().equals(kind)
          && o.path("metadata").path("name").asText().equals(name)) {
        hits.add(o);
      }
    }
    require(
        patch,
        hits.size() == 1,
        "matches " + hits.size() + " objects " + kind + "/" + name + ", expected exactly 1");
    return hits.get(0);
  }

  /** A strategic merge patch restricted to maps: maps merge key by key, null deletes a key. */
  private static void mergeMaps(ObjectNode into, ObjectNode patch, Path file, String at) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      String here = at + "/" + key;
      require(
          file, !key.startsWith("$"), "strategic merge directive " + here + " is not supported");
      require(
          file,
          !v.isArray(),
          "a list at "
              + here
              + ": strategic merge of lists is not supported here, use a JSON patch");
      if (v.isNull()) {
        into.remove(key);
      } else if (v.isObject() && into.path(key).isObject()) {
        mergeMaps((ObjectNode) into.get(key), (ObjectNode) v, file, here);
      } else {
        into.set(key, v.deepCopy());
      }
    }
  }

  private static void insideRoot(Path dir, Path file, Path kustomization) {
    require(
        kustomization,
        file.startsWith(dir.normalize()),
        file + " is outside the kustomization's folder (kustomize refuses it)");
    require(kustomization, Files.isRegularFile(file), file + " does not exist");
  }

  static void require(Path where, boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(where + ": " + what);
    }
  }
}
