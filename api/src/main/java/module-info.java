/**
 * The vecnn api: the contract users program against and the SPI that backends implement.
 */
module org.vecnn.api {
    // FloatLaneActivations: used only where the JVM has the module (FloatActivationPass checks)
    requires static jdk.incubator.vector;

    exports org.vecnn;
    exports org.vecnn.spi;

    uses org.vecnn.spi.BackendProvider;
}
