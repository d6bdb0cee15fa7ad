package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar forensics behind vecnn backends, on jars packed by the test. */
class ShadowedBuildsTest {
    private static final Class<?> PROVIDER = FakeProviders.Offline.class;

    @Test
    void twoBuildsOfOneProviderClassInTwoJarsAreReportedByJar(@TempDir Path dir) throws IOException {
        Path first = providerJar(dir.resolve("backend-1.0.jar"), "no accelerator in this machine");
        // the same class, another build: one string constant differs, as in another version of the jar
        Path second = providerJar(dir.resolve("backend-1.1.jar"), "no ACCELERATOR in this machine");
        try (URLClassLoader loader = new URLClassLoader(urls(first, second), null)) {
            List<String> others = ShadowedBuilds.of(loader, PROVIDER.getName(), first.toUri().toURL().toString());

            assertEquals(1, others.size(), others.toString());
            assertTrue(others.get(0).endsWith("backend-1.1.jar"), others.toString());
        }
    }

    @Test
    void anIdenticalCopyOfAProviderJarIsNotReported(@TempDir Path dir) throws IOException {
        Path first = providerJar(dir.resolve("backend.jar"), "no accelerator in this machine");
        Path copy = Files.copy(first, dir.resolve("lib-backend.jar")); // e.g. again through a manifest Class-Path
        try (URLClassLoader loader = new URLClassLoader(urls(first, copy), null)) {
            assertEquals(List.of(), ShadowedBuilds.of(loader, PROVIDER.getName(), first.toUri().toURL().toString()));
        }
    }

    @Test
    void aSourceThatIsNoRootOfTheClassClaimsNothing(@TempDir Path dir) throws IOException {
        Path first = providerJar(dir.resolve("a.jar"), "no accelerator in this machine");
        Path second = providerJar(dir.resolve("b.jar"), "no ACCELERATOR in this machine");
        try (URLClassLoader loader = new URLClassLoader(urls(first, second), null)) {
            assertEquals(List.of(), ShadowedBuilds.of(loader, PROVIDER.getName(), "registered by a test"));
        }
    }

    private static URL[] urls(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return urls;
    }

    /** A jar holding the provider's class file with its constant "no accelerator in this machine" replaced. */
    private static Path providerJar(Path jar, String constant) throws IOException {
        byte[] original;
        try (InputStream in = PROVIDER.getResourceAsStream(PROVIDER.getName()
                .substring(PROVIDER.getPackageName().length() + 1) + ".class")) {
            original = in.readAllBytes();
        }
        byte[] from = "no accelerator in this machine".getBytes(StandardCharsets.UTF_8);
        byte[] to = constant.getBytes(StandardCharsets.UTF_8);
        assertEquals(from.length, to.length, "the replacement keeps the constant's length");
        byte[] changed = original.clone();
        int at = -1;
        for (int i = 0; i + from.length <= changed.length && at < 0; i++) {
            if (Arrays.equals(changed, i, i + from.length, from, 0, from.length)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "the constant is in " + PROVIDER.getName());
        System.arraycopy(to, 0, changed, at, to.length);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(PROVIDER.getName().replace('.', '/') + ".class"));
            out.write(changed);
            out.closeEntry();
        }
        return jar;
    }
}
