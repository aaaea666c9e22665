package io.jgrad.examples.mnist;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * Asks the JVM to give unused heap back to the system promptly while training.
 *
 * <p>A training step allocates a few large tensors (activations and gradients, several MB
 * each) and drops them at the next step. G1 allocates arrays this large outside its young
 * generation and, by default, keeps up to 70% of the heap free after a collection, so the
 * CNN's resident set grew to 1.4–6 GB although it never holds more than a few hundred MB.
 * Keeping at most 20% free (10% at least) holds it under 1 GB, and was not slower. The
 * settings are HotSpot's manageable {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio}, so
 * the documented {@code java -jar} command needs no extra flag; values given on the command
 * line are left alone.
 */
final class CompactHeap {
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";

    private CompactHeap() {
    }

    /** Applies the settings; does nothing on a JVM without them or where they were set by hand. */
    static void request() {
        HotSpotDiagnosticMXBean vm;
        try {
            vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (IllegalArgumentException | LinkageError notHotSpot) {
            return;
        }
        if (vm == null || !isDefault(vm, MIN) || !isDefault(vm, MAX)) {
            return;
        }
        // Lower the minimum first: the JVM refuses a maximum below the current minimum.
        vm.setVMOption(MIN, "10");
        vm.setVMOption(MAX, "20");
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean vm, String name) {
        try {
            VMOption option = vm.getVMOption(name);
            return option.isWriteable() && option.getOrigin() == VMOption.Origin.DEFAULT;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
