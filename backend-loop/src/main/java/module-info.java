/**
 * The plain-Java backends {@code loop} and {@code loop-naive}. The Vector API is optional: the SIMD kernels
 * are used when the JVM runs with {@code --add-modules jdk.incubator.vector}, scalar kernels otherwise.
 */
module org.vecnn.backend.loop {
    requires transitive org.vecnn.api;
    requires org.vecnn.simd;
    requires static jdk.incubator.vector;

    exports org.vecnn.backend.loop;

    provides org.vecnn.spi.BackendProvider with
            org.vecnn.backend.loop.LoopBackendProvider,
            org.vecnn.backend.loop.LoopNaiveBackendProvider;
}
