package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The BOM has no parent (so that importing it brings in nothing else of vecnn's build), yet it manages the
 * JUnit version the kit is built with: the two poms must name the same version.
 */
class BomVersionsTest {

    private static Element pom(String relative) throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path pom = root.resolve(relative);
        assertTrue(Files.isRegularFile(pom), pom + " is missing");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    private static String property(Element project, String name) {
        NodeList properties = project.getElementsByTagName("properties");
        for (int i = 0; i < properties.getLength(); i++) {
            NodeList values = ((Element) properties.item(i)).getElementsByTagName(name);
            if (values.getLength() > 0) {
                return values.item(0).getTextContent().trim();
            }
        }
        return null;
    }

    @Test
    void theBomManagesTheJunitVersionOfTheBuild() throws Exception {
        Element parent = pom("pom.xml");
        Element bom = pom("bom/pom.xml");
        String built = property(parent, "junit.version");
        assertNotNull(built, "the parent pom has no junit.version");
        assertEquals(built, property(bom, "junit.version"), "bom/pom.xml's junit.version must equal the parent's, "
                + "the version the conformance kit is built and tested with");
        NodeList artifacts = bom.getElementsByTagName("artifactId");
        boolean importsJunit = false;
        for (int i = 0; i < artifacts.getLength(); i++) {
            importsJunit |= artifacts.item(i).getTextContent().trim().equals("junit-bom");
        }
        assertTrue(importsJunit, "bom/pom.xml must import org.junit:junit-bom");
    }
}
