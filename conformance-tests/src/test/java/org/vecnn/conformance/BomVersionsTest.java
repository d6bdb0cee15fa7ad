package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM has no parent (so that importing it brings in nothing else of vecnn's build), yet it manages the
 * JUnit version the kit is built with: the two poms must name the same version.
 */
class BomVersionsTest {
    private static final Pattern JUNIT_VERSION = Pattern.compile("<junit\\.version>\\s*([^<\\s]+)\\s*</junit\\.version>");

    private static String pom(String relative) throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path pom = root.resolve(relative);
        assertTrue(Files.isRegularFile(pom), pom + " is missing");
        return Files.readString(pom, StandardCharsets.UTF_8);
    }

    private static String junitVersion(String pom, String which) {
        Matcher m = JUNIT_VERSION.matcher(pom);
        assertTrue(m.find(), which + " has no <junit.version> property");
        return m.group(1);
    }

    @Test
    void theBomManagesTheJunitVersionOfTheBuild() throws Exception {
        String parent = pom("pom.xml");
        String bom = pom("bom/pom.xml");
        assertEquals(junitVersion(parent, "pom.xml"), junitVersion(bom, "bom/pom.xml"), "bom/pom.xml's junit.version "
                + "must equal the parent's, the version the conformance kit is built and tested with");
        assertTrue(bom.contains("<artifactId>junit-bom</artifactId>") && bom.contains("<scope>import</scope>"),
                "bom/pom.xml must import org.junit:junit-bom");
    }

    @Test
    void theBomBuildsWithTheParentsPluginVersions() throws Exception {
        String parent = pom("pom.xml");
        String bom = pom("bom/pom.xml");
        String[][] plugins = {
            {"maven-install-plugin", "install-plugin.version"}, {"maven-deploy-plugin", "deploy-plugin.version"},
            {"flatten-maven-plugin", "flatten-plugin.version"},
        };
        for (String[] plugin : plugins) {
            Matcher property = Pattern.compile("<" + Pattern.quote(plugin[1]) + ">\\s*([^<\\s]+)\\s*</").matcher(parent);
            assertTrue(property.find(), "pom.xml has no " + plugin[1]);
            Matcher pinned = Pattern.compile("<artifactId>" + Pattern.quote(plugin[0])
                    + "</artifactId>\\s*<version>\\s*([^<\\s]+)\\s*</version>").matcher(bom);
            assertTrue(pinned.find(), "bom/pom.xml must pin " + plugin[0]);
            assertEquals(property.group(1), pinned.group(1), "bom/pom.xml's " + plugin[0] + " must be the parent's "
                    + plugin[1]);
        }
    }
}
