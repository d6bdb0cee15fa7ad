package org.vecnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The BOM a host imports: it must manage every deployable vecnn artifact of the reactor at the project
 * version, and nothing else but JUnit's BOM (the conformance kit's JUnit version), and have no parent whose
 * dependencyManagement an import would drag in.
 */
class BomTest {
    // codegen: a build tool; conformance-driver: runs the kit over every backend, nothing to publish
    private static final Set<String> NOT_DEPLOYED = Set.of("examples", "bom", "codegen", "conformance-driver");
    // Surefire runs in the module's folder; the reactor root is its parent.
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static Document read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                result.add(e);
            }
        }
        return result;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    @Test
    void bomManagesEveryDeployableArtifactAtTheProjectVersionAndNothingElse() throws Exception {
        Element root = read(ROOT.resolve("pom.xml")).getDocumentElement();
        Set<String> deployable = new TreeSet<>();
        for (Element module : children(child(root, "modules"), "module")) {
            String folder = module.getTextContent().trim();
            if (!NOT_DEPLOYED.contains(folder)) {
                deployable.add(text(read(ROOT.resolve(folder).resolve("pom.xml")).getDocumentElement(),
                        "artifactId"));
            }
        }
        Element bom = read(ROOT.resolve("bom/pom.xml")).getDocumentElement();

        Set<String> managed = new TreeSet<>();
        int junit = 0;
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"),
                "dependency")) {
            if ("org.junit".equals(text(dependency, "groupId"))) {
                // the one exception: JUnit's own BOM, for the conformance kit's users
                assertEquals("junit-bom", text(dependency, "artifactId"));
                assertEquals("${junit.version}", text(dependency, "version"));
                assertEquals("pom", text(dependency, "type"));
                assertEquals("import", text(dependency, "scope"));
                junit++;
                continue;
            }
            assertEquals("org.vecnn", text(dependency, "groupId"));
            assertEquals("${project.version}", text(dependency, "version"), text(dependency, "artifactId"));
            assertEquals(null, text(dependency, "scope"), "a BOM entry carries no scope");
            managed.add(text(dependency, "artifactId"));
        }

        assertEquals(1, junit, "the BOM imports JUnit's BOM once");
        assertEquals(deployable, managed);
        assertTrue(managed.contains("vecnn-api") && managed.contains("vecnn-backend-loop"), managed.toString());
    }

    @Test
    void bomHasNoParentAndTheVersionOfTheReactor() throws Exception {
        Element root = read(ROOT.resolve("pom.xml")).getDocumentElement();
        Element bom = read(ROOT.resolve("bom/pom.xml")).getDocumentElement();

        assertEquals(null, child(bom, "parent"), "an imported parent would drag the build's own versions in");
        assertEquals("pom", text(bom, "packaging"));
        assertEquals("vecnn-bom", text(bom, "artifactId"));
        assertEquals(text(root, "version"), text(bom, "version"));
        assertEquals(text(root, "groupId"), text(bom, "groupId"));
    }
}
