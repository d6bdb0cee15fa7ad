package org.vecnn.backend.loop.internal;

/** Whether the running JVM has the Vector API ({@code --add-modules jdk.incubator.vector}). */
final class VectorModule {
    static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorModule() {
    }
}
