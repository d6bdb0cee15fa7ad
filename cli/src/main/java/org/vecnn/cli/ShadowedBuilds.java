package org.vecnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jar forensics of {@code vecnn backends}: other builds of a provider class elsewhere on the class path.
 * ServiceLoader loads a class once, so the same provider class in a second jar (two versions of a backend, or a
 * fat jar of another build beside the backend's own jar) is silently shadowed; this finds it by comparing the
 * class files byte for byte. Identical copies (the same jar twice, e.g. once more through a manifest Class-Path)
 * are one provider and are not reported.
 */
final class ShadowedBuilds {
    private ShadowedBuilds() {
    }

    /**
     * @param loader the class loader the provider was discovered through
     * @param className the provider's class name
     * @param source where the loaded copy came from (a jar or folder URL, as {@code BackendInfo.source()})
     * @return the other class path roots (jars, folders) holding a different class file of that name; empty
     *     when there is none or it cannot be told which copy was loaded
     */
    static List<String> of(ClassLoader loader, String className, String source) {
        String resource = className.replace('.', '/') + ".class";
        List<String> others = new ArrayList<>();
        try {
            Map<String, URL> roots = new LinkedHashMap<>();
            Enumeration<URL> found = loader.getResources(resource);
            while (found.hasMoreElements()) {
                URL url = found.nextElement();
                String text = url.toString();
                String root = text.startsWith("jar:") && text.contains("!/") ? text.substring(4, text.indexOf("!/"))
                        : text.endsWith(resource) ? text.substring(0, text.length() - resource.length()) : text;
                roots.putIfAbsent(root, url);
            }
            URL own = roots.entrySet().stream().filter(e -> comparable(e.getKey()).equals(comparable(source)))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (own == null) {
                return List.of();
            }
            byte[] loaded = bytes(own);
            for (Map.Entry<String, URL> e : roots.entrySet()) {
                if (e.getValue() != own && !Arrays.equals(loaded, bytes(e.getValue()))) {
                    others.add(e.getKey());
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // cannot look: no duplicate is claimed
        }
        return others;
    }

    private static byte[] bytes(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false); // a cached JarFile would stay open
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String comparable(String location) {
        try {
            URI uri = new URI(location);
            return "file".equals(uri.getScheme()) ? Path.of(uri).normalize().toString() : location;
        } catch (URISyntaxException | RuntimeException e) {
            return location;
        }
    }
}
