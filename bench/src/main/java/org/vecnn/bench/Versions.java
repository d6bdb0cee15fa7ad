package org.vecnn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Versions of the libraries on the class path, for the reports: from the pom.properties that Maven puts in a
 * jar, or from the git.properties that some libraries ship (fat jars often drop META-INF/maven).
 */
final class Versions {
    private Versions() {
    }

    /**
     * @param group a Maven group id
     * @param artifact a Maven artifact id
     * @return the version of that artifact's jar on the class path, or {@code "unknown"}
     */
    static String of(String group, String artifact) {
        String v = property("META-INF/maven/" + group + "/" + artifact + "/pom.properties", "version");
        if (v == null) {
            // Eclipse Deeplearning4j jars (ND4J) carry their version here.
            v = property("org/eclipse/" + group + "-" + artifact + "-git.properties", "git.build.version");
        }
        return v == null ? "unknown" : v;
    }

    private static String property(String resource, String key) {
        ClassLoader loader = Versions.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty(key);
            }
        } catch (IOException ignored) {
            // a version is a label in a report; missing it is not an error
        }
        return null;
    }
}
