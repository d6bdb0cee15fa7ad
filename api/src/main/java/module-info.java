/**
 * The vecnn api: the contract users program against and the SPI that backends implement.
 */
module org.vecnn.api {
    exports org.vecnn;
    exports org.vecnn.spi;

    uses org.vecnn.spi.BackendProvider;
}
