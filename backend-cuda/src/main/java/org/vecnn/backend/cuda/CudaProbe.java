package org.vecnn.backend.cuda;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vecnn.spi.ProbeResult;

/**
 * The availability check, run at most once per JVM (JCuda's native libraries can be loaded only once, so a
 * second attempt would only see "Could not initialize class"), and the translation of loading failures
 * into reasons a user understands.
 */
final class CudaProbe {
    static final String DRIVER_HINT = "install the NVIDIA driver (R525 or newer, for CUDA 12) on a machine with "
            + "an NVIDIA GPU of compute capability 7.5 or newer; until then vecnn uses a CPU backend";
    private static final Pattern MISSING_LIBRARY = Pattern.compile("(lib[\\w.+-]+\\.so[.\\d]*): cannot open shared "
            + "object file");
    private static final Pattern UNDEFINED_SYMBOL = Pattern.compile("undefined symbol: (\\w+)");

    private static final Object LOCK = new Object();
    private static final ContextHandover<CudaContext> PROBED = new ContextHandover<>();
    private static volatile ProbeResult cached;

    private CudaProbe() {
    }

    /** @return the cached outcome of probing the GPU named by the system properties; never throws */
    static ProbeResult probe() {
        ProbeResult result = cached;
        if (result == null) {
            synchronized (LOCK) {
                result = cached;
                if (result == null) {
                    result = run();
                    cached = result;
                }
            }
        }
        return result;
    }

    private static ProbeResult run() {
        try {
            String os = System.getProperty("os.name", "?");
            String arch = System.getProperty("os.arch", "?");
            if (!isLinuxX64(os, arch)) {
                return ProbeResult.unavailable("this build ships JCuda's native libraries for linux-x86_64 only; "
                        + "this JVM runs on " + os + "/" + arch, "use a CPU backend on this platform");
            }
            CudaSettings settings = CudaSettings.fromSystemProperties();
            CudaContext context = CudaContext.open(settings);
            PROBED.offer(settings, context);
            return ProbeResult.available(context.description());
        } catch (CudaUnavailableException e) {
            return ProbeResult.unavailable(e.reason(), e.hint());
        } catch (LinkageError e) {
            return ProbeResult.unavailable(driverLoadFailure(e), hintFor(e));
        } catch (Throwable t) {
            return ProbeResult.failed("probing the GPU", t, "report this with the output of "
                    + "`vecnn backends` (JAVA_OPTS=-Dvecnn.cli.stacktrace=true adds the stack trace)");
        }
    }

    /**
     * Opens the GPU for a new backend, reusing the context the probe opened when it was opened for the same
     * settings and no backend has taken it yet.
     *
     * @throws CudaUnavailableException with a reason and hint when the GPU cannot be used
     * @throws LinkageError when JCuda's native library cannot be loaded
     */
    static CudaContext open(CudaSettings settings) {
        CudaContext probed = PROBED.take(settings);
        return probed != null ? probed : CudaContext.open(settings);
    }

    static boolean isLinuxX64(String os, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return os.toLowerCase(Locale.ROOT).startsWith("linux") && (a.equals("amd64") || a.equals("x86_64"));
    }

    /**
     * Explains why JCuda's driver binding could not be loaded.
     *
     * @param failure what loading {@code jcuda.driver.JCudaDriver} threw
     * @return a reason such as {@code "libcuda.so.1 not found: no NVIDIA driver installed"}
     */
    static String driverLoadFailure(Throwable failure) {
        String text = fullText(failure);
        if (text.contains("libcuda.so.1: cannot open shared object file") || text.contains("libcuda.so.1 not")) {
            return "libcuda.so.1 not found: no NVIDIA driver installed";
        }
        Matcher symbol = UNDEFINED_SYMBOL.matcher(text);
        if (symbol.find()) {
            return "the installed libcuda.so.1 lacks " + symbol.group(1) + ": the NVIDIA driver is older than the "
                    + "CUDA 12.0 this backend needs";
        }
        Matcher library = MISSING_LIBRARY.matcher(text);
        if (library.find()) {
            return library.group(1) + " not found, which JCuda's driver library needs";
        }
        if (text.contains("jcuda/") && (failure instanceof NoClassDefFoundError) && !text.contains("initialize")) {
            return "JCuda is not on the class path (org.jcuda:jcuda " + jcudaVersion() + ")";
        }
        if (text.contains("Could not initialize class jcuda")) {
            return "JCuda's driver library failed to load earlier in this JVM: " + firstLine(text);
        }
        if (text.contains("Error while loading native library") || failure instanceof UnsatisfiedLinkError) {
            return "JCuda's native library libJCudaDriver-" + jcudaVersion() + "-linux-x86_64.so could not be "
                    + "loaded: " + firstLine(text);
        }
        return "loading JCuda failed: " + firstLine(text);
    }

    private static String hintFor(Throwable failure) {
        String reason = driverLoadFailure(failure);
        if (reason.startsWith("JCuda is not on the class path") || reason.startsWith("JCuda's native library")) {
            return "add org.jcuda:jcuda and org.jcuda:jcuda-natives (classifier linux-x86_64) " + jcudaVersion()
                    + "; vecnn-backend-cuda depends on both";
        }
        return DRIVER_HINT;
    }

    /**
     * Explains why a library needed only on a fallback path (JCuda's PTX compiler) could not be loaded.
     *
     * @return e.g. {@code "libnvptxcompiler.so not found"}
     */
    static String optionalLoadFailure(Throwable failure) {
        String text = fullText(failure);
        Matcher library = MISSING_LIBRARY.matcher(text);
        if (library.find()) {
            return library.group(1) + " not found";
        }
        Matcher symbol = UNDEFINED_SYMBOL.matcher(text);
        if (symbol.find()) {
            return "undefined symbol " + symbol.group(1);
        }
        return firstLine(text);
    }

    private static String fullText(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }

    private static String jcudaVersion() {
        return "12.6.0";
    }
}
