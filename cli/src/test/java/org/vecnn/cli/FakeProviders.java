package org.vecnn.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.BackendUnavailableException;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/** Providers that the cli must report faithfully: one that cannot run here, one that computes wrongly. */
final class FakeProviders {
    private FakeProviders() {
    }

    /** Never available, like cuda on a machine without a GPU. */
    static final class Offline implements BackendProvider {
        @Override
        public String name() {
            return "offline";
        }

        @Override
        public int priority() {
            return 900;
        }

        @Override
        public ProbeResult probe() {
            return ProbeResult.unavailable("no accelerator in this machine", "run it where there is one");
        }

        @Override
        public Backend create() {
            throw new BackendUnavailableException("offline: no accelerator in this machine");
        }
    }

    /** The loop backend with one fault: dense layers ignore their activation, so A = Z. */
    static final class ActivationIgnoring implements BackendProvider {
        @Override
        public String name() {
            return "no-activation";
        }

        @Override
        public int priority() {
            return -1;
        }

        @Override
        public ProbeResult probe() {
            return ProbeResult.available("loop with the activation dropped");
        }

        @Override
        public Backend create() {
            Backend loop = Cli.discovered("loop").create();
            return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("name")) {
                            return name();
                        }
                        if (method.getName().equals("dense")) {
                            args[2] = Activation.LINEAR;
                        }
                        return invoke(loop, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
