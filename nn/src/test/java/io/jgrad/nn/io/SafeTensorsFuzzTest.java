package io.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Fuzzes the reader: whatever the bytes, it either returns tensors that survive a re-encoding
 * or throws {@link SafeTensorsFormatException} with a message; any other exception, an
 * out-of-memory error or a hang is a finding. Without {@code JAZZER_FUZZ} the normal build only
 * replays the seeds under {@code SafeTensorsFuzzTestInputs/<method>/}; see nn/FUZZING.md.
 */
class SafeTensorsFuzzTest {

    /** Whole files, the length field included. */
    @FuzzTest(maxDuration = "10m")
    void readsOrRejects(byte[] file) throws Exception {
        check(file);
    }

    /**
     * The first byte is the data length {@code d}, the last {@code d} bytes the data, and the
     * bytes between them the header, whose length field is filled in here: mutating the JSON
     * then never breaks the length field, so the fuzzer spends its time in the header checks.
     */
    @FuzzTest(maxDuration = "10m")
    void readsOrRejectsHeaders(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int dataLength = Math.min(input[0] & 0xFF, input.length - 1);
        byte[] header = Arrays.copyOfRange(input, 1, input.length - dataLength);
        byte[] data = Arrays.copyOfRange(input, input.length - dataLength, input.length);
        check(ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array());
    }

    private static void check(byte[] file) throws SafeTensorsFormatException {
        SafeTensorsContent content;
        try {
            content = SafeTensors.fromBytes(file);
        } catch (SafeTensorsFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an exception without a message");
            return;
        }
        SafeTensorsContent again = SafeTensors.fromBytes(SafeTensors.toBytes(content.tensors(), content.metadata()));
        SafeTensorsRoundTripTest.assertSame(content.tensors(), content.metadata(), again);
    }
}
