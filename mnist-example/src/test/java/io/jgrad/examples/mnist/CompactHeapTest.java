package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class CompactHeapTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void keepsAtMostAFifthOfTheHeapFreeWhenTheDefaultsWereInForce() {
        VMOption before = vm.getVMOption("MaxHeapFreeRatio");
        CompactHeap.request();
        VMOption min = vm.getVMOption("MinHeapFreeRatio");
        VMOption max = vm.getVMOption("MaxHeapFreeRatio");
        if (before.getOrigin() == VMOption.Origin.DEFAULT) {
            assertEquals("10", min.getValue());
            assertEquals("20", max.getValue());
            assertEquals(VMOption.Origin.MANAGEMENT, max.getOrigin());
        } else {
            // Set on the command line or by an earlier call: left as it was.
            assertEquals(before.getValue(), max.getValue());
        }
        CompactHeap.request();
        assertEquals(max.getValue(), vm.getVMOption("MaxHeapFreeRatio").getValue(), "a second call changes nothing");
    }
}
