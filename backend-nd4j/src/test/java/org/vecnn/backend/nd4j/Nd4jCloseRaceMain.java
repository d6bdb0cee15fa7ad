package org.vecnn.backend.nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;

/**
 * The reproduction of issue 15's crash (not a test: a crash would take the test JVM with it; the kit's race
 * group is the test). Eight threads call {@code forward} on one 784→256 sigmoid layer with batch-64 inputs while
 * the main thread closes the backend, the layer or the shared input; each result is checked bitwise against a
 * single-threaded run. Prints one line of counts; a call still running 30 s after the close is reported as a
 * hang and the JVM is halted. Run in a child JVM per round:
 * {@code java -cp <test class path> org.vecnn.backend.nd4j.Nd4jCloseRaceMain backend|layer|input [rounds]}.
 */
public final class Nd4jCloseRaceMain {
    private static final int THREADS = 8;

    private Nd4jCloseRaceMain() {
    }

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "backend";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        AtomicInteger correct = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicReference<String> firstOther = new AtomicReference<>();
        AtomicReference<String> firstWrong = new AtomicReference<>();
        for (int round = 0; round < rounds; round++) {
            Backend backend = new Nd4jBackend();
            SplittableRandom random = new SplittableRandom(round);
            float[] w = new float[784 * 256];
            float[] x = new float[64 * 784];
            float[] b = new float[256];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextDouble(-1, 1) / 28);
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble(-1, 1);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextDouble(-1, 1);
            }
            DenseLayer layer = backend.dense(backend.matrix(784, 256, w), backend.matrix(1, 256, b), Activation.SIGMOID);
            Matrix input = backend.matrix(64, 784, x);
            double[] expected;
            try (Matrix out = layer.forward(input)) {
                expected = out.toDoubleArray();
            }
            CountDownLatch started = new CountDownLatch(THREADS);
            Thread[] threads = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++) {
                threads[t] = new Thread(() -> {
                    started.countDown();
                    for (int call = 0; call < 2000; call++) {
                        try (Matrix out = layer.forward(input)) {
                            double[] got = out.toDoubleArray();
                            if (Arrays.equals(got, expected)) {
                                correct.incrementAndGet();
                            } else {
                                wrong.incrementAndGet();
                                int i = 0;
                                while (Double.doubleToLongBits(got[i]) == Double.doubleToLongBits(expected[i])) {
                                    i++;
                                }
                                firstWrong.compareAndSet(null, "element " + i + " is " + got[i] + ", expected "
                                        + expected[i]);
                            }
                        } catch (IllegalStateException e) {
                            refused.incrementAndGet();
                            return;
                        } catch (Throwable e) {
                            other.incrementAndGet();
                            firstOther.compareAndSet(null, e.toString());
                            return;
                        }
                    }
                }, "race-" + t);
                threads[t].setDaemon(true);
                threads[t].start();
            }
            started.await();
            Thread.sleep(20);
            switch (target) {
                case "layer":
                    layer.close();
                    break;
                case "input":
                    input.close();
                    break;
                default:
                    backend.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    System.out.println("HANG: " + t.getName() + " still running 30 s after closing the " + target
                            + ": " + Arrays.toString(t.getStackTrace()));
                    Runtime.getRuntime().halt(3);
                }
            }
            backend.close();
        }
        System.out.println("close " + target + ", " + rounds + " rounds: correct " + correct + ", "
                + "IllegalStateException " + refused + ", wrong " + wrong + (firstWrong.get() == null ? ""
                        : " (first: " + firstWrong.get() + ")") + ", other exceptions " + other
                + (firstOther.get() == null ? "" : " (first: " + firstOther.get() + ")"));
        System.exit(wrong.get() + other.get() == 0 ? 0 : 1);
    }
}
