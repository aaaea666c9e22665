package io.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A file written by PyTorch's own safetensors writer (torch 2.13, see
 * {@code interop/make_pytorch_file.py} beside the file) loads here with the values the
 * script put in, which this test states again from their closed forms.
 */
class PyTorchInteropTest {
    private static SafeTensorsContent load() throws IOException {
        try (InputStream in = PyTorchInteropTest.class.getResourceAsStream("interop/pytorch-made.safetensors")) {
            return SafeTensors.fromBytes(in.readAllBytes());
        }
    }

    @Test
    void aFileWrittenByPyTorchLoads() throws IOException {
        SafeTensorsContent content = load();
        Map<String, Tensor> t = content.tensors();
        assertEquals(List.of("0.bias", "0.weight", "brain", "double", "half", "scalar"),
                t.keySet().stream().sorted().toList());
        float[] weight = new float[12];
        for (int i = 0; i < 12; i++) {
            weight[i] = i / 4f - 1;
        }
        assertEquals(Shape.of(3, 4), t.get("0.weight").shape());
        assertArrayEquals(weight, t.get("0.weight").toArray());
        assertArrayEquals(new float[] {0.5f, -0.25f, 1e-3f}, t.get("0.bias").toArray());
        // float16 holds these exactly, 2^-24 being its smallest subnormal.
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, (float) Math.pow(2, -24)}, t.get("half").toArray());
        // bfloat16 keeps 8 bits of mantissa: 3 and -0.15625 exactly.
        assertEquals(Shape.of(1, 2), t.get("brain").shape());
        assertArrayEquals(new float[] {3f, -0.15625f}, t.get("brain").toArray());
        // float64 is rounded to the nearest float; -1e-300 underflows to -0.0.
        assertArrayEquals(new float[] {0.1f, -0f}, t.get("double").toArray());
        assertEquals(Shape.scalar(), t.get("scalar").shape());
        assertEquals(7f, t.get("scalar").item());
        assertEquals("pt", content.metadata().get("format"));
        assertTrue(content.metadata().get("origin").startsWith("torch 2."), content.metadata().toString());
    }
}
