package org.mlsmesh.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The BOM (bom/pom.xml, without a parent on purpose) names every artifact of the reactor, at the
 * reactor's version: adding a module or changing the version without it fails here.
 */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theBomListsEveryModuleAtTheReactorsVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("bom/pom.xml"));
    String version = child(parent.getDocumentElement(), "version");
    assertThat(child(bom.getDocumentElement(), "version")).isEqualTo(version);

    List<String> artifacts = new ArrayList<>();
    for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
      if (!module.equals("bom")) {
        artifacts.add(
            child(
                read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement(), "artifactId"));
      }
    }
    assertThat(artifacts).contains("mlsmesh-protocol", "mlsmesh-node", "mlsmesh-app");

    List<String> listed = new ArrayList<>();
    Element managed =
        first(first(bom.getDocumentElement(), "dependencyManagement"), "dependencies");
    for (Node n = managed.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element dependency) {
        assertThat(child(dependency, "groupId")).isEqualTo("org.mlsmesh");
        assertThat(child(dependency, "version")).isEqualTo("${project.version}");
        listed.add(child(dependency, "artifactId"));
      }
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(artifacts);
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static Element first(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }

  private static String child(Element parent, String name) {
    return first(parent, name).getTextContent().strip();
  }

  private static List<String> texts(Element parent, String list, String item) {
    List<String> out = new ArrayList<>();
    Element container = first(parent, list);
    for (Node n = container.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(item)) {
        out.add(e.getTextContent().strip());
      }
    }
    return out;
  }
}
