package org.vecnn.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The OpenBLAS core type in effect ({@code openblas_get_corename()}: the kernels OpenBLAS chose for this CPU,
 * or the ones {@code OPENBLAS_CORETYPE} forced) of the {@code org.bytedeco:openblas} library, the one ND4J
 * loads too. The javacpp preset does not map the function, so it is called through the JDK's foreign linker:
 * this class is loaded only when the JVM has {@code jdk.incubator.foreign}, and the call needs
 * {@code --enable-native-access=ALL-UNNAMED}.
 */
final class OpenBlasCore {
    private OpenBlasCore() {
    }

    /**
     * @return the core name, e.g. "Haswell" or "Cooperlake"
     * @throws IllegalCallerException when the JVM was not started with --enable-native-access
     * @throws IllegalStateException when the library or the symbol cannot be found
     */
    static String name() throws Throwable {
        Loader.load(openblas_nolapack.class);
        Pointer symbol = Loader.addressof("openblas_get_corename");
        if (symbol == null || symbol.isNull()) {
            throw new IllegalStateException("openblas_get_corename is not in the loaded OpenBLAS");
        }
        MethodHandle corename = CLinker.getInstance().downcallHandle(MemoryAddress.ofLong(symbol.address()),
                MethodType.methodType(MemoryAddress.class), FunctionDescriptor.of(CLinker.C_POINTER));
        return CLinker.toJavaString((MemoryAddress) corename.invokeExact());
    }
}
